"""Orchestration above ``graph`` and ``search``: the ingest pipeline that feeds both,
the data directory's generations, and the workspace that opens the current one.

``api`` (HTTP, CLI, web pages) drives Quipu only through this package.
"""
