"""Positioned words to text (ingest/layout.py): lines, paragraphs, headings and
borderless tables, on words placed by hand so each rule is seen alone.

A word here is as wide as its letters at 6 points each, on lines 14 points apart in
12-point type, like a text layer; the PDF tests (test_pdf.py) check the same rules on
real files.
"""

from __future__ import annotations

import pytest

from quipu.ingest.layout import Word, join_wrapped, page_text

SIZE = 12.0
CHAR = 6.0


def line(y: float, *cells: tuple[float, str], size: float = SIZE) -> list[Word]:
    """Words of the phrases ``(x, "text")`` on the line whose top is ``y``."""
    words = []
    for x, text in cells:
        for token in text.split():
            words.append(Word(token, x, x + CHAR * len(token), y, y + size, size))
            x += CHAR * (len(token) + 1)
    return words


def test_wrapped_lines_of_a_paragraph_are_one_line_and_paragraphs_stay_apart() -> None:
    words = (
        line(0, (10, "La oficina atiende a las personas que buscan empleo y")) +
        line(14, (10, "las orienta según su perfil laboral.")) +
        line(40, (10, "Otro párrafo empieza aquí."))
    )
    assert page_text(words, width=400) == (
        "La oficina atiende a las personas que buscan empleo y las orienta según su perfil laboral.\n\n"
        "Otro párrafo empieza aquí."
    )


def test_larger_type_is_a_heading() -> None:
    words = (
        line(0, (10, "Informe anual"), size=22) + line(40, (10, "Resultados del año"), size=16) +
        line(70, (10, "El servicio colocó a más personas que el año anterior."))
    )
    assert page_text(words, width=400).startswith("# Informe anual\n\n## Resultados del año\n\n")


def test_a_borderless_table_with_centred_cells_keeps_its_rows() -> None:
    # The name of the second indicator wraps onto two lines; its code and figures are
    # centred beside it, so they sit between its two lines.
    words = (
        line(0, (10, "Código"), (80, "Indicador"), (300, "Meta"), (360, "Logro")) +
        line(20, (10, "IND 1"), (80, "Personas colocadas"), (300, "3 250"), (360, "2 918")) +
        line(40, (80, "Empresas que publican")) +
        line(47, (10, "IND 2"), (300, "410"), (360, "447")) +
        line(54, (80, "vacantes")) +
        line(80, (10, "IND 3"), (80, "Certificados emitidos"), (300, "12 600"), (360, "13 482"))
    )
    rows = page_text(words, width=420).splitlines()
    assert rows == [
        "Código\tIndicador\tMeta\tLogro",
        "IND 1\tPersonas colocadas\t3 250\t2 918",
        "IND 2\tEmpresas que publican vacantes\t410\t447",
        "IND 3\tCertificados emitidos\t12 600\t13 482",
    ]


def test_a_header_with_narrow_gaps_heads_the_table_below_it() -> None:
    # The header's cells fill their columns, so its gaps are word spaces; its phrases
    # start where the columns below start.
    words = (
        line(0, (10, "Región"), (52, "Meta 2022"), (112, "Logrado 2022"), (190, "% avance")) +
        line(16, (10, "Ica"), (52, "260"), (112, "231"), (190, "88,8 %")) +
        line(32, (10, "Puno"), (52, "190"), (112, "198"), (190, "104,2 %"))
    )
    assert page_text(words, width=420).splitlines() == [
        "Región\tMeta 2022\tLogrado 2022\t% avance",
        "Ica\t260\t231\t88,8 %",
        "Puno\t190\t198\t104,2 %",
    ]


@pytest.mark.parametrize(
    ("lines", "char"),
    [
        # Justified prose: each line stretches its spaces by its own amount, in a
        # proportional font, so wide spaces do not line up down the lines.
        ([(10, "El  plan  ordena  las  acciones  de  la  dirección"), (10, "regional   para   mejorar   la   inserción   laboral"),
          (10, "de los jóvenes de la región en los próximos años.")], (5.7, 6.2, 5.9)),
        # A single line with a wide gap (a date at the right margin) is not a table.
        ([(10, "Informe de gestión                              marzo 2024")], (6.0,)),
    ],
)
def test_prose_is_not_a_table(lines, char) -> None:
    words = []
    for k, ((x, text), width) in enumerate(zip(lines, char)):
        position = x
        for token in text.split(" "):
            if token:
                words.append(Word(token, position, position + width * len(token), 14 * k, 14 * k + SIZE, SIZE))
            position += width * (len(token) + 1) if token else width
    assert "\t" not in page_text(words, width=420)


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["la articula-", "ción del servicio"], "la articulación del servicio"),  # a hyphenated word is mended
        (["el periodo 2016-", "2021"], "el periodo 2016-2021"),  # a range broken at its hyphen keeps it
        (["Plan Regional", "de Empleo"], "Plan Regional de Empleo"),
        (["", "  texto  con   espacios "], "texto con espacios"),
    ],
)
def test_join_wrapped(lines: list[str], joined: str) -> None:
    assert join_wrapped(lines) == joined
