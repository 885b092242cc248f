"""Extraction: norms, institutions, programmes, services, regions and indicators from passages."""
