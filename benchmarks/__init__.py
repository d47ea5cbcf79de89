"""Benchmarks: fill a database in bulk (bulk.py) and time the app against it."""
