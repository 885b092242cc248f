"""Passages: sized for search, exact offsets, never across sections or table rows."""

from __future__ import annotations

import time

import pytest

from quipu.ingest import read_document
from quipu.ingest.cleaning import clean
from quipu.ingest.passages import _looks_tabular, split_passages
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


def test_sections_without_body_open_the_next_passage():
    # "A" and "B" have no text of their own: their headings open the passage of "C",
    # whose section path is the one of its body.
    text = "# A\n\n## B\n\n# C\n\nTexto de C."
    passages = _split(text)
    assert [(p.text, p.section) for p in passages] == [("# A\n\n## B\n\n# C\n\nTexto de C.", ("C",))]


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


# ------------------------------------------------------------------ headings with no body


def _is_headings_only(blocks, passage) -> bool:
    inside = [b for b in blocks if b.start < passage.end and b.end > passage.start]
    return bool(inside) and all(b.kind == "heading" for b in inside)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "# Capítulo II\n\n## 2.1 Antecedentes\n\nEl programa empezó a funcionar en tres regiones.",
            [("# Capítulo II\n\n## 2.1 Antecedentes\n\nEl programa empezó a funcionar en tres regiones.",
              ("Capítulo II", "2.1 Antecedentes"))],
            id="a heading followed by a subheading: the deeper section path",
        ),
        pytest.param(
            "# Informe anual\n\n## Resumen\n\n### Alcance\n\nLa evaluación cubre el año 2023.",
            [("# Informe anual\n\n## Resumen\n\n### Alcance\n\nLa evaluación cubre el año 2023.",
              ("Informe anual", "Resumen", "Alcance"))],
            id="three levels of headings over one paragraph",
        ),
        pytest.param(
            "## Objetivos\n\n## Metas\n\nSe espera atender a dos mil personas en el año.",
            [("## Objetivos\n\n## Metas\n\nSe espera atender a dos mil personas en el año.", ("Metas",))],
            id="a heading right before its sibling",
        ),
        pytest.param(
            "PLAN DE TRABAJO\n\n1. OBJETIVO GENERAL\n\nMejorar los servicios de empleo de la región.",
            [("PLAN DE TRABAJO\n\n1. OBJETIVO GENERAL\n\nMejorar los servicios de empleo de la región.",
              ("PLAN DE TRABAJO", "1. OBJETIVO GENERAL"))],
            id="headings without # (an ALL-CAPS title, a numbered one)",
        ),
        pytest.param(
            "# Metas\n\nSe atendió a mil personas en el año.\n\n## Anexos",
            [("# Metas\n\nSe atendió a mil personas en el año.", ("Metas",)), ("## Anexos", ("Metas", "Anexos"))],
            id="a heading at the end of the document stays alone: nothing follows it",
        ),
        pytest.param(
            "# Metas\n\nSe atendió a mil personas en el año.\n\n## Anexos\n\n### Anexo 1",
            [("# Metas\n\nSe atendió a mil personas en el año.", ("Metas",)),
             ("## Anexos\n\n### Anexo 1", ("Metas", "Anexos", "Anexo 1"))],
            id="headings at the end of the document",
        ),
    ],
)
def test_a_heading_with_no_body_opens_the_next_passage(text, expected):
    passages = _split(text)
    assert [(p.text, p.section) for p in passages] == expected
    # Only headings at the very end may make a passage of their own.
    assert not any(_is_headings_only(parse_blocks(text), p) for p in passages[:-1])


def test_a_heading_over_a_table_opens_the_table_passage():
    text = "# Resultados\n\n## Colocaciones por región\n\nRegión\tMeta\tLogro\nPuno\t100\t90\nCusco\t80\t85"
    passages = _split(text)
    assert len(passages) == 1 and passages[0].kind == "table"
    assert passages[0].text.startswith("# Resultados") and passages[0].section == ("Resultados", "Colocaciones por región")


def test_a_table_of_contents_of_headings_is_not_glued_to_the_first_text():
    # Forty bodiless headings are a table of contents, not a title: they do not swell the
    # passage of the first text past the size rules.
    toc = "\n\n".join(f"## {n}. Capítulo número {n} del informe" for n in range(1, 41))
    text = toc + "\n\n## 41. Conclusiones\n\nEl informe concluye con recomendaciones."
    passages = _split(text)
    check_invariants(text, passages, 200)
    assert passages[-1].text.endswith("recomendaciones.") and passages[-1].section == ("41. Conclusiones",)


