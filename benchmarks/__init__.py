"""Benchmarks of followup: a deterministic dataset generator and `make bench`."""
