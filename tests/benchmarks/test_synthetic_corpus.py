"""The scale benchmark's synthetic corpus (benchmarks/synthetic_corpus.py) and its stand-in
embedder (benchmarks/standin_embedder.py): deterministic, the asked size, readable by
Quipu's own reader and manifest reader, and not copied from the real corpus."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import numpy as np
import pytest

from quipu.ingest import load_manifest, read_document
from quipu.search.embedder import Embedder

REPO = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO / "benchmarks"
CORPUS = REPO.parent / "shared" / "corpus"


def _load(name: str):
    """A benchmarks/ module (benchmarks/ is not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module  # dataclasses, and pickling for the worker processes, look it up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


synthetic = _load("synthetic_corpus")
standin = _load("standin_embedder")


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """About 300,000 characters in documents of about 30,000."""
    folder = tmp_path_factory.mktemp("synthetic")
    return synthetic.write_corpus(folder, 300, seed=0, chars_per_document=30_000)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first = synthetic.write_corpus(tmp_path / "a", 60, seed=4, chars_per_document=8_000)
    second = synthetic.write_corpus(tmp_path / "b", 60, seed=4, chars_per_document=8_000)
    other = synthetic.write_corpus(tmp_path / "c", 60, seed=5, chars_per_document=8_000)
    assert _files(first.folder) == _files(second.folder)
    assert _files(first.folder) != _files(other.folder)
    assert (first.documents, first.characters, first.bytes) == (second.documents, second.characters, second.bytes)


def test_worker_processes_write_the_same_bytes(tmp_path):
    alone = synthetic.write_corpus(tmp_path / "one", 120, seed=2, chars_per_document=6_000, workers=1)
    shared = synthetic.write_corpus(tmp_path / "two", 120, seed=2, chars_per_document=6_000, workers=2)
    assert alone.documents >= 8
    assert _files(alone.folder) == _files(shared.folder)


def test_size_and_returned_info(small_corpus):
    info = small_corpus
    assert 0.95 * 300_000 <= info.characters <= 1.15 * 300_000
    assert info.characters == sum(len(p.read_text(encoding="utf-8")) for p in info.paths)
    assert info.bytes == sum(p.stat().st_size for p in info.paths)
    assert info.documents == len(info.paths) >= 6
    assert {p.suffix for p in info.paths} <= {".md", ".txt"}
    assert info.manifest == info.folder / "manifest.toml"
    # documents of about 30,000 characters, ±50%, except a few tiny ones and the last
    sizes = sorted(len(p.read_text(encoding="utf-8")) for p in info.paths)
    assert sum(1 for s in sizes if 13_000 <= s <= 50_000) >= len(sizes) - 3


def test_large_documents_by_default(tmp_path):
    info = synthetic.write_corpus(tmp_path, 400, seed=1)
    assert 1 <= info.documents <= 5
    assert info.characters >= 390_000


def test_manifest_is_read_by_quipus_reader(small_corpus):
    from quipu.ingest.extract import gazetteer

    metas = load_manifest(small_corpus.folder)
    names = {p.name for p in small_corpus.paths}
    assert metas and set(metas) <= names
    gaz = gazetteer.load()
    for meta in metas.values():
        assert meta.language in ("es", "en")
        assert meta.year is None or 2008 <= meta.year <= 2026
        assert meta.type is None or meta.type in {g[0] for g in synthetic.GENRES}
        for region in meta.regions or ():
            assert gaz.lookup(region) is not None, region  # extraction resolves manifest regions
        for subject in meta.subjects or ():
            assert gaz.lookup(subject) is not None, subject


def test_documents_are_read_into_passages_with_tables(small_corpus):
    metas = load_manifest(small_corpus.folder)
    kinds: set[str] = set()
    suffixes: set[str] = set()
    for path in small_corpus.paths:
        document = read_document(path, metas.get(path.name))
        assert document.passages
        assert all(document.text[p.start : p.end] == p.text for p in document.passages)
        kinds |= {p.kind for p in document.passages}
        suffixes.add(path.suffix)
        if path.suffix == ".md":
            assert any(p.section for p in document.passages)
    assert kinds == {"text", "table"}
    assert suffixes == {".md", ".txt"}


def test_text_looks_like_the_genre(small_corpus):
    text = "\n".join(p.read_text(encoding="utf-8") for p in small_corpus.paths)
    assert re.search(r"\bOEI\.\d\d\b", text) and re.search(r"\bAEI\.\d\d\.\d\d\b", text)
    assert re.search(r"Ley N[°º.]{1,2}\s?\d{5}", text) or re.search(r"Ley No\. \d{5}", text)
    assert re.search(r"Decreto Supremo N\S{0,2}\s?\d{3}-20\d\d-[A-Z]+", text)
    assert "Dirección Regional de Trabajo y Promoción del Empleo de " in text
    assert "\t" in text and "\n| " in text and "\n## " in text
    assert len(set(re.findall(r"\w+", text.lower()))) > 3_000  # not a tiny vocabulary


def test_no_eight_word_run_is_copied_from_the_real_corpus(small_corpus):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    words = re.compile(r"\w+")

    def runs(text: str) -> set[str]:
        tokens = words.findall(text)
        return {" ".join(tokens[i : i + 8]) for i in range(len(tokens) - 7)}

    real: set[str] = set()
    for path in CORPUS.iterdir():
        if path.is_file() and path.name != "manifest.toml":
            real |= runs(path.read_text(encoding="utf-8", errors="replace").lower())
    # Official names of real bodies and services, and norm citations (type, number, year:
    # random numbers may hit a real norm), are shared by design; nothing else may be.
    citation = re.compile(
        r"\b(?:ley|decreto supremo|decreto de urgencia|d\.s\.|r\.m\.|resoluci[oó]n(?: [a-záéíóú]+){1,3}"
        r"|ordenanza regional)\s+(?:n[°º]|no\.|n\.°)\s*[\w/.-]+"
    )
    names = sorted({n.lower() for n in synthetic.OFFICIAL_NAMES}, key=len, reverse=True)
    shared: set[str] = set()
    for path in small_corpus.paths:
        text = citation.sub(" ÑNORMAÑ ", " ".join(path.read_text(encoding="utf-8").lower().split()))
        for name in names:
            text = text.replace(name, " ÑNOMBREÑ ")
        shared |= runs(text) & real
    assert not shared, sorted(shared)[:20]


def test_cli_prints_one_line(tmp_path, capsys):
    synthetic.main([str(tmp_path / "out"), "--passages", "20", "--seed", "3"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "documents" in lines[0] and "MB/s" in lines[0]
    assert (tmp_path / "out" / "manifest.toml").is_file()


# ---- the stand-in embedder ------------------------------------------------------------

PASSAGES = [
    "La Bolsa de Trabajo de Puno colocó a 320 jóvenes en empleos formales durante 2019.",
    "En Puno, la bolsa de trabajo logró colocar a jóvenes en empleos formales.",
    "Presupuesto institucional modificado de la unidad ejecutora por genérica de gasto.",
    "",
]


def test_standin_embedder_shape_norm_and_protocol():
    embedder = standin.StandInEmbedder()
    assert isinstance(embedder, Embedder)
    assert embedder.name == "standin-hash-384" and embedder.dimension == 384 and embedder.multilingual is False
    vectors = embedder.embed_passages(PASSAGES, batch_size=2, progress=True)
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_passages([]).shape == (0, 384)
    query = embedder.embed_query(PASSAGES[0])
    assert query.shape == (384,) and query.dtype == np.float32
    assert np.allclose(query, vectors[0], atol=1e-6)


def test_standin_embedder_is_deterministic():
    first = standin.StandInEmbedder().embed_passages(PASSAGES)
    second = standin.StandInEmbedder().embed_passages(list(reversed(PASSAGES)))[::-1]
    assert np.array_equal(first, second)


def test_standin_embedder_puts_similar_texts_closer():
    a, b, c, _ = standin.StandInEmbedder().embed_passages(PASSAGES)
    assert a @ b > 0.3
    assert a @ b > a @ c + 0.2
