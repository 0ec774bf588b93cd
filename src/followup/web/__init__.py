"""The web UI: server-rendered pages (Jinja2) with htmx, one module per page in pages/."""
