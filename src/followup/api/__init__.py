"""The HTTP adapters' shared core and the REST API under /api (FastAPI)."""
