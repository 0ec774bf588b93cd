"""The web adapters (FastAPI): thin layers over the services."""
