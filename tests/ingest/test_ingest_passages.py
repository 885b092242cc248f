"""Passages: sized for search, exact offsets, never across sections or table rows."""

from __future__ import annotations

import time

import pytest

from quipu.ingest import read_document
from quipu.ingest.cleaning import clean
from quipu.ingest.passages import split_passages
from quipu.ingest.source import SourceText
from quipu.ingest.structure import parse_blocks


def _split(text: str, target: int = 200, page_starts=None):
    return split_passages("doc", text, parse_blocks(text), target, page_starts)


def check_invariants(text: str, passages, target: int) -> None:
    """What every passage list must satisfy, whatever the document."""
    assert passages, "a document with text has passages"
    previous_end = -1
    for ordinal, passage in enumerate(passages):
        assert passage.text == text[passage.start:passage.end]
        assert passage.text == passage.text.strip() and passage.text
        assert passage.start >= previous_end, "passages do not overlap and come in order"
        previous_end = passage.end
        assert passage.ordinal == ordinal and passage.id == f"{passage.document_id}-{ordinal:04d}"
        assert passage.kind in ("text", "table")
        if passage.kind == "text":
            # Prose is cut at sentences; only a heading on top may push past 2× target.
            assert len(passage.text) <= 2 * target + 200, passage.id
        else:
            rows = passage.text.split("\n")
            # A table passage only grows past the target to keep a row, or a group of rows
            # (a row and its breakdown, up to 2× target), whole.
            assert len(rows) == 1 or len(passage.text) <= target + max(2 * target, *map(len, rows)) + 1
    # No text between passages other than whitespace and headings kept in the path.
    covered = "".join(text[p.start:p.end] for p in passages)
    assert len(covered) >= 0.95 * len("".join(text.split("\n\n")))


FIXTURE = (
    "# Informe\n\n"
    "Introducción breve del informe.\n\n"
    "## 1. Objetivos\n\n"
    + "Primer objetivo del programa con muchas palabras. " * 6
    + "\n\n"
    + "Segundo párrafo sobre el objetivo. " * 3
    + "\n\n## 2. Resultados\n\n"
    "Región\tMeta\tLogro\n" + "\n".join(f"Región {n}\t{n * 10}\t{n * 9}" for n in range(1, 30)) + "\n\n"
    "### 2.1 Conclusión\n\n"
    + "Una frase de conclusión. " * 40
)


def test_fixture_invariants():
    passages = _split(FIXTURE)
    check_invariants(FIXTURE, passages, 200)


def test_passages_never_cross_sections_and_carry_their_title():
    passages = _split(FIXTURE)
    by_section = {}
    for passage in passages:
        by_section.setdefault(passage.section, []).append(passage)
    assert list(by_section) == [
        ("Informe",),
        ("Informe", "1. Objetivos"),
        ("Informe", "2. Resultados"),
        ("Informe", "2. Resultados", "2.1 Conclusión"),
    ]
    for section, group in by_section.items():
        # The first passage of a section starts with its heading line.
        assert group[0].text.startswith("#") and section[-1] in group[0].text.split("\n")[0]
        assert all(not p.text.startswith("#") for p in group[1:])
        for passage in group:
            assert passage.section_title == section[-1]
    # Headings never sit in the middle or at the end of a passage.
    assert all("\n#" not in p.text for p in passages)


def test_table_rows_are_never_split():
    passages = _split(FIXTURE)
    tables = [p for p in passages if p.kind == "table"]
    assert len(tables) >= 2  # 30 rows do not fit one 200-character passage
    rows = [row for p in tables for row in p.text.split("\n") if row and not row.startswith("#")]
    assert rows == ["Región\tMeta\tLogro"] + [f"Región {n}\t{n * 10}\t{n * 9}" for n in range(1, 30)]


def test_huge_table_row_stays_whole():
    text = "A\tB\n" + "x" * 900 + "\ty\nC\tD"
    passages = _split(text)
    assert any(p.text == "x" * 900 + "\ty" for p in passages)


