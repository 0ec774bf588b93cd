"""followup: no customer relationship falls through the cracks."""

__version__ = "0.1.0"
