"""Cleaning: layout out, words and structure kept."""

from __future__ import annotations

import pytest

from quipu.ingest.cleaning import clean
from quipu.ingest.source import SourceText


def _clean(text: str, media_type: str = "text/plain") -> str:
    return clean(SourceText([text], media_type)).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # A word hyphenated at a line end is rejoined…
        pytest.param("la promo-\nción del empleo", "la promoción del empleo", id="hyphenated-word"),
        # …also across the blank line PDF exports put after every line.
        pytest.param("la promo-\n\nción del empleo", "la promoción del empleo", id="hyphenated-across-blank"),
        # A code split at its hyphen keeps the hyphen and loses the break.
        pytest.param("Decreto Supremo N° 001-\n2012-TR vigente", "Decreto Supremo N° 001-2012-TR vigente", id="code-number"),
        pytest.param("RM 066-2024-\nTR aprobada", "RM 066-2024-TR aprobada", id="code-letters"),
        # A compound with a capitalised second part keeps its hyphen.
        pytest.param("Ministerio de Trabajo-\nOficina General", "Ministerio de Trabajo-Oficina General", id="compound"),
        # ALL-CAPS words are hyphenated too; acronyms are not words.
        pytest.param("POTENCIALES TRABA-\nJADORES", "POTENCIALES TRABAJADORES", id="caps-word"),
        # Hyphens inside a line are real.
        pytest.param("enfoque socio-económico y 001-2012-TR", "enfoque socio-económico y 001-2012-TR", id="inline-hyphen"),
    ],
)
def test_hyphenation(raw, expected):
    assert _clean(raw).replace("\n", " ") == expected


def test_double_spaced_pdf_text_reforms_paragraphs():
    # Every line followed by a blank line (and lines of spaces between paragraphs),
    # the way some PDF-to-text tools write; a line that does not end a sentence goes on.
    raw = (
        " 1. Introducción \n\n \n\n"
        "La oficina regional de empleo atiende cada semana a personas jóvenes que \n\n"
        "Buscan trabajo por primera vez y necesitan orientación sobre el mercado, \n\n"
        "según explica este informe de prueba. \n\n"
        "Por otra parte, la oficina organiza talleres para \n\n"
        "empresas de la zona. \n\n"
        "• El primer taller se hizo en marzo con treinta \n\n"
        "participantes. \n\n"
        "• El segundo taller se hizo en abril. \n"
    )
    paragraphs = _clean(raw).split("\n\n")
    assert [p.replace("\n", " ") for p in paragraphs] == [
        "1. Introducción",
        "La oficina regional de empleo atiende cada semana a personas jóvenes que Buscan trabajo por primera "
        "vez y necesitan orientación sobre el mercado, según explica este informe de prueba.",
        "Por otra parte, la oficina organiza talleres para empresas de la zona.",
        "• El primer taller se hizo en marzo con treinta participantes.",
        "• El segundo taller se hizo en abril.",
    ]


def test_single_spaced_text_keeps_its_blank_line_paragraphs():
    raw = "Primera línea de un párrafo\nque sigue aquí.\n\nOtro párrafo\n\n\n\nY otro más."
    assert _clean(raw) == "Primera línea de un párrafo\nque sigue aquí.\n\nOtro párrafo\n\nY otro más."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Bare page-number lines in their usual spellings go.
        pytest.param("Texto uno.\n\nPágina 12\n\nTexto dos.", "Texto uno.\n\nTexto dos.", id="pagina-n"),
        pytest.param("Texto uno.\n\n- 3 -\n\nTexto dos.", "Texto uno.\n\nTexto dos.", id="dash-n-dash"),
        pytest.param("Texto uno.\n\n3 de 40\n\nTexto dos.", "Texto uno.\n\nTexto dos.", id="n-de-m"),
        # A sentence broken by a page number goes on.
        pytest.param("sigue la\n\nPágina 4\n\nfrase completa.", "sigue la\nfrase completa.", id="sentence-across-page"),
        # A lone number that is not part of a page sequence is content (a table cell).
        pytest.param("Total\n\n37\n\nFin.", "Total\n\n37\n\nFin.", id="lone-number-kept"),
    ],
)
def test_page_numbers(raw, expected):
    assert _clean(raw) == expected