def test_long_paragraph_is_split_between_sentences():
    text = " ".join(f"Esta es la frase número {n} del párrafo largo." for n in range(60))
    passages = _split(text)
    assert len(passages) > 1
    assert all(p.text.endswith(".") for p in passages)
    assert all(p.text.startswith("Esta es la frase") for p in passages)
    assert all(len(p.text) <= 400 for p in passages)


def test_short_paragraphs_are_packed():
    text = "\n\n".join(f"Párrafo {n}." for n in range(10))
    assert len(_split(text)) == 1


def test_section_without_body_is_its_own_passage():
    text = "# A\n\n## B\n\n# C\n\nTexto de C."
    passages = _split(text)
    assert [(p.text, p.section) for p in passages] == [
        ("# A\n\n## B", ("A", "B")),
        ("# C\n\nTexto de C.", ("C",)),
    ]


def test_pages():
    source = SourceText(["Página uno con texto.", "Página dos con texto.", "Página tres."], "application/pdf", has_pages=True)
    cleaned = clean(source)
    passages = split_passages("doc", cleaned.text, parse_blocks(cleaned.text), 50, cleaned.page_starts)
    assert [(p.page, p.text) for p in passages] == [
        (1, "Página uno con texto.\n\nPágina dos con texto."),
        (3, "Página tres."),
    ]
    assert all(p.page is None for p in _split("Sin páginas."))


def test_every_corpus_file(corpus_files):
    started = time.perf_counter()
    documents = [read_document(path) for path in corpus_files]
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"reading the corpus took {elapsed:.1f}s"
    for document in documents:
        check_invariants(document.text, document.passages, 1000)
        previous = None
        for passage in document.passages:
            if passage.section and passage.section != previous:
                # A new section's first passage starts with its heading, so it carries its title.
                opening = " ".join(passage.text[:600].split())
                assert passage.section[-1] in opening, passage.id
            previous = passage.section


@pytest.mark.parametrize("target", [300, 1000, 2000])
def test_target_size_is_respected_on_the_corpus(corpus_files, target):
    for path in corpus_files:
        document = read_document(path, target_chars=target)
        lengths = [len(p.text) for p in document.passages if p.kind == "text"]
        assert sum(lengths) / len(lengths) <= 1.2 * target


def test_table_passages_after_the_first_carry_the_header_row():
    tables = [p for p in _split(FIXTURE) if p.kind == "table"]
    assert len(tables) >= 2, "the fixture's table is long enough to be cut"
    # The first piece holds the header row (under its section heading), so it needs no copy of it.
    assert "\nRegión\tMeta\tLogro\n" in tables[0].text and tables[0].header == ""
    for later in tables[1:]:
        assert later.header == "Región\tMeta\tLogro"
        assert not later.text.startswith("Región\tMeta")


def test_prose_passages_have_no_header():
    assert all(p.header == "" for p in _split(FIXTURE) if p.kind == "text")


CAPTIONED = (
    "## 3. Presupuesto\n\n"
    + "Texto introductorio sobre el presupuesto del año. " * 4
    + "\n\nCuadro N° 05: Presupuesto asignado y ejecución presupuestal del\nPlan Operativo Institucional 2024\n\n"
    + "\n".join(f"OEI.0{n}\n{n * 1000:,}.00\n{n * 990:,}.00\n99.{n}%" for n in range(1, 9))
    + "\n\nFuente: Aplicativo CEPLAN.\n\n"
    + "Después del cuadro, el informe sigue en prosa con un análisis largo del gasto. " * 4
)


@pytest.mark.parametrize(
    ("which", "expected"),
    [
        # A piece of the flattened table after the caption carries the caption, joined on one line.
        ("table rows", "Cuadro N° 05: Presupuesto asignado y ejecución presupuestal del Plan Operativo Institucional 2024"),
        # Prose after the table's "Fuente:" line does not.
        ("prose after", ""),
    ],
)
def test_passages_inside_a_captioned_table_carry_the_caption(which, expected):
    passages = _split(CAPTIONED, target=120)
    if which == "table rows":
        chosen = next(p for p in passages if p.text.startswith("OEI.0") and "Cuadro" not in p.text)
    else:
        chosen = passages[-1]
        assert chosen.text.startswith("Después") or "Después" in chosen.text
    assert chosen.header == expected


