"""Renderers and parsers of the formats followup reads and writes."""
