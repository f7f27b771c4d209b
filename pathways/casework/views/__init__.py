"""Casework pages, one module per part of the domain."""
