"""Structure: which lines are headings (and at what level), which are tables."""

from __future__ import annotations

import pytest

from quipu.ingest.structure import Block, parse_blocks


def _headings(text: str) -> list[tuple[int | None, str]]:
    return [(b.level, b.title) for b in parse_blocks(text) if b.kind == "heading"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Markdown markers give the level directly.
        pytest.param("# Informe\n\nTexto.\n\n### Detalle\n\nMás.", [(1, "Informe"), (3, "Detalle")], id="markdown"),
        # Numbering depth gives the level: "2.1" sits under "2.".
        pytest.param(
            "1. Presentación\n\nTexto.\n\n2. Objetivos\n\nTexto.\n\n2.1 Objetivos específicos\n\nTexto.",
            [(1, "1. Presentación"), (1, "2. Objetivos"), (2, "2.1 Objetivos específicos")],
            id="arabic-depth",
        ),
        # Roman numerals with "." or ")" and capital letters.
        pytest.param(
            "A. ANTECEDENTES\n\nTexto.\n\nIII. CARACTERIZACIÓN DEL SERVICIO\n\nTexto.",
            [(1, "A. ANTECEDENTES"), (2, "III. CARACTERIZACIÓN DEL SERVICIO")],
            id="letter-then-roman",
        ),
        # A heading directly followed by its text, in the same paragraph (PDF exports).
        pytest.param(
            "COMPONENTE 1\n\nI) ACTIVIDADES\nSe hizo algo.\n\nII) MATERIALES Y RECURSOS\nEquipo.\n\nIV) DIFICULTADES\nNinguna.",
            [(1, "COMPONENTE 1"), (2, "I) ACTIVIDADES"), (2, "II) MATERIALES Y RECURSOS"), (2, "IV) DIFICULTADES")],
            id="roman-paren-inline",
        ),
        # ALL-CAPS title lines followed by a body. Numbered chapters after an unnumbered
        # title that had its own text are its siblings, not its children.
        pytest.param(
            "RESUMEN EJECUTIVO\n\nEl proyecto fue creado.\n\n1. INTRODUCCION\n\nLa consultoría.",
            [(1, "RESUMEN EJECUTIVO"), (1, "1. INTRODUCCION")],
            id="caps-title",
        ),
        # A numbered title wrapped over two lines.
        pytest.param(
            "1. Avance de las metas de los talleres regionales,\nregistrado durante el año 2019.\n\nEl avance fue bueno.",
            [(1, "1. Avance de las metas de los talleres regionales, registrado durante el año 2019.")],
            id="two-line-title",
        ),
    ],
)
def test_headings(text, expected):
    assert _headings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # A numbered list item that wraps into the next line is a sentence.
        pytest.param(
            "1. El taller debería centrarse en la búsqueda de empleo de las personas jóvenes del barrio\n"
            "durante todo el año. Por eso se pidió un local más grande.",
            id="wrapped-item",
        ),
        # Items announced by a colon.
        pytest.param("Se precisó lo siguiente:\n1. Orientación\n2. Información", id="list-after-colon"),
        # A run of short numbered lines is a list.
        pytest.param("Texto.\n\n1. Gobierno Regional de Ica\n2. Gobierno Regional de Piura", id="numbered-list"),
        # Sentences inside are not titles.
        pytest.param("1. Cambios alcanzados. La evaluación incorpora los cambios", id="item-with-sentences"),
        # Table-of-contents rows with dotted leaders are not section headings.
        pytest.param("I. MARCO LEGAL.....\n\nTexto.", id="toc-leader"),
        # A stack of capitalised lines is a table header or a cover, not a title.
        pytest.param("UNIDAD DE\nMEDIDA AOI\nPROGRAMACIÓN\n\n145,532.00 148,633.00", id="caps-stack"),
        # "12 de diciembre" starts with a number but is a date.
        pytest.param("Texto.\n\n12 de diciembre del 2010\n\nMás texto.", id="date"),
        # Jumps in numbering are list items quoted in the text, not sections.
        pytest.param("1. Presentación\n\nTexto.\n\n43. PORTAL DE CITAS\n\nTexto.", id="numbering-jump"),
    ],
)
def test_not_headings(text):
    headings = [title for _, title in _headings(text)]
    assert headings in ([], ["1. Presentación"])


def test_toc_rows_are_a_table_not_headings():
    text = "## CONTENIDO\n\nINTRODUCCIÓN .....\t4\nI. MARCO LEGAL.....\t7\nII. OBJETIVO .....\t9\n\n## INTRODUCCIÓN\n\nTexto."
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["heading", "table", "heading", "paragraph"]
    assert blocks[1].text.count("\n") == 2


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # Consecutive tab-separated rows make one table block.
        pytest.param("Intro.\n\nRegión\tMeta\nIca\t10\nPiura\t20\n\nFin.", ["paragraph", "table", "paragraph"], id="tabs"),
        pytest.param("| Región | Meta |\n|---|---|\n| Ica | 10 |", ["table"], id="pipes"),
        # A lone line with one tab is layout, not a table.
        pytest.param("Texto con\tun tabulador suelto.", ["paragraph"], id="lone-tab"),
        # A logic matrix: a group label with empty cells ("PRODUCTO\t\t") is a row, not a
        # heading that would cut the matrix in two.
        pytest.param(
            "OBJETIVOS\tINDICADORES\tMEDIOS\nRESULTADO FINAL\t\t\nPersonas con empleo formal.\t\t\n"
            "PRODUCTO\t\t\nServicios fortalecidos.\tNº servicios fortalecidos.\tInforme",
            ["table"],
            id="group-label-rows",
        ),
        # A row whose first cell is empty continues the row above.
        pytest.param("PROBLEMA\tCAUSA\n1. Débil gestión.\ta. Poca coordinación.\n\tb. Sin monitoreo.", ["table"], id="empty-first-cell"),
    ],
)
def test_tables(text, kinds):
    assert [b.kind for b in parse_blocks(text)] == kinds


def test_block_offsets_point_into_the_text():
    text = "# Título\n\nPárrafo uno\nsigue.\n\nA\tB\nC\tD\n\n## Sub\nTexto."
    blocks = parse_blocks(text)
    assert all(text[b.start:b.end] == b.text for b in blocks)
    assert [b.text for b in blocks] == ["# Título", "Párrafo uno\nsigue.", "A\tB\nC\tD", "## Sub", "Texto."]
    assert isinstance(blocks[0], Block) and blocks[0].title == "Título"


def test_table_rows_keep_their_edge_tabs():
    text = "Intro.\n\nA\tB\tC\nGRUPO\t\t\n\tx\ty\n\nFin."
    table = parse_blocks(text)[1]
    assert table.text == "A\tB\tC\nGRUPO\t\t\n\tx\ty" and text[table.start:table.end] == table.text