# ------------------------------------------------------------------ lists and their lead-ins

FILLER = (
    "La oficina regional atendió a más personas que el año anterior. "
    "El equipo de promotores visitó las provincias altas durante la campaña agrícola. "
    "Los registros administrativos se revisaron cada trimestre con la sede central."
)

# (lead-in, the list that follows it): lists written the ways documents write them.
LISTS = {
    "dash items in one paragraph": (
        "Los servicios que brinda la oficina de empleo son los siguientes:",
        "\n".join(f"- {c}) Servicio número {n} de la oficina, con su horario de atención;"
                  for n, c in enumerate("abcdefgh", 1)),
    ),
    "bullet paragraphs": (
        "Entre las actividades realizadas en el año se encuentran:",
        "\n\n".join(f"• Se realizó el taller número {n} con gestores de la región." for n in range(1, 9)),
    ),
    "numbered items": (
        "El comité aprobó las siguientes propuestas:",
        "\n".join(f"{n}. Propuesta número {n} para mejorar la atención al público." for n in range(1, 9)),
    ),
    "letter items with a parenthesis": (
        "Las funciones del gobierno regional, conforme a su ley orgánica, son:",
        "\n".join(f"{c}) formular y evaluar la política regional de empleo, punto {c};" for c in "abcdefgh"),
    ),
    "letter items with a period": (
        "La evaluación identificó algunos desafíos:",
        "\n".join(f"{c}. El desafío {c} requiere más presupuesto y personal." for c in "abcdefgh"),
    ),
    "arrow items": (
        "Se capacitó a 120 funcionarios, según el detalle siguiente:",
        "\n\n".join(f"➢ Curso número {n} sobre orientación vocacional en la región." for n in range(1, 9)),
    ),
}


def _list_document(lead: str, items: str, fillers: int) -> str:
    return "## Servicios\n\n" + "\n\n".join([FILLER] * fillers + [lead, items, "El informe continúa con el análisis."])


def _first_item(items: str) -> str:
    return items.split("\n")[0]


@pytest.mark.parametrize("name", list(LISTS))
def test_a_list_stays_with_its_lead_in(name):
    lead, items = LISTS[name]
    for fillers in (0, 1, 2, 3):
        for target in range(150, 700, 25):  # wherever the packing would cut
            text = _list_document(lead, items, fillers)
            passages = _split(text, target)
            check_invariants(text, passages, target)
            holder = next(p for p in passages if lead in p.text)
            assert _first_item(items) in holder.text, (name, fillers, target, holder.text[-200:])
            for passage in passages[:-1]:
                # A lead-in never ends a passage while its section goes on.
                assert not passage.text.endswith(":"), (name, fillers, target, passage.text[-120:])


@pytest.mark.parametrize("name", list(LISTS))
def test_each_later_piece_of_a_long_list_carries_its_lead_in(name):
    lead, items = LISTS[name]
    long_items = items + ("\n\n" if "\n\n" in items else "\n") + items.replace("número", "adicional")
    text = _list_document(lead, long_items, 1)
    for target in (150, 200, 300):
        passages = _split(text, target)
        check_invariants(text, passages, target)
        holders = [p for p in passages if any(line and line in p.text for line in long_items.split("\n"))]
        assert len(holders) >= 2, "the list is longer than a passage"
        assert lead in holders[0].text and holders[0].header == ""
        for later in holders[1:]:
            assert lead not in later.text
            assert later.header == lead, (name, target, later.text[:80])
        # Items are never cut: each is whole in one passage.
        for line in long_items.split("\n"):
            assert not line or any(line in p.text for p in passages), line
        # The prose after the list is not part of it.
        closing = next(p for p in passages if "El informe continúa" in p.text)
        assert closing.header in ("", lead) and (closing.header == "" or closing.text.startswith(tuple("-•➢123456789abcdefgh")))


def test_a_lead_in_inside_a_long_list_paragraph_heads_its_later_pieces():
    # One paragraph, lead-in and items together, longer than twice the target: it is cut
    # between items, and the pieces after the first say what they list.
    lead = "Las metas del plan regional de empleo para el periodo son:"
    items = "\n".join(f"- Meta {n}: atender a {n * 100} personas en la provincia número {n}." for n in range(1, 30))
    text = "## Metas\n\n" + lead + "\n" + items
    passages = _split(text, 200)
    check_invariants(text, passages, 200)
    assert len(passages) >= 4 and lead in passages[0].text
    assert all(p.header == lead for p in passages[1:])
    assert all(p.text.startswith("- Meta") for p in passages[1:]), "cut between items"


