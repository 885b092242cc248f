"""PDFs as they are published: layout, ruled tables across pages, two columns, rotation,
passwords, metadata, scans read by OCR, and damaged pages.

Every PDF here is written by the test (tests/ingest/pdfs.py), so what Quipu reads is
checked against what was written.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from quipu.core.errors import DocumentError
from quipu.ingest import DocumentMeta, read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.ocr import NoOcr, find_engine, repair
from quipu.ingest.readers import read_source
from quipu.ingest.table import find_tables

_spec = importlib.util.spec_from_file_location("pdfs", Path(__file__).with_name("pdfs.py"))
pdfs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdfs)  # type: ignore[union-attr]  # a spec of an existing .py file has a loader

HAS_TESSERACT = not isinstance(find_engine(), NoOcr)
needs_ocr = pytest.mark.skipif(not HAS_TESSERACT, reason="Tesseract with its Spanish model is not installed (make install does it)")

ROWS = 40  # enough rows that the table runs onto a second page


def indicator_table() -> list[list[str]]:
    rows = [["Indicador", "Unidad de medida", "Línea de base 2019", "Meta 2020", "Meta 2021"]]
    for i in range(1, ROWS + 1):
        rows.append([f"Personas colocadas en un empleo formal por la agencia {i}", "Persona", str(500 + i), str(600 + i), str(700 + i)])
    return rows


PLAN = [
    ("h1", "Plan de empleo juvenil de la región 2020-2021"),
    ("p", "El plan ordena las acciones de la dirección regional para mejorar la inserción laboral de los jóvenes."),
    ("h2", "Matriz de indicadores"),
    ("table", indicator_table()),
    ("p", "La matriz se revisa cada año con los gobiernos locales."),
]


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plan")
    return pdfs.document_pdf(folder / "plan.pdf", PLAN, title="Plan de empleo juvenil 2020-2021", author="Dirección Regional de Trabajo")


def test_pages_keep_their_numbers_and_lose_running_headers(plan_pdf: Path) -> None:
    document = read_document(plan_pdf)
    assert len(document.page_starts or []) >= 2
    # The running header and the bare page numbers are furniture, not text.
    assert "Informe de prueba" not in document.text
    assert not any(line.strip().isdigit() for line in document.text.splitlines())
    last = next(p for p in document.passages if "gobiernos locales" in p.text)
    assert last.page == len(document.page_starts)


def test_passages_know_where_they_sit_on_their_page(plan_pdf: Path) -> None:
    document = read_document(plan_pdf)
    width, height = pdfs.A4
    for passage in document.passages:
        assert passage.bbox is not None, passage.text[:40]
        x0, top, x1, bottom = passage.bbox
        assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height
    first, last = document.passages[0], document.passages[-1]
    # The title opens the first page; the closing paragraph is one line high.
    assert first.bbox[1] < 150
    assert last.bbox[3] - last.bbox[1] < 20


def test_a_ruled_table_across_two_pages_is_one_table_with_its_cells(plan_pdf: Path) -> None:
    document = read_document(plan_pdf)
    tables = [t for t in find_tables(document.text) if t.meaningful]
    assert len(tables) == 1
    table = tables[0]
    assert [c.text for c in table.header] == ["Indicador", "Unidad de medida", "Línea de base 2019", "Meta 2020", "Meta 2021"]
    # The header repeated on the second page is not a row.
    assert len(table.rows) == ROWS
    assert [c.text for c in table.rows[-1].cells] == [f"Personas colocadas en un empleo formal por la agencia {ROWS}", "Persona", "540", "640", "740"]


def test_the_table_gives_every_value(plan_pdf: Path) -> None:
    facts = extract_facts(read_document(plan_pdf))
    values = {(o.period, o.raw) for o in facts.observations}
    assert len(facts.observations) == 3 * ROWS
    assert ("2019", "517") in values and ("2021", "740") in values


def test_metadata_gives_title_and_author_and_the_manifest_wins(plan_pdf: Path) -> None:
    own = read_document(plan_pdf)
    assert own.meta.title == "Plan de empleo juvenil 2020-2021"
    assert own.meta.author == "Dirección Regional de Trabajo"
    assert own.meta.year is not None
    given = read_document(plan_pdf, DocumentMeta(title="Título del manifiesto", year=2020))
    assert (given.meta.title, given.meta.year, given.meta.author) == ("Título del manifiesto", 2020, "Dirección Regional de Trabajo")


def test_a_borderless_table_with_wrapped_centred_cells_gives_every_value(tmp_path: Path) -> None:
    # No rules: rows are told apart by the space between them, the code and figures
    # centred beside a name wrapped over several lines, under a two-line header.
    rows = [["Código", "Indicador", "Línea de base 2019", "Meta 2020", "Meta 2021"]]
    for i in range(1, 13):
        name = "Personas colocadas en un empleo formal" if i % 2 else "Empresas que registran vacantes en la bolsa de trabajo del centro regional"
        rows.append([f"IND.{i:02d}", name, str(500 + i), str(600 + i), str(700 + i)])
    path = pdfs.document_pdf(tmp_path / "sin-bordes.pdf", [("h1", "Plan de empleo"), ("p", "Matriz del plan."), ("borderless", rows)])
    document = read_document(path)
    assert "IND.02\tEmpresas que registran vacantes en la bolsa de trabajo del centro regional\t502\t602\t702" in document.text
    facts = extract_facts(document)
    assert len(facts.observations) == 3 * 12


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Informe anual de empleo", True),
        # Word processors put the file name where the title goes.
        ("Microsoft Word - informe_final.docx", False),
        ("plan-2024.pdf", False),
        ("escaneo_0042", False),  # the file's own name, as scanners write it
        # Placeholders are not titles.
        ("Untitled", False),
        ("Sin título", False),
    ],
)
def test_file_names_and_placeholders_are_not_titles(tmp_path: Path, title: str, kept: bool) -> None:
    path = pdfs.document_pdf(tmp_path / "escaneo_0042.pdf", [("h1", "Encabezado del documento"), ("p", "Texto del documento de prueba.")], title=title)
    meta = read_source(path).meta
    assert (meta.title == title) is kept


def test_two_columns_are_read_left_column_first(tmp_path: Path) -> None:
    left = [f"Columna izquierda, párrafo {i}: la oficina atiende consultas de empleo y capacitación todos los días hábiles." for i in range(1, 5)]
    right = [f"Columna derecha, párrafo {i}: el servicio registra las vacantes que las empresas publican cada semana." for i in range(1, 5)]
    path = pdfs.two_column_pdf(tmp_path / "cols.pdf", "Boletín del servicio de empleo", left, right)
    text = read_document(path).text
    order = [text.find(f"Columna izquierda, párrafo {i}") for i in range(1, 5)] + [text.find(f"Columna derecha, párrafo {i}") for i in range(1, 5)]
    assert all(position >= 0 for position in order)
    assert order == sorted(order)
    # A paragraph wrapped inside its column is one line again.
    assert "la oficina atiende consultas de empleo y capacitación todos los días hábiles." in text


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_rotated_page_is_read(tmp_path: Path, rotation: int) -> None:
    path = pdfs.rotated_pdf(tmp_path / "rot.pdf", ["Cuadro apaisado de metas del servicio", "Meta anual de colocaciones: 1200"], rotation)
    text = read_document(path).text
    assert "Cuadro apaisado de metas del servicio" in text
    assert "Meta anual de colocaciones: 1200" in text


def test_a_password_protected_pdf_is_refused_by_name(tmp_path: Path, plan_pdf: Path) -> None:
    path = pdfs.encrypted_pdf(plan_pdf, tmp_path / "cerrado.pdf")
    with pytest.raises(DocumentError) as caught:
        read_source(path)
    assert caught.value.path == path
    assert "password" in caught.value.reason


def test_pages_are_reported_as_they_are_read(plan_pdf: Path) -> None:
    seen: list[tuple[int, int]] = []
    source = read_source(plan_pdf, on_page=lambda done, total: seen.append((done, total)))
    assert seen == [(n, len(source.pages)) for n in range(1, len(source.pages) + 1)]


def test_a_page_that_fails_is_named_and_the_others_kept(plan_pdf: Path, monkeypatch) -> None:
    from quipu.ingest import pdf

    real = pdf._page_content

    def failing(page):
        if page.page_number == 2:
            raise ValueError("damaged content stream")
        return real(page)

    monkeypatch.setattr(pdf, "_page_content", failing)
    source = read_source(plan_pdf)
    assert source.pages[1] == ""
    assert "Plan de empleo juvenil" in source.pages[0]
    assert any("page 2" in w and "damaged content stream" in w for w in source.warnings)


# --- scans ------------------------------------------------------------------------------------

RESOLUTION = [
    ("h1", "RESOLUCIÓN DIRECTORAL REGIONAL N° 027-2019-GR-AREQUIPA/DRTPE"),
    ("p", "Arequipa, 14 de marzo de 2019"),
    ("p", "VISTO: el informe de la Dirección de Promoción del Empleo y Formación Profesional sobre el plan del año."),
    ("p", "SE RESUELVE:"),
    ("p", "Artículo Primero.- APROBAR el Plan Operativo Institucional 2019 de la Dirección Regional de Trabajo y Promoción del Empleo de Arequipa."),
    ("p", "Artículo Segundo.- Disponer la publicación de la presente resolución en el portal institucional."),
]


@pytest.fixture(scope="module")
def scanned_resolution(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scan")
    source = pdfs.document_pdf(folder / "typed.pdf", RESOLUTION)
    return pdfs.scanned_pdf(source, folder / "resolucion.pdf")


def test_a_scan_has_no_text_layer_to_read(scanned_resolution: Path) -> None:
    with pytest.raises(DocumentError, match="no text layer on any page and no OCR: Tesseract is absent here"):
        read_source(scanned_resolution, ocr=NoOcr("Tesseract is absent here"))


@needs_ocr
def test_ocr_reads_the_words_and_marks_the_passages(scanned_resolution: Path) -> None:
    document = read_document(scanned_resolution)
    for phrase in ("SE RESUELVE", "Plan Operativo Institucional 2019", "Arequipa, 14 de marzo de 2019"):
        assert phrase in document.text
    assert all(p.ocr_confidence is not None and 0.5 < p.ocr_confidence <= 1 for p in document.passages)


@needs_ocr
def test_a_scanned_resolution_gives_its_norm_its_date_and_what_it_approves(scanned_resolution: Path) -> None:
    facts = extract_facts(read_document(scanned_resolution))
    norms = [e for e in facts.entities.values() if e.type == "norm"]
    assert [(n.attributes["number"], n.attributes["year"], n.attributes.get("date")) for n in norms] == [("27", 2019, "2019-03-14")]
    approvals = {(l.subject, l.object) for l in facts.links if l.predicate == "approvedBy"}
    assert ("plan/poi-2019", norms[0].key) in approvals


@needs_ocr
def test_without_ocr_a_mixed_pdf_keeps_its_text_pages_and_names_the_skipped_ones(tmp_path: Path, plan_pdf: Path, scanned_resolution: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(plan_pdf).pages[0])
    writer.add_page(PdfReader(scanned_resolution).pages[0])
    mixed = tmp_path / "mixto.pdf"
    with open(mixed, "wb") as handle:
        writer.write(handle)
    skipped = read_source(mixed, ocr=NoOcr("Tesseract is not installed"))
    assert "Plan de empleo juvenil" in skipped.pages[0] and skipped.pages[1] == ""
    assert any("(2)" in w and "Tesseract is not installed" in w for w in skipped.warnings)
    read = read_source(mixed)
    assert list(read.ocr_pages) == [2] and "SE RESUELVE" in read.pages[1]


@pytest.mark.parametrize(
    ("ocr", "repaired"),
    [
        # The sign of "número" misread before a number.
        ("RESOLUCIÓN N* 045-2016", "RESOLUCIÓN N° 045-2016"),
        ("Decreto Supremo N? 001-2012-TR", "Decreto Supremo N° 001-2012-TR"),
        ("Ley N º 28806", "Ley N° 28806"),
        # Not before a number: left alone.
        ("N* de beneficiarios", "N* de beneficiarios"),
    ],
)
def test_ocr_repairs_the_number_sign(ocr: str, repaired: str) -> None:
    assert repair(ocr) == repaired


def test_tesseract_missing_is_explained() -> None:
    if shutil.which("tesseract"):
        engine = find_engine("off")
        assert isinstance(engine, NoOcr) and engine.reason == "OCR is off (QUIPU_OCR=off)"
    else:
        engine = find_engine()
        assert isinstance(engine, NoOcr) and "apt-get install tesseract-ocr" in engine.reason
