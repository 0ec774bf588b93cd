"""Web adapters: thin layers over the services (FastAPI)."""
