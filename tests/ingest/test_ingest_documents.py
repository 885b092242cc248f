"""The public entry points: ids, discovery, manifests, reading a whole document."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import quipu.ingest as ingest
from quipu.core.errors import DocumentError
from quipu.ingest import (
    SUPPORTED_SUFFIXES,
    Document,
    DocumentMeta,
    discover,
    document_id,
    load_manifest,
    read_document,
    sha256_file,
)
from quipu.ingest.manifest import guess_title


def test_public_names_are_exported():
    for name in ("read_document", "discover", "document_id", "load_manifest", "Document", "Passage",
                 "DocumentMeta", "SUPPORTED_SUFFIXES", "sha256_file"):
        assert hasattr(ingest, name), name
    assert ingest.__doc__.startswith("Documents in")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("mtpe-evaluacion-poi-2024.txt", "mtpe-evaluacion-poi-2024", id="already-a-slug"),
        # Accents fold, case folds, anything else becomes one hyphen.
        pytest.param("Evaluación POI (2024) – Versión Final.PDF", "evaluacion-poi-2024-version-final", id="accents-spaces"),
        pytest.param("Año_ÑANDÚ.docx", "ano-nandu", id="enie"),
        pytest.param("###.txt", "document", id="nothing-left"),
    ],
)
def test_document_id(name, expected):
    assert document_id(Path("/any/folder") / name) == expected


def test_discover(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.txt", "a.md", "sub/c.pdf", "sub/d.HTML", "notes.odt", ".secret.txt", ".hidden/e.txt", "manifest.toml"):
        (tmp_path / name).write_text("x")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.md", "b.txt", "sub/c.pdf", "sub/d.HTML"]
    # A file named explicitly is returned even when unsupported, so its error gets reported.
    assert discover([tmp_path / "notes.odt", tmp_path / "b.txt", tmp_path / "b.txt"]) == [
        tmp_path / "b.txt", tmp_path / "notes.odt"]
    with pytest.raises(DocumentError, match="no such file or folder"):
        discover([tmp_path / "missing"])


def test_sha256_file(tmp_path):
    path = tmp_path / "f.txt"
    path.write_bytes(b"quipu")
    assert sha256_file(path) == hashlib.sha256(b"quipu").hexdigest()


def test_read_document_end_to_end(tmp_path):
    path = tmp_path / "Informe Final.md"
    path.write_text(
        "# Informe **final**\n\nTexto de la promo-\nción del empleo.\n\n## Metas\n\nRegión\tMeta\nIca\t10\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert isinstance(document, Document)
    assert document.id == "informe-final"
    assert document.media_type == "text/markdown"
    assert document.sha256 == sha256_file(path)
    assert document.meta == DocumentMeta(title="Informe final")  # guessed; language stays None
    assert "promoción" in document.text
    assert document.page_starts is None
    assert [(p.kind, p.section) for p in document.passages] == [
        ("text", ("Informe final",)),
        ("table", ("Informe final", "Metas")),
    ]
    assert all(document.text[p.start:p.end] == p.text for p in document.passages)


def test_read_document_keeps_manifest_meta_and_guesses_missing_title(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Un título corto\n\nTexto del documento.")
    meta = DocumentMeta(title="Dado", publisher=("OIT",), year=2011, language="es")
    assert read_document(path, meta).meta == meta
    assert read_document(path, DocumentMeta(year=2011)).meta == DocumentMeta(title="Un título corto", year=2011)


def test_read_document_pdf_has_pages(tmp_path, make_pdf):
    path = tmp_path / "two.pdf"
    path.write_bytes(make_pdf([["Primera pagina del informe."], ["Segunda pagina del informe."]]))
    document = read_document(path, target_chars=50)
    assert document.page_starts is not None and len(document.page_starts) == 2
    assert [p.page for p in document.passages] == [1, 2]


def test_read_document_without_passages(tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("Página 1\n\nPágina 2\n")
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.path == path and "no text" in caught.value.reason


def test_supported_suffixes_are_discovered(tmp_path):
    for suffix in SUPPORTED_SUFFIXES:
        (tmp_path / f"f{suffix}").write_text("x")
    assert len(discover([tmp_path])) == len(SUPPORTED_SUFFIXES)


MANIFEST = """
[[document]]
file = "a.txt"
title = "Informe A"
publisher = "MTPE"
year = 2013
type = "informe"
language = "es"

[[document]]
file = "b.pdf"
publisher = ["OIT", "PNUD"]
"""


def test_load_manifest(tmp_path):
    (tmp_path / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    assert load_manifest(tmp_path) == {
        "a.txt": DocumentMeta(title="Informe A", publisher=("MTPE",), year=2013, type="informe", language="es"),
        "b.pdf": DocumentMeta(publisher=("OIT", "PNUD")),
    }


def test_manifest_names_what_a_document_is_about(tmp_path):
    (tmp_path / "manifest.toml").write_text(
        '[[document]]\nfile = "a.txt"\nregions = "Puno"\nsubjects = ["MTPE", " "]\n'
        '[[document]]\nfile = "b.txt"\nregions = []\n[[document]]\nfile = "c.txt"\n',
        encoding="utf-8",
    )
    metas = load_manifest(tmp_path)
    assert (metas["a.txt"].regions, metas["a.txt"].subjects) == (("Puno",), ("MTPE",))
    assert (metas["b.txt"].regions, metas["b.txt"].subjects) == ((), None)  # none, and silent
    assert (metas["c.txt"].regions, metas["c.txt"].subjects) == (None, None)
    # An empty list stays "about no region" when a PDF's own metadata fills the other fields.
    assert metas["b.txt"].over(DocumentMeta(title="Del PDF")) == DocumentMeta(title="Del PDF", regions=())


def test_no_manifest_is_fine(tmp_path):
    assert load_manifest(tmp_path) == {}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("[[document]\nfile = 'a'", "not valid TOML", id="bad-toml"),
        pytest.param("document = 'a.txt'", "array of tables", id="not-an-array"),
        pytest.param("[[document]]\ntitle = 'sin archivo'", "has no 'file'", id="no-file"),
        pytest.param("[[document]]\nfile = 'a.txt'\nyear = 'dos mil'", "'year' must be a whole number", id="bad-year"),
        pytest.param("[[document]]\nfile = 'a.txt'\npublisher = 3", "'publisher' must be", id="bad-publisher"),
        pytest.param("[[document]]\nfile = 'a.txt'\nregions = [1]", "'regions' must be", id="bad-regions"),
        pytest.param("[[document]]\nfile = 'a.txt'\n[[document]]\nfile = 'a.txt'", "described twice", id="duplicate"),
    ],
)
def test_bad_manifest_names_the_manifest(tmp_path, content, reason):
    path = tmp_path / "manifest.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_manifest(tmp_path)
    assert caught.value.path == path
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        pytest.param("Portada\n\n# Informe de evaluación\n\nTexto.", "x.md", "Informe de evaluación", id="first-heading"),
        pytest.param("Informe de evaluación 2013\n\nTexto largo.", "x.txt", "Informe de evaluación 2013", id="first-short-line"),
        pytest.param("123\n\n" + "x" * 300, "plan-de-mejora_2015.txt", "Plan de mejora 2015", id="file-name"),
    ],
)
def test_guess_title(text, name, expected):
    assert guess_title(text, Path(name)) == expected


def test_corpus_manifest_matches_its_files(corpus_files):
    folder = corpus_files[0].parent
    metas = load_manifest(folder)
    assert set(metas) <= {p.name for p in corpus_files}
    for path in corpus_files:
        document = read_document(path, metas.get(path.name))
        assert document.meta.title
        assert document.passages
