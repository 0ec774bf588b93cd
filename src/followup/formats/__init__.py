"""Contact file formats: vCard and CSV readers and writers (pure: bytes in, records out)."""
