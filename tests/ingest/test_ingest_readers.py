"""Readers: each format comes out as pages of text in ingest's light Markdown convention."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from quipu.core.errors import DocumentError
from quipu.ingest.readers import SUPPORTED_SUFFIXES, html_to_text, read_source


def test_supported_suffixes_cover_the_documented_formats():
    assert {".txt", ".md", ".pdf", ".html", ".htm", ".docx"} <= SUPPORTED_SUFFIXES


@pytest.mark.parametrize(
    ("name", "data", "expected", "media_type"),
    [
        # The common case: UTF-8 text is read as is.
        pytest.param("a.txt", "Promoción del empleo".encode(), "Promoción del empleo", "text/plain", id="utf8"),
        # A byte-order mark is not text.
        pytest.param("b.txt", "\ufeffAño".encode(), "Año", "text/plain", id="utf8-bom"),
        # Old Windows files: "ó" is one byte 0xF3, invalid UTF-8, valid Windows-1252.
        pytest.param("c.txt", "Promoción “laboral”".encode("cp1252"), "Promoción “laboral”", "text/plain", id="cp1252"),
        pytest.param("d.md", b"# Title\n\nBody", "# Title\n\nBody", "text/markdown", id="markdown"),
    ],
)
def test_text_files_are_decoded(tmp_path, name, data, expected, media_type):
    path = tmp_path / name
    path.write_bytes(data)
    source = read_source(path)
    assert source.pages == [expected]
    assert source.media_type == media_type
    assert source.has_pages is False


def test_pdf_gives_one_string_per_page(tmp_path, make_pdf):
    path = tmp_path / "two.pdf"
    path.write_bytes(make_pdf([["First page text", "second line"], ["Second page text"]]))
    source = read_source(path)
    assert source.has_pages is True
    assert source.media_type == "application/pdf"
    assert len(source.pages) == 2
    assert "First page text" in source.pages[0] and "second line" in source.pages[0]
    assert "Second page text" in source.pages[1]
    assert "Second page" not in source.pages[0]


def test_html_headings_tables_and_breaks():
    html = """<html><head><title>t</title><style>p {color: red}</style></head><body>
      <h1>Informe</h1><p>Primer   párrafo
      en dos líneas.</p><script>var x = 1;</script>
      <h3>Tabla</h3>
      <table><tr><th>Región</th><th>Meta</th></tr><tr><td>Ica</td><td>10<br>personas</td></tr></table>
      <ul><li>uno</li><li>dos</li></ul><p>línea<br>partida &amp; más</p></body></html>"""
    text = html_to_text(html)
    lines = text.split("\n")
    assert lines[0] == "# Informe"
    assert "Primer párrafo en dos líneas." in lines
    assert "### Tabla" in lines
    assert "Región\tMeta" in lines
    assert "Ica\t10 personas" in lines  # a <br> inside a cell must not split the row
    assert "- uno" in lines and "- dos" in lines
    assert "línea" in lines and "partida & más" in lines
    assert "color" not in text and "var x" not in text and "<" not in text


def test_html_file(tmp_path):
    path = tmp_path / "page.htm"
    path.write_text("<h2>Objetivos</h2><p>Texto.</p>", encoding="utf-8")
    source = read_source(path)
    assert source.media_type == "text/html"
    assert source.pages == ["## Objetivos\n\nTexto."]


def test_markdown_reads_the_html_tables_it_embeds(tmp_path):
    # Markdown allows raw HTML blocks: an exported report may carry its tables as <table>
    path = tmp_path / "informe.md"
    path.write_text(
        "## Resultados\n\nCuadro 1. Colocados por región\n\n<table>\n<tr><th>Región</th><th>Colocados</th></tr>\n"
        "<tr><td>Ica</td><td>1 204</td></tr>\n</table>\n\nEl texto **sigue**.\n",
        encoding="utf-8",
    )
    text = read_source(path).pages[0]
    assert "Región\tColocados" in text.split("\n") and "Ica\t1 204" in text.split("\n")
    assert "<t" not in text and "El texto **sigue**." in text  # the rest stays Markdown


def test_docx_keeps_headings_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_heading("Presentación", level=1)
    document.add_paragraph("Primer párrafo.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([("Región", "Meta"), ("Ica", "10")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_heading("Objetivos", level=2)
    document.add_paragraph("Segundo párrafo.")
    path = tmp_path / "doc.docx"
    document.save(path)
    source = read_source(path)
    assert source.pages == [
        "# Presentación\n\nPrimer párrafo.\n\nRegión\tMeta\nIca\t10\n\n## Objetivos\n\nSegundo párrafo."
    ]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        # Users point ingest at folders with all sorts of files: say which types work.
        pytest.param("notes.odt", b"whatever", "unsupported file type '.odt'", id="unsupported-suffix"),
        pytest.param("empty.txt", b"", "empty file", id="empty-file"),
        pytest.param("blank.md", b"  \n\n \t\n", "no text", id="only-whitespace"),
        # A binary file with a text suffix must not be indexed as garbage.
        pytest.param("data.txt", bytes(range(256)) * 4, "not a text file", id="binary-as-text"),
        pytest.param("ctrl.txt", bytes([0x81, 0x8D, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06] * 20), "undecodable", id="undecodable"),
        pytest.param("broken.pdf", b"%PDF-1.4\n\x00\xff garbage \x13\x37" * 20, "not a readable PDF", id="garbage-pdf"),
        pytest.param("broken.docx", b"PK\x03\x04 not really a zip", "not a readable .docx", id="corrupt-docx"),
    ],
)
def test_errors_name_the_file_and_the_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read_source(path)
    assert caught.value.path == path
    assert reason in caught.value.reason
    assert name in str(caught.value)


def test_scanned_pdf_without_text_layer_says_to_run_ocr(tmp_path, make_pdf):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(DocumentError, match="no text on any page"):
        read_source(path)


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_source(tmp_path / "absent.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("texto")
    path.chmod(0)
    try:
        with pytest.raises(DocumentError, match="permission denied"):
            read_source(path)
    finally:
        path.chmod(0o644)


def test_suffix_is_case_insensitive(tmp_path):
    path = Path(tmp_path / "UPPER.TXT")
    path.write_text("Hola")
    assert read_source(path).pages == ["Hola"]
