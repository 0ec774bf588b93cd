"""Renderers and parsers of file formats other tools read (iCalendar, ...)."""
