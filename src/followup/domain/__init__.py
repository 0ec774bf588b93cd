"""The pure domain: concepts as dataclasses and rules as functions. No I/O, no clock."""
