"""Inline markup of passages read once: the plain text, its styles and the offset map."""

from __future__ import annotations

import pytest

from quipu.core.markup import BULLET, EMPHASIS, HEADING, STRONG, parse, plain


def styled(text: str) -> list[tuple[str, str]]:
    marked = parse(text)
    return [(marked.text[s.start : s.end], s.kind) for s in marked.styles]


def test_bold_may_span_the_lines_of_one_paragraph():
    text = "**PLAN DE MEJORA DEL\nSERVICIO “EMPLEO”**\n\nTexto que sigue."
    assert plain(text) == "PLAN DE MEJORA DEL\nSERVICIO “EMPLEO”\n\nTexto que sigue."
    assert styled(text) == [("PLAN DE MEJORA DEL\nSERVICIO “EMPLEO”", STRONG)]


def test_bold_does_not_pair_across_paragraphs_and_a_stray_pair_is_dropped():
    text = "Primera parte.**\n\n**Segunda parte"
    assert plain(text) == "Primera parte.\n\nSegunda parte"
    assert styled(text) == []


def test_a_list_letter_with_a_stray_closing_bold():
    text = "- a.** 1. Capacitar al personal.\n2. Difundir la guía.\n- b.** Elaborar el padrón."
    assert plain(text) == f"{BULLET} a. 1. Capacitar al personal.\n2. Difundir la guía.\n{BULLET} b. Elaborar el padrón."


def test_headings_lose_their_hashes_and_are_styled():
    text = "## II. ALCANCE\n\n### **Nivel regional** ###\nEl texto."
    assert plain(text) == "II. ALCANCE\n\nNivel regional\nEl texto."
    assert ("II. ALCANCE", HEADING) in styled(text)
    assert ("Nivel regional", STRONG) in styled(text) and ("Nivel regional", HEADING) in styled(text)


def test_a_hash_glued_to_a_word_is_text():
    assert plain("la campaña\n#EmpleoParaTodos sigue") == "la campaña\n#EmpleoParaTodos sigue"


def test_italics_only_at_word_edges_and_lone_marks_stay():
    text = "Nota * al pie, código OEI_02, 4*5*6 y *cursiva* con _otra_."
    assert plain(text) == "Nota * al pie, código OEI_02, 4*5*6 y cursiva con otra."
    assert styled(text) == [("cursiva", EMPHASIS), ("otra", EMPHASIS)]


def test_known_tags_are_markup_and_other_angles_are_text():
    text = "Con <b>fuerza</b>, <em>matiz</em>, nota<sup>3</sup>; a <b y 2 < 3 <ficticio>."
    assert plain(text) == "Con fuerza, matiz, nota3; a <b y 2 < 3 <ficticio>."
    assert styled(text) == [("fuerza", STRONG), ("matiz", EMPHASIS)]


def test_breaks_references_and_escapes():
    assert plain("uno<br>dos &amp; tres&nbsp;cuatro &bogus; \\*no\\*") == "uno\ndos & tres cuatro &bogus; *no*"


def test_list_markers_keep_their_indentation():
    assert plain("  * primero\n\t+ segundo\n-3 grados") == f"  {BULLET} primero\n\t{BULLET} segundo\n-3 grados"


@pytest.mark.parametrize(
    "text",
    [
        "## Título\n\n- a.** Una **acción** clave.\n- b. Otra <i>más</i> &amp; final.",
        "Sin marcas de ningún tipo. Dos frases.",
        "**x**",
        "",
    ],
)
def test_the_offset_map_marks_the_same_words_both_ways(text):
    marked = parse(text)
    for i, char in enumerate(marked.text):
        at = marked.to_source(i)
        if char not in (BULLET, "&"):
            assert text[at] == char
        assert marked.to_plain(at) == i  # the character's own source offset leads back to it
    for word in ("acción", "Otra", "final", "frases", "x"):
        if word in marked.text:
            start = marked.text.index(word)
            source = marked.source_span(start, start + len(word))
            assert text[source[0] : source[1]] == word
            assert marked.plain_span(*source) == (start, start + len(word))


def test_a_source_span_over_markup_covers_the_words_inside():
    text = "Ver **la norma** hoy."
    marked = parse(text)
    start, end = marked.plain_span(text.index("**"), text.index(" hoy"))
    assert marked.text[start:end] == "la norma"
    assert marked.plain_span(0, len(text)) == (0, len(marked.text))
