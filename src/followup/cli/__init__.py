"""The command line: a thin adapter over the services (Typer + Rich)."""
