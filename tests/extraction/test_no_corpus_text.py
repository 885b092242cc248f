"""The extractors are written for kinds of sentences and tables, never for the corpus.

No run of six words of a corpus document, no corpus file name and no name that only
one corpus document uses may appear in the extraction code (docstrings and comments
included): a pattern is explained with an example of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quipu.core.text import strip_accents

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
CODE = sorted((REPO / "ingest" / "extract").glob("*.py")) + [REPO / "ingest" / "table.py", REPO / "ingest" / "columns.py"]
RUN = 6  # words
# Official names are the sector's vocabulary, not the corpus's sentences: runs that the
# ontology's own files (seed institutions, glossary, regions) contain are allowed.
VOCABULARY = sorted((REPO / "ontology").glob("*.ttl"))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", strip_accents(text.lower()))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.fixture(scope="module")
def corpus_runs() -> set[tuple[str, ...]]:
    if not CORPUS.is_dir():
        pytest.skip("the corpus (../shared/corpus) is not beside the checkout")
    runs: set[tuple[str, ...]] = set()
    for path in CORPUS.iterdir():
        if path.suffix in {".txt", ".md"}:
            runs |= _runs(_words(path.read_text(encoding="utf-8", errors="replace")))
    for path in VOCABULARY:
        runs -= _runs(_words(path.read_text(encoding="utf-8")))
    return runs


@pytest.mark.parametrize("path", CODE, ids=lambda p: p.name)
def test_no_six_word_run_of_the_corpus(path: Path, corpus_runs: set[tuple[str, ...]]) -> None:
    found = _runs(_words(path.read_text(encoding="utf-8"))) & corpus_runs
    assert not found, f"{path.name} quotes the corpus: " + "; ".join(" ".join(r) for r in sorted(found)[:5])


@pytest.mark.parametrize("path", CODE, ids=lambda p: p.name)
def test_no_corpus_file_name(path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("the corpus (../shared/corpus) is not beside the checkout")
    text = path.read_text(encoding="utf-8").lower()
    stems = [p.stem.lower() for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"}]
    assert not [s for s in stems if s in text]
