"""The results pages, one module per feature; `results/urls.py` names each view."""