def test_a_label_ending_in_a_colon_stays_with_its_paragraph():
    # Not a list: a label ("Rol del comité:") and the paragraph it introduces.
    label = "Rol del comité técnico y sinergias con otros programas:"
    answer = "El comité coordina a los sectores y revisa el avance cada trimestre. " * 3
    for target in range(150, 500, 20):
        text = "## Gestión\n\n" + "\n\n".join([FILLER, label, answer.strip(), FILLER])
        passages = _split(text, target)
        check_invariants(text, passages, target)
        holder = next(p for p in passages if label in p.text)
        assert "El comité coordina" in holder.text, (target, holder.text)


def test_lead_ins_in_a_row_go_with_their_list():
    # "…el siguiente detalle:" introduces "A nivel regional … 4 propuestas:", which
    # introduces the list: neither is left at the end of a passage.
    text = "## Propuestas\n\n" + "\n\n".join([
        FILLER,
        "Se lograron presentar 10 pronunciamientos, según el siguiente detalle:",
        "A nivel regional se presentaron 4 propuestas:",
        "\n".join(f"{n}. Propuesta regional número {n} sobre el diálogo social." for n in range(1, 5)),
    ])
    for target in range(150, 500, 20):
        passages = _split(text, target)
        assert not any(p.text.endswith(":") for p in passages), target
        holder = next(p for p in passages if "siguiente detalle:" in p.text)
        assert "4 propuestas:" in holder.text and "1. Propuesta regional" in holder.text


def test_a_lead_in_before_a_heading_or_a_table_is_left_alone():
    # What follows is another section, or a table (never mixed with prose): no list to keep.
    text = "## Metas\n\nLas metas se detallan a continuación:\n\n## Detalle\n\nMeta\tValor\nPuno\t100\nCusco\t80"
    passages = _split(text)
    assert [p.text for p in passages] == [
        "## Metas\n\nLas metas se detallan a continuación:",
        "## Detalle\n\nMeta\tValor\nPuno\t100\nCusco\t80",
    ]
    assert all(p.header == "" for p in passages)


def test_a_lead_in_before_a_flattened_table_leaves_its_rows_with_their_figures():
    # "… el detalle siguiente:" before a PDF table read one cell per line: the rule that keeps
    # a row's label with its figures wins, and the table is not taken for the lead-in's list.
    lead = "Al cierre del año el ministerio cumplió sus metas, como se observa en el detalle siguiente:"
    table = "\n\n".join(
        f"Objetivo\nEstratégico {n}\nIndicador\nMeta\nEjecución\n\n{n * 100} {n * 120} 1{n}0%" for n in range(1, 6)
    )
    text = "## Metas\n\n" + FILLER + " " + lead + "\n\n" + table
    for target in range(200, 600, 20):
        passages = _split(text, target)
        check_invariants(text, passages, target)
        for n in range(2, 6):  # (a label before any figures is not told from prose)
            holder = next(p for p in passages if f"Estratégico {n}\n" in p.text)
            assert f"{n * 100} {n * 120} 1{n}0%" in holder.text, (target, n)
        assert all(p.header == "" for p in passages)
    # A lead-in as long as a passage: the table's first row does not join it without its figures.
    text = "## Metas\n\n" + FILLER + " " + lead + "\n\n" + table.replace("Estratégico 1", "Estratégico 1 del plan")
    for target in range(150, 300, 10):
        passages = _split(text, target)
        holder = next(p for p in passages if "Estratégico 1 del plan" in p.text)
        assert "100 120 110%" in holder.text and lead not in holder.text, target


def test_corpus_passages_keep_lists_and_headings_with_their_text(corpus_files):
    for path in corpus_files:
        document = read_document(path)
        passages = document.passages
        headings = [b for b in parse_blocks(document.text) if b.kind == "heading"]
        for passage, following in zip(passages, passages[1:]):
            opening = following.text.split("\n\n")[0]  # a PDF table flattened into lines is no list
            flattened_table = opening.count("\n") >= 2 and _looks_tabular(opening)
            if following.section == passage.section and following.kind == "text" == passage.kind and not flattened_table:
                assert not passage.text.endswith(":"), passage.id
            # Only headings at the end of a document are a passage of their own.
            text = document.text[passage.start : passage.end]
            assert "".join(text.split()) != "".join(
                "".join(h.text.split()) for h in headings if passage.start <= h.start < passage.end
            ), passage.id
