"""Ingest on hostile and damaged input: every failure is one file's, limits hold, ids never
collide, and damaged data is found, reported by file name and rolled back."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from quipu.core.errors import StoreError
from quipu.core.settings import Settings
from quipu.workspace.datadir import DataDir
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

GOOD = {
    "plan.txt": "PLAN REGIONAL DE EMPLEO\n\nEl gobierno regional promueve la formación técnica de jóvenes.\n",
    "informe.md": "# Informe anual\n\nLa oficina de empleo atendió a 1 240 personas durante el año.\n",
}
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
    '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx_bytes(document_xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in GOOD.items():
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def stored(settings: Settings) -> set[str]:
    return set(DataDir(settings.data_dir).current().state().documents)


BROKEN = {
    # a zip whose document part is not well-formed XML (lxml's XMLSyntaxError)
    "roto.docx": docx_bytes("<w:document><w:body><w:p>sin cerrar"),
    # a zip cut in half
    "cortado.docx": docx_bytes(DOCUMENT_XML.format(body=paragraph("Texto de prueba."))) [:300],
    # not a zip at all
    "falso.docx": b"%PDF-1.4 esto no es un documento de Word",
    # garbage with a PDF name
    "basura.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 20,
    # binary junk with an HTML name
    "binario.html": bytes(range(256)) * 40,
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_named_and_the_others_are_ingested(tmp_path, folder, embedder, name):
    (folder / name).write_bytes(BROKEN[name])
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder)
    report = ingest(settings, embedder=embedder)
    assert [error.path.name for error in report.failed] == [name]
    assert stored(settings) == {"plan", "informe"} == set(report.added)


@pytest.mark.parametrize(
    ("name", "content", "limit", "message"),
    [
        # 3 MB of repeated XML in a zip of a few kilobytes: refused before parsing
        ("bomba.docx", docx_bytes(DOCUMENT_XML.format(body=paragraph("empleo " * 40) * 10_000)),
         {"max_unpacked_bytes": 1_000_000}, "QUIPU_MAX_UNPACKED_BYTES"),
        # more text than one document may have
        ("largo.txt", ("La oficina de empleo atiende. " * 200).encode(), {"max_text_chars": 1_000},
         "QUIPU_MAX_TEXT_CHARS"),
    ],
    ids=["zip bomb", "too much text"],
)
def test_expansion_limits_refuse_a_file_quickly(tmp_path, folder, embedder, name, content, limit, message):
    (folder / name).write_bytes(content)
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder, **limit)
    began = time.monotonic()
    report = ingest(settings, embedder=embedder)
    assert time.monotonic() - began < 60
    assert len(report.failed) == 1 and message in report.failed[0].message and name in report.failed[0].message
    assert stored(settings) == {"plan", "informe"}


def test_a_pdf_past_the_page_limit_is_refused(tmp_path, folder, embedder):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=200, height=200)
    with (folder / "paginas.pdf").open("wb") as out:
        writer.write(out)
    report = ingest(Settings(data_dir=tmp_path / "data", corpus_dir=folder, max_pages=2), embedder=embedder)
    assert "QUIPU_MAX_PAGES" in report.failed[0].message


def test_mostly_utf8_text_keeps_its_accents_and_reports_the_bad_bytes(tmp_path, folder, embedder):
    text = "Formación técnica y promoción del empleo en la región; atención a jóvenes.\n"
    (folder / "mixto.txt").write_bytes(text.encode("utf-8") + b"\xff\xfe basura \xff\n" + text.encode("utf-8"))
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder)
    report = ingest(settings, embedder=embedder)
    assert report.ok and any("mixto.txt" in w and "not UTF-8" in w for w in report.warnings)
    passages = Workspace(settings, embedder=embedder).search("promoción del empleo", 3, mode="lexical").hits
    assert any("Formación técnica" in h.record.text for h in passages)


def test_windows_1252_text_is_still_read_as_such(tmp_path, folder, embedder):
    (folder / "antiguo.txt").write_bytes("Promoción del empleo y capacitación laboral.\n".encode("cp1252"))
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder)
    assert ingest(settings, embedder=embedder).ok
    texts = [h.record.text for h in Workspace(settings, embedder=embedder).search("capacitación", 3, mode="lexical").hits]
    assert any("capacitación" in t for t in texts)


NAMES = ["x y.txt", "x-y.txt", "x_y.txt", "X Y.txt", "Обзор.txt", "Σχέδιο.txt", "计划.txt"]


def test_file_names_that_fold_alike_never_lose_a_document(tmp_path, folder, embedder):
    for i, name in enumerate(NAMES):
        (folder / name).write_text(f"Documento número {i} sobre empleo juvenil y formación.\n", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder)
    report = ingest(settings, embedder=embedder)
    assert len(report.added) == len(NAMES) + len(GOOD) == len(stored(settings))
    assert len(set(report.added)) == len(report.added)
    # The ids are stable: a second run changes nothing, and a new look-alike file leaves them alone.
    first = stored(settings)
    assert ingest(settings, embedder=embedder).changed is False
    (folder / "x.y.txt").write_text("Otro documento más sobre empleo.\n", encoding="utf-8")
    third = ingest(settings, embedder=embedder)
    assert len(third.added) == 1 and first < stored(settings)


# ------------------------------------------------------------------ damaged data


def _two_generations(tmp_path: Path, folder: Path, embedder) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder)
    ingest(settings, embedder=embedder)
    (folder / "nuevo.txt").write_text("Un documento nuevo sobre la bolsa de trabajo.\n", encoding="utf-8")
    ingest(settings, embedder=embedder)
    return settings


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("part", ["index/passages.jsonl", "index/dense.faiss", "state.json", "graph"])
def test_a_damaged_generation_is_named_and_the_previous_one_served(tmp_path, folder, embedder, part):
    settings = _two_generations(tmp_path, folder, embedder)
    data = DataDir(settings.data_dir)
    current, previous = data.current(), data.previous()
    target = current.path / part
    if target.is_dir():  # the graph store: damage its largest data file
        target = max((p for p in target.iterdir() if p.suffix in (".sst", ".log")), key=lambda p: p.stat().st_size)
    _flip(target)
    workspace = Workspace(settings, embedder=embedder)
    assert workspace.generation == previous.name
    assert any(target.name in problem for problem in workspace.damaged)
    assert workspace.search("formación técnica", 1).hits
    # An ingest refuses to build on damaged data, and says what to do.
    with pytest.raises(StoreError, match="quipu restore"):
        ingest(settings, embedder=embedder)


def test_verify_and_restore_from_the_command_line(tmp_path, folder, embedder):
    settings = _two_generations(tmp_path, folder, embedder)
    data = DataDir(settings.data_dir)
    _flip(data.current().path / "index" / "passages.jsonl")
    env = {"QUIPU_DATA_DIR": str(settings.data_dir), "HF_HUB_OFFLINE": "1"}

    def quipu(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "quipu.api.cli", *args], env=env, capture_output=True, text=True)

    checked = quipu("verify")
    assert checked.returncode == 1 and "passages.jsonl" in checked.stdout
    assert quipu("restore").returncode == 0
    assert quipu("verify").returncode == 0


def test_damage_without_a_previous_generation_is_an_error_naming_the_file(tmp_path, folder, embedder):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=folder)
    ingest(settings, embedder=embedder)
    _flip(DataDir(settings.data_dir).current().path / "index" / "dense.faiss")
    with pytest.raises(StoreError, match="dense.faiss"):
        Workspace(settings, embedder=embedder).search("empleo", 1)
