"""Spreadsheets and CSV files are documents whose sheets are tables: an annex of
indicators gives the same values as the same table printed in a PDF."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest

from quipu.core.errors import DocumentError
from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.readers import read_source
from quipu.ingest.sheets import cell_text
from quipu.ingest.table import find_tables

_spec = importlib.util.spec_from_file_location("pdfs", Path(__file__).with_name("pdfs.py"))
pdfs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdfs)  # type: ignore[union-attr]  # a spec of an existing .py file has a loader

# An annex as ministries publish it: a merged "Metas" header over one column per year.
ANNEX = [
    ["Indicador", "Unidad de medida", "Línea de base", "Metas", None, None],
    [None, None, "2022", "2023", "2024", "2025"],
    ["Personas inscritas en la bolsa de trabajo", "Persona", 1200, 1500, 1800, 2100],
    ["Empresas que publican vacantes en el portal", "Empresa", 85, 100, 120, 140],
    ["Jóvenes con certificado laboral", "Persona", 310, 400, 450, 500],
]
MERGED = {"Anexo 2": ["D1:F1", "A1:A2", "B1:B2"]}


def _values(path: Path) -> set[tuple[str, str, str]]:
    facts = extract_facts(read_document(path))
    return {(facts.entities[o.indicator].label, o.period or "", re.sub(r"\s", "", o.raw)) for o in facts.observations}


@pytest.fixture()
def annex(tmp_path: Path) -> Path:
    return pdfs.workbook(tmp_path / "anexo.xlsx", {"Anexo 2": ANNEX, "Notas": [["Fuente: registros administrativos"]]}, MERGED)


def test_a_sheet_is_a_heading_and_tab_separated_rows(annex: Path) -> None:
    text = read_source(annex).text
    assert text.startswith("# Anexo 2\n\n")
    lines = text.splitlines()
    # A merged cell keeps its text in its first column; the columns it covers stay empty.
    assert "Indicador\tUnidad de medida\tLínea de base\tMetas" in lines
    assert "\t\t2022\t2023\t2024\t2025" in lines
    assert "# Notas" in text


def test_an_annex_with_merged_headers_gives_its_values(annex: Path) -> None:
    values = _values(annex)
    assert len(values) == 12
    assert ("Personas inscritas en la bolsa de trabajo", "2025", "2100") in values
    assert ("Empresas que publican vacantes en el portal", "2022", "85") in values


def test_the_same_annex_as_a_pdf_table_gives_the_same_values(annex: Path, tmp_path: Path) -> None:
    rows = [["Indicador", "Unidad de medida", "Línea de base 2022", "Meta 2023", "Meta 2024", "Meta 2025"]]
    rows += [[str(c) for c in row] for row in ANNEX[2:]]
    pdf = pdfs.document_pdf(tmp_path / "anexo.pdf", [("h1", "Anexo 2"), ("table", rows)])
    assert _values(pdf) == _values(annex)


def test_hidden_sheets_are_left_out(tmp_path: Path) -> None:
    import openpyxl

    path = pdfs.workbook(tmp_path / "libro.xlsx", {"Datos": [["Región", "Meta"], ["Cusco", 10]], "Tablas": [["clave", "valor"]]})
    book = openpyxl.load_workbook(path)
    book["Tablas"].sheet_state = "hidden"
    book.save(path)
    assert "clave" not in read_source(path).text


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.35, "0%", "35%"),  # a percentage is shown as one
        (0.125, "0.0%", "12.5%"),
        (1500, "General", "1500"),
        (1500.0, "#,##0", "1500"),  # a float that is a whole number has no ".0"
        (12.75, "General", "12.75"),
        (dt.datetime(2024, 3, 1), "dd/mm/yyyy", "2024-03-01"),
        (None, "General", ""),
        ("  Meta\n anual ", "General", "Meta anual"),  # line breaks inside a cell
    ],
)
def test_cells_read_as_they_show(value, number_format: str, shown: str) -> None:
    assert cell_text(value, number_format) == shown


@pytest.mark.parametrize(
    ("content", "rows"),
    [
        # Spanish spreadsheets export with semicolons (the comma is the decimal mark).
        ("Indicador;Meta 2024\nPersonas atendidas;1 500\nTasa de inserción;45,5%\n", [["Indicador", "Meta 2024"], ["Personas atendidas", "1 500"], ["Tasa de inserción", "45,5%"]]),
        ("Indicador,Meta 2024\n\"Personas atendidas, total\",1500\n", [["Indicador", "Meta 2024"], ["Personas atendidas, total", "1500"]]),
        ("Indicador\tMeta 2024\nPersonas atendidas\t1500\n", [["Indicador", "Meta 2024"], ["Personas atendidas", "1500"]]),
    ],
)
def test_csv_files_are_tables_whatever_their_delimiter(tmp_path: Path, content: str, rows: list[list[str]]) -> None:
    path = tmp_path / "anexo.csv"
    path.write_text(content, encoding="utf-8")
    table = find_tables(read_source(path).text)[0]
    assert [[c.text for c in table.header]] + [[c.text for c in r.cells] for r in table.rows] == rows


def test_a_damaged_workbook_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "roto.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(DocumentError) as caught:
        read_source(path)
    assert caught.value.path == path
