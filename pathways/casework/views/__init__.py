"""The casework pages, one module per part of the domain."""
