"""Unit tests of the web pages' helpers (no browser, no corpus)."""

from __future__ import annotations

from quipu.api.web.charts import neighbourhood_svg, observations_svg
from quipu.api.web.links import search_href
from quipu.api.web.markup import linkify, snippet
from quipu.api.web.messages import LANGUAGES, catalog, next_language
from quipu.graph.explore import ObservationRow
from quipu.search.highlight import Highlight


def _mark(text: str, start: int, end: int) -> Highlight:
    return Highlight(start=start, end=end, text=text[start:end])


def test_snippet_marks_the_highlighted_sentence_and_escapes():
    text = "Primero <b>. La Promoción del Empleo & más. Fin."
    marked = str(snippet(text, _mark(text, text.index("La"), text.index(" Fin"))))
    assert "<mark>La Promoción del Empleo &amp; más.</mark>" in marked
    assert "&lt;b&gt;" in marked


def test_snippet_cuts_long_context_at_words():
    text = "palabra " * 60 + "La frase buscada." + " otra" * 60
    at = text.index("La frase")
    marked = str(snippet(text, _mark(text, at, at + len("La frase buscada.")), context=40))
    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>La frase buscada.</mark>" in marked


def test_snippet_without_a_highlight_is_the_start_of_the_passage():
    assert str(snippet("<b>" + "x" * 500, None, context=5)) == "&lt;b&gt;" + "x" * 7  # twice the context, escaped


def test_mentions_become_links_to_their_entities():
    html = str(linkify("El MTPE & la VUPE.", [(3, 7, "institution/mtpe", "Ministerio")]))
    assert html == 'El <a class="mention" href="/entity/institution/mtpe" title="Ministerio">MTPE</a> &amp; la VUPE.'


def test_a_facet_link_keeps_the_other_parameters_and_drops_empty_ones():
    params = {"q": "empleo", "mode": "", "year": "2015", "region": "region/puno"}
    assert search_href(params, "year", None) == "/?q=empleo&region=region%2Fpuno"
    assert search_href(params, "doc", "d-1") == "/?q=empleo&year=2015&region=region%2Fpuno&doc=d-1"


def test_neighbourhood_svg_links_every_neighbour():
    hood = {
        "center": {"key": "institution/mtpe", "label": "MTPE", "type": "institution"},
        "nodes": [{"key": "institution/mtpe", "label": "MTPE", "type": "institution", "distance": 0}]
        + [{"key": f"service/s{i}", "label": f"Servicio {i}", "type": "service", "distance": 1} for i in range(5)],
        "edges": [{"source": f"service/s{i}", "target": "institution/mtpe", "name": "qp:runBy"} for i in range(5)],
    }
    svg, left_out = neighbourhood_svg(hood, catalog("es"), limit=4)
    assert left_out == 1
    assert str(svg).count('<a class="node"') == 4
    assert 'href="/entity/service/s0"' in svg and "<title>Servicio 0 (Servicio)</title>" in svg
    assert str(svg).count("<line") == 4


def test_observations_svg_draws_bars_per_kind():
    def row(kind, period, value):
        return ObservationRow("o", "i", "indicator/x", "X", kind, period, str(value), value, "percent", "d", "q", "p")

    svg = observations_svg([row("target", "2024", 68.0), row("achieved", "2024", 55.0), row("executionRate", "2024", 81.0)],
                           catalog("en"), "X")
    assert svg is not None
    assert 'class="bar target"' in svg and 'class="bar achieved"' in svg and "executionRate" not in svg
    assert observations_svg([row("target", "2024", None)], catalog("en"), "X") is None


def test_every_language_has_every_message_of_spanish():
    assert LANGUAGES[0] == "es" and "en" in LANGUAGES
    for lang in LANGUAGES:
        assert set(catalog(lang).messages) == set(catalog("es").messages), lang
        assert all(text.strip() for text in catalog(lang).messages.values()), lang


def test_an_unknown_language_falls_back_to_spanish_and_the_switch_goes_round():
    assert catalog("fr").lang == "es"
    assert catalog("en")["search"] == "Search" and catalog("en").type_name("norm") == "Norm"
    assert catalog("es").type_name("unheard-of") == "unheard-of"
    assert [next_language(lang) for lang in LANGUAGES] == [*LANGUAGES[1:], LANGUAGES[0]]
