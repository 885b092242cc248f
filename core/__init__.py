"""What every layer of Quipu shares, beneath them all: settings, the error hierarchy,
text primitives, the ontology's closed namespace and the IRIs Quipu mints.

Nothing here imports from ``quipu.ingest``, ``quipu.graph``, ``quipu.search`` or
``quipu.api``; they import from here.
"""
