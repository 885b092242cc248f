"""Unit tests of the web pages' helpers (no browser, no corpus)."""

from __future__ import annotations

import re

from quipu.api.web.charts import neighbourhood_svg, observations_svg
from quipu.api.web.links import search_href
from quipu.api.web.markup import linkify, quote, snippet
from quipu.api.web.messages import LANGUAGES, catalog, next_language
from quipu.graph.explore import ObservationRow
from quipu.search.highlight import Highlight


def _mark(text: str, start: int, end: int) -> Highlight:
    return Highlight(start=start, end=end, text=text[start:end])


def test_snippet_marks_the_highlighted_sentence_and_escapes():
    text = "Primero <script>. La Promoción del Empleo & más. Fin."
    marked = str(snippet(text, _mark(text, text.index("La"), text.index(" Fin"))))
    assert "<mark>La Promoción del Empleo &amp; más.</mark>" in marked
    assert "&lt;script&gt;" in marked


def test_snippet_draws_the_passage_markup_and_marks_the_same_words():
    text = "#### Metas\n- a.** La **bolsa** de <i>Puno</i>. Fin."
    marked = str(snippet(text, _mark(text, text.index("La"), text.index(" Fin"))))
    assert marked == (
        '<strong class="heading">Metas</strong>\n• a. <mark>La <strong>bolsa</strong> de <em>Puno</em>.</mark> Fin.'
    )


def test_snippet_cuts_long_context_at_words():
    text = "palabra " * 60 + "La frase buscada." + " otra" * 60
    at = text.index("La frase")
    marked = str(snippet(text, _mark(text, at, at + len("La frase buscada.")), context=40))
    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>La frase buscada.</mark>" in marked


def test_snippet_without_a_highlight_is_the_start_of_the_passage():
    assert str(snippet("<p>" + "x" * 500, None, context=5)) == "x" * 10  # twice the context, the tag dropped
    assert str(snippet("<z>" + "x" * 500, None, context=5)) == "&lt;z&gt;" + "x" * 7  # not a tag: escaped


def test_mentions_become_links_to_their_entities():
    html = str(linkify("El MTPE & la VUPE.", [(3, 7, "institution/mtpe", "Ministerio")]))
    assert html == 'El <a class="mention" href="/entity/institution/mtpe" title="Ministerio">MTPE</a> &amp; la VUPE.'


def test_mentions_over_markup_link_the_same_words_and_styles_nest_inside():
    text = "Lo ejecuta el **MTPE** & la VUPE."
    html = str(linkify(text, [(text.index("**MTPE"), text.index(" &"), "institution/mtpe", "Ministerio")]))
    assert html == (
        'Lo ejecuta el <a class="mention" href="/entity/institution/mtpe" title="Ministerio"><strong>MTPE</strong></a>'
        " &amp; la VUPE."
    )


def test_quotes_are_the_sentences_that_hold_the_mentions():
    text = "## Marco\n\nEl **MTPE** dirige. Nada aquí. Otra vez el MTPE y el MTPE."
    first, last = text.index("MTPE"), text.rindex("MTPE")
    second = text.index("MTPE", text.index("Otra"))
    quotes = [str(q) for q in quote(text, [(first, first + 4), (second, second + 4), (last, last + 4)])]
    assert quotes == [
        "El <mark><strong>MTPE</strong></mark> dirige.",
        "Otra vez el <mark>MTPE</mark> y el <mark>MTPE</mark>.",
    ]


def test_a_long_sentence_is_quoted_round_its_mention():
    text = "uno " * 200 + "MTPE" + " dos" * 200
    (only,) = quote(text, [(800, 804)], longest=100)
    assert str(only).startswith("…") and str(only).endswith("…") and "<mark>MTPE</mark>" in only
    assert len(str(only)) < 140


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


def test_neighbourhood_svg_wraps_whole_labels_names_the_links_and_has_a_legend():
    long_a = "Programa Nacional de Empleo Juvenil Primera Oportunidad"
    long_b = "Programa Nacional de Empleo Juvenil Segunda Oportunidad"
    hood = {
        "center": {"key": "institution/mtpe", "label": "MTPE", "type": "institution"},
        "nodes": [
            {"key": "institution/mtpe", "label": "MTPE", "type": "institution", "distance": 0},
            {"key": "programme/a", "label": long_a, "type": "programme", "distance": 1},
            {"key": "programme/b", "label": long_b, "type": "programme", "distance": 1},
            {"key": "norm/ley", "label": "Ley 1", "type": "norm", "distance": 1},
        ],
        "edges": [
            {"source": "programme/a", "target": "institution/mtpe", "name": "qp:runBy", "property": "urn:run"},
            {"source": "programme/b", "target": "institution/mtpe", "name": "qp:runBy", "property": "urn:run"},
            {"source": "institution/mtpe", "target": "norm/ley", "name": "qp:createdBy", "property": "urn:made"},
            {"source": "programme/a", "target": "programme/b", "name": "qp:partOf", "property": "urn:part"},
        ],
    }
    svg = str(neighbourhood_svg(hood, catalog("en"), names={"urn:run": "run by"})[0])
    texts = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    nodes = {
        key: re.findall(r"<tspan[^>]*>([^<]*)</tspan>", body)
        for key, body in re.findall(r'<a class="node"[^>]*data-key="([^"]+)">(.*?)</a>', svg)
    }
    for key, label in (("programme/a", long_a), ("programme/b", long_b)):  # whole, wrapped, never cut
        assert len(nodes[key]) > 1 and " ".join(nodes[key]) == label
    assert texts.count("run by") == 2  # the property's label, in the page's language
    assert "qp:createdBy" in texts  # no label for it: the compact name
    assert 'marker-end="url(#hood-arrow)"' in svg and 'marker-start="url(#hood-arrow)"' in svg
    legend = svg[svg.index('class="legend"') :]
    for name in ("Programme", "Institution", "Norm", catalog("en")["legend_link"], catalog("en")["legend_side"]):
        assert f">{name}</text>" in legend


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
