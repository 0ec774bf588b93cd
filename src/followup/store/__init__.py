"""Persistence: SQLAlchemy tables, queries and Alembic migrations. Knows no HTTP or terminal."""
