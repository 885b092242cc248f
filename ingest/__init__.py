"""Documents in: reading, cleaning and splitting files into passages.

This is the most upstream package, so the settings and the error hierarchy that every
other part of Quipu uses live here too.
"""

from .documents import discover, document_id, read_document, sha256_file
from .manifest import load_manifest
from .models import Document, DocumentMeta, Passage
from .readers import SUPPORTED_SUFFIXES

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Document",
    "DocumentMeta",
    "Passage",
    "discover",
    "document_id",
    "load_manifest",
    "read_document",
    "sha256_file",
]
