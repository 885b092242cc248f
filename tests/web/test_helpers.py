"""Unit tests of the web module's helpers (no browser, no corpus)."""

from __future__ import annotations

from quipu.api import web
from quipu.api.schemas import DocumentRef, HighlightSpan, SearchResult
from quipu.graph.explore import ObservationRow


def _result(text: str, start: int, end: int, offset: int = 100) -> SearchResult:
    return SearchResult(
        passage_id="d-0001", text=text, score=1.0, document=DocumentRef(id="d", title="D"),
        start=offset, end=offset + len(text),
        highlight=HighlightSpan(text=text[start:end], start=offset + start, end=offset + end),
    )


def test_snippet_marks_the_highlighted_sentence_and_escapes():
    text = "Primero <b>. La Promoción del Empleo & más. Fin."
    at = text.index("La")
    marked = str(web.snippet(_result(text, at, text.index(" Fin"))))
    assert "<mark>La Promoción del Empleo &amp; más.</mark>" in marked
    assert "&lt;b&gt;" in marked


def test_snippet_cuts_long_context_at_words():
    text = "palabra " * 60 + "La frase buscada." + " otra" * 60
    at = text.index("La frase")
    marked = str(web.snippet(_result(text, at, at + len("La frase buscada.")), context=40))
    assert marked.startswith("…") and marked.endswith("…")
    assert "<mark>La frase buscada.</mark>" in marked


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