def test_bare_page_numbers_in_sequence_are_dropped():
    # Page numbers 7, 8, 9 each a page of text apart, in a text export without form feeds.
    def page(n: int) -> str:
        return "\n".join(f"Línea {k} de la página {n}." for k in range(20))

    raw = "\n\n".join(f"{page(n)}\n\n{n}" for n in (7, 8, 9))
    text = _clean(raw)
    assert all(f"\n{n}\n" not in f"\n{text}\n" and not text.endswith(f"\n{n}") for n in (7, 8, 9))
    assert text.count("de la página") == 60


def test_letter_spaced_running_header_is_dropped():
    header = "B o l e t í n  T r i m e s t r a l  d e  P r u e b a"
    raw = "\n\n".join(
        f"Texto de la página {n}, que es largo.\n\n{header}\n\nPágina {n}" for n in range(1, 4)
    )
    text = _clean(raw)
    assert "B o l" not in text and "Boletín Trimestral" not in text
    assert text.count("Texto de la página") == 3


def test_single_letter_spaced_title_is_kept_readable():
    assert _clean("R E S U M E N  E J E C U T I V O\n\nTexto.") == "RESUMEN EJECUTIVO\n\nTexto."


def test_repeated_section_headings_are_content():
    # "I) ACTIVIDADES" comes back in every component of the INFOMIGRA report: not a header.
    raw = "\n\n".join(f"COMPONENTE {n}\n\nI) ACTIVIDADES\nSe hizo algo en el componente {n}." for n in range(1, 5))
    assert _clean(raw).count("I) ACTIVIDADES") == 4


def test_running_header_with_real_pages():
    pages = [f"Ministerio de Trabajo\nContenido propio de la página {n}.\n{n}" for n in range(1, 5)]
    result = clean(SourceText(pages, "application/pdf", has_pages=True))
    assert "Ministerio de Trabajo" not in result.text
    assert result.text.count("Contenido propio") == 4
    for n, start in enumerate(result.page_starts, 1):
        assert result.text[start:].startswith(f"Contenido propio de la página {n}.")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("**Negrita** y __subrayado__ y *énfasis*", "Negrita y subrayado y énfasis", id="markdown-emphasis"),
        pytest.param("## **INTRODUCCIÓN**", "## INTRODUCCIÓN", id="heading-marker-kept"),
        pytest.param("<b>RESULTADO</b> <i>final</i>", "RESULTADO final", id="html-inline"),
        # A footnote mark glued to a word would corrupt the word.
        pytest.param("Rosa Díaz<sup>2</sup>, de la Oficina", "Rosa Díaz, de la Oficina", id="footnote-sup"),
        pytest.param("uno<br>dos", "uno\ndos", id="br-breaks-line"),
        # Inside a table row a <p> becomes a space: the row stays one line.
        pytest.param("4. Limitada\t<p>a. Uno.</p> <p>b. Dos.</p>", "4. Limitada\ta. Uno. b. Dos.", id="p-in-row"),
        # Comparisons and bullets are not markup.
        pytest.param("valores <5% y a<b\n* punto uno", "valores <5% y a<b\n* punto uno", id="not-markup"),
        # A rule is layout.
        pytest.param("Antes.\n\n---\n\nDespués.", "Antes.\n\nDespués.", id="md-rule"),
    ],
)
def test_markup_is_stripped(raw, expected):
    assert _clean(raw, "text/markdown") == expected


