"""Command-line front-end: a thin adapter over the use-case functions."""