# A PDF table flattened into paragraphs: each row is a label paragraph, then its figures.
FLATTENED = "## Cuadro\n\n" + "\n\n".join(
    f"OEI.0{n}\n\nPROMOVER EL OBJETIVO NÚMERO {n} DEL SECTOR\nEN LAS REGIONES\n\n"
    f"{n * 1000:,}.00 {n * 1100:,}.50 {n * 990:,}.25 9{n}.3%"
    for n in range(1, 9)
)


def test_a_row_label_stays_with_the_figures_that_follow_it():
    passages = _split(FLATTENED, target=200)
    check_invariants(FLATTENED, passages, 200)
    assert len(passages) >= 3, "eight rows do not fit one 200-character passage"
    for passage in passages:
        # Every passage ends on a row's figures, never on a label cut from them.
        assert passage.text.endswith("%"), passage.text[-60:]
    for n in range(1, 9):
        holder = next(p for p in passages if f"OEI.0{n}" in p.text)
        assert f"{n * 1000:,}.00" in holder.text


def test_prose_without_figures_is_packed_as_before():
    prose = "## Texto\n\n" + "\n\n".join(f"Párrafo {n} con texto corriente del informe anual." for n in range(12))
    passages = _split(prose, target=200)
    assert all(len(p.text) <= 200 for p in passages)
    assert sum(p.text.count("Párrafo") for p in passages) == 12


BUDGET = (
    "## Presupuesto\n\n"
    "Actividad\tNivel\tUnidad\tCosto\tTotal\n"
    + "".join(f"Actividad número {i} del plan de trabajo regional\tGobierno Regional\t-\t-\t-\n" for i in range(4))
    + "Cursos para el personal sobre descentralización\tGobierno Nacional\t\t\t41 700.00\n"
    "Curso de capacitación\t\tServicio\t11 500.00\t34 500.00\n"  # the breakdown of the row above:
    "Refrigerios\t\tServicio\t2 400.00\t7 200.00\n"  # the source merged its "Nivel" cell over them
    + "".join(f"Otra actividad {i} del plan de trabajo nacional\tGobierno Nacional\t-\t-\t-\n" for i in range(3))
)


@pytest.mark.parametrize(
    ("together", "why"),
    [
        (["Cursos para el personal", "Curso de capacitación", "Refrigerios"], "a row and its breakdown"),
        (["PRODUCTO", "Servicios fortalecidos"], "a group label and the row it labels"),
        (["1. Débil gestión", "b. Sin monitoreo"], "a row whose first cell the row above spans"),
    ],
)
def test_a_table_is_not_cut_inside_a_group_of_rows(together, why):
    matrix = (
        "OBJETIVOS\tINDICADORES\tMEDIOS\n"
        + "".join(f"Resultado {i} del servicio de empleo en la región\tNº de resultados {i}\tInforme\n" for i in range(5))
        + "PRODUCTO\t\t\nServicios fortalecidos en la región\tNº servicios\tInforme\n"
    )
    causes = (
        "PROBLEMA\tCAUSA\n"
        + "".join(f"{i}. Problema número {i} del servicio\ta. Primera causa del problema {i}\n" for i in range(2, 6))
        + "1. Débil gestión del servicio de empleo\ta. Poca coordinación entre niveles\n\tb. Sin monitoreo de resultados\n"
    )
    text = {"a row and its breakdown": BUDGET, "a group label and the row it labels": matrix}.get(why, causes)
    for target in range(100, 400, 10):  # wherever the packing would cut
        passages = _split(text, target)
        holding = {p.ordinal for p in passages for part in together if part in p.text}
        assert len(holding) == 1, (why, target, [p.text for p in passages])


def test_grouped_rows_still_carry_the_header_row():
    later = [p for p in _split(BUDGET, 150) if p.kind == "table" and "Curso de capacitación" in p.text]
    assert later and later[0].header == "Actividad\tNivel\tUnidad\tCosto\tTotal"