def test_table_rows_stay_one_per_line():
    raw = "PROBLEMAS\tANÁLISIS CAUSAL\t\n\tMTPE\tDRTPE\n1. Servicio   débil.\t  a. Ausencia.\tb. Otra."
    assert _clean(raw, "text/markdown") == "PROBLEMAS\tANÁLISIS CAUSAL\t\n\tMTPE\tDRTPE\n1. Servicio débil.\ta. Ausencia.\tb. Otra."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # NFC: "o" + combining acute becomes "ó".
        pytest.param("Promocio\u0301n", "Promoción", id="nfc"),
        pytest.param("S/\u00a0385\u202f000", "S/ 385 000", id="nbsp"),
        pytest.param("muchos    espacios  aquí   ", "muchos espacios aquí", id="space-runs"),
        pytest.param("•\t Sensibilización", "• Sensibilización", id="tab-after-bullet"),
        pytest.param("1.\t La propuesta", "1. La propuesta", id="tab-after-number"),
        pytest.param("pala\u00adbra", "palabra", id="soft-hyphen"),
    ],
)
def test_normalisation(raw, expected):
    assert _clean(raw) == expected


def test_form_feeds_are_page_breaks():
    result = clean(SourceText(["Primera página.\fSegunda página.\f\fCuarta."], "text/plain"))
    assert result.text == "Primera página.\n\nSegunda página.\n\nCuarta."
    starts = result.page_starts
    assert starts is not None and len(starts) == 4
    assert result.text[starts[1]:].startswith("Segunda")
    assert starts[2] == starts[3]  # an empty page starts where the next one does
    assert result.text[starts[3]:].startswith("Cuarta")


def test_no_pages_means_no_page_starts():
    assert clean(SourceText(["Texto."], "text/plain")).page_starts is None


def test_page_starts_survive_a_word_split_across_pages():
    result = clean(SourceText(["Texto de la promo-", "ción del empleo."], "application/pdf", has_pages=True))
    assert result.text == "Texto de la promoción del empleo."
    assert result.page_starts == [0, result.text.index("ción")]


def aligned_rows(text: str) -> list[list[str]]:
    """The cells of each line that is not blank, once space-aligned columns are read as tabs."""
    from quipu.ingest.cleaning import aligned_to_tabs

    return [line.split("\t") for line in aligned_to_tabs(text).split("\n") if line.strip()]


# Space-aligned columns (pdftotext -layout) whose first column is empty in the rows: a level
# carried down from elsewhere. The rows' cells start right after a gutter only the header crosses.
CARRIED_COLUMN = (
    "Objetivo        Acción                          Meta   Logro\n"
    "                AE 1.1 Ferias provinciales      12     14\n"
    "                AE 1.2 Bolsa de trabajo         900    875\n"
    "                AE 1.3 Orientación vocacional   300    310\n"
)


def test_an_empty_carried_column_keeps_its_place() -> None:
    rows = aligned_rows(CARRIED_COLUMN)
    assert rows[2] == ["", "AE 1.2 Bolsa de trabajo", "900", "875"]
    assert rows[0] == ["Objetivo", "Acción", "Meta", "Logro"]
    assert all(len(row) == 4 for row in rows)



# A header on two lines, a blank line, then rows with a group row of one cell that runs across
# the columns (as pdftotext -layout writes an annex).
ANNEX = (
    "  Código    Indicador                      Unidad de   Meta      Meta      Responsable\n"
    "                                           medida      2027      2030\n"
    "\n"
    "  OE.1 Ampliar el acceso de los jóvenes de la región a empleos formales y seguros\n"
    "  IND.01    Jóvenes orientados en la       Persona     1 900     3 400     DPE\n"
    "            feria vocacional\n"
    "  IND.02    Jóvenes colocados              Persona     640       1 210     DPE\n"
)


def test_a_header_parted_by_a_blank_line_and_a_row_across_the_columns() -> None:
    rows = aligned_rows(ANNEX)
    assert rows[0] == ["Código", "Indicador", "Unidad de", "Meta", "Meta", "Responsable"]
    assert rows[2] == ["OE.1 Ampliar el acceso de los jóvenes de la región a empleos formales y seguros"]
    assert rows[5] == ["IND.02", "Jóvenes colocados", "Persona", "640", "1 210", "DPE"]


