"""Unit tests of the web module's helpers (no browser, no corpus)."""

from __future__ import annotations

from quipu.api import web
from quipu.graph.explore import ObservationRow


def test_best_sentence_is_the_one_sharing_most_query_terms():
    text = "El ministerio publica informes. La bolsa de trabajo une empresas y personas. Fin del texto."
    terms = web.query_terms("¿Qué hace la bolsa de trabajo?")
    start, end = web.best_sentence(text, terms)
    assert text[start:end] == "La bolsa de trabajo une empresas y personas."
    marked = str(web.highlight(text, terms))
    assert "<mark>La bolsa de trabajo une empresas y personas.</mark>" in marked


def test_highlight_folds_accents_and_escapes():
    text = "Primero <b>. La Promoción del Empleo & más."
    marked = str(web.highlight(text, web.query_terms("promocion empleo")))
    assert "<mark>La Promoción del Empleo &amp; más.</mark>" in marked
    assert "&lt;b&gt;" in marked


def test_neighbourhood_svg_links_every_neighbour():
    hood = {
        "center": {"key": "institution/mtpe", "label": "MTPE", "type": "institution"},
        "nodes": [{"key": "institution/mtpe", "label": "MTPE", "type": "institution", "distance": 0}]
        + [{"key": f"service/s{i}", "label": f"Servicio {i}", "type": "service", "distance": 1} for i in range(5)],
        "edges": [{"source": f"service/s{i}", "target": "institution/mtpe", "name": "qp:runBy"} for i in range(5)],
    }
    svg, left_out = web.neighbourhood_svg(hood, web.STRINGS["es"], limit=4)
    assert left_out == 1
    assert str(svg).count('<a class="node"') == 4
    assert 'href="/entity/service/s0"' in svg and "<title>Servicio 0 (Servicio)</title>" in svg
    assert str(svg).count("<line") == 4


def test_observations_svg_draws_bars_per_kind():
    def row(kind, period, value):
        return ObservationRow("o", "i", "indicator/x", "X", kind, period, str(value), value, "percent", "d", "q", "p")

    svg = web.observations_svg([row("target", "2024", 68.0), row("achieved", "2024", 55.0), row("executionRate", "2024", 81.0)],
                               web.STRINGS["en"], "X")
    assert 'class="bar target"' in svg and 'class="bar achieved"' in svg and "executionRate" not in svg
    assert web.observations_svg([row("target", "2024", None)], web.STRINGS["en"], "X") is None


def test_every_language_has_every_string():
    assert set(web.STRINGS["es"]) == set(web.STRINGS["en"])
    assert set(web.STRINGS["es"]["entity_types"]) == set(web.STRINGS["en"]["entity_types"])
