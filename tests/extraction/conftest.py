"""Fixtures of the extraction tests: small invented documents, one passage per paragraph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quipu.ingest.models import Document, DocumentMeta, Passage


def paragraph_document(text: str) -> Document:
    """A document of ``text`` with one passage per paragraph, so the first one is its opening."""
    passages, start = [], 0
    for ordinal, block in enumerate(text.split("\n\n")):
        passages.append(Passage(id=f"t#{ordinal}", document_id="t", ordinal=ordinal, text=block, start=start, end=start + len(block)))
        start += len(block) + 2
    return Document(id="t", path=Path("t.txt"), sha256="", media_type="text/plain", text=text, meta=DocumentMeta(), passages=passages)


@pytest.fixture(scope="session")
def paragraphs() -> Callable[[str], Document]:
    return paragraph_document