# A logic matrix with a level's label and its long statement across the columns ("FIN:   …"),
# and one indicator name that fills its column to the last character, one space before its
# baseline (as pdftotext -layout writes a tight column).
MATRIX = (
    "NIVEL    INDICADOR                              LÍNEA DE BASE   META 2027   RESP.\n"
    "FIN:     Reducir el subempleo de los jóvenes de la provincia en cinco años\n"
    "IND.1    Jóvenes con empleo adecuado (%)        31,2 (2024)     35,0        GRDS\n"
    "IND.2    Personas inscritas en la bolsa laboral 2 140 (2024)    2 600       DPE\n"
    "IND.3    Empresas con vacantes registradas      96 (2025)       120         DPE\n"
    "IND.4    Ferias de empleo realizadas            4 (2024)        6           SDPE\n"
)


def test_a_tight_column_and_a_level_row_do_not_hide_the_gutters() -> None:
    rows = aligned_rows(MATRIX)
    assert rows[0] == ["NIVEL", "INDICADOR", "LÍNEA DE BASE", "META 2027", "RESP."]
    assert rows[3] == ["IND.2", "Personas inscritas en la bolsa laboral", "2 140 (2024)", "2 600", "DPE"]
    assert rows[1][:2] == ["FIN:", "Reducir el subempleo de los jóvenes de la provincia en cinco años"]


# The same with a statement that holds figures inside it ("de 18 a 24 años") and does not end
# in one: still a group row, not a row of cells.
MATRIX_AGES = MATRIX.replace("en cinco años", "de 18 a 24 años")


def test_a_level_row_with_figures_inside_its_statement() -> None:
    rows = aligned_rows(MATRIX_AGES)
    assert rows[0] == ["NIVEL", "INDICADOR", "LÍNEA DE BASE", "META 2027", "RESP."]
    assert rows[1][:2] == ["FIN:", "Reducir el subempleo de los jóvenes de la provincia de 18 a 24 años"]
    assert rows[2] == ["IND.1", "Jóvenes con empleo adecuado (%)", "31,2 (2024)", "35,0", "GRDS"]


# A long name with one space that happens to line up above the blank of shorter names is no
# gutter: the next column does not start there in the other rows.
NAMES = (
    "Código   Actividad                                   Meta\n"
    "A1       Talleres de orientación vocacional          40\n"
    "A2       Ferias                                      3\n"
    "A3       Visitas                                     12\n"
    "A4       Cursos                                      8\n"
    "A5       Asesorías                                   90\n"
)


def test_a_space_inside_a_long_cell_is_no_gutter() -> None:
    rows = aligned_rows(NAMES)
    assert rows[1] == ["A1", "Talleres de orientación vocacional", "40"]
    assert all(len(row) == 3 for row in rows)


# A right-aligned figure column after a column of long names: the longest name ends where the
# widest figure starts, so no character column is blank in every row, yet every row has a gap
# of two spaces there.
TOUCHING = (
    "Línea           Indicador                            Meta   Logro\n"
    "Intermediación  Vacantes cubiertas por la bolsa     1,250   1,180\n"
    "Capacitación    Personas formadas en un oficio        310     295\n"
    "Orientación     Jóvenes con test vocacional aplicado  980     712\n"
)


def test_a_column_bound_no_blank_character_column_shows() -> None:
    rows = aligned_rows(TOUCHING)
    assert rows[0] == ["Línea", "Indicador", "Meta", "Logro"]
    assert rows[3] == ["Orientación", "Jóvenes con test vocacional aplicado", "980", "712"]
    assert all(len(row) == 4 for row in rows)


# Right-aligned figures, and a totals row whose long label leaves one space before its figure:
# the figures still end where the column's others do, so the bound holds.
TIGHT_TOTAL = (
    "Código           PIA           PIM     Avance %\n"
    "AE.01     214,500.00    230,100.00         97.1\n"
    "AE.02      98,000.00    101,450.00         88.4\n"
    "AE.03      56,300.00     60,000.00         90.0\n"
    "Total OE2 368,800.00    391,550.00         93.2\n"
)


def test_a_totals_row_one_space_from_its_right_aligned_figure() -> None:
    rows = aligned_rows(TIGHT_TOTAL)
    assert rows[0] == ["Código", "PIA", "PIM", "Avance %"]
    assert rows[1] == ["AE.01", "214,500.00", "230,100.00", "97.1"]
    assert rows[4] == ["Total OE2", "368,800.00", "391,550.00", "93.2"]
