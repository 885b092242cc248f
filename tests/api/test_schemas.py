"""The JSON of a search is made from the workspace's outcome (no corpus, no model)."""

from __future__ import annotations

from dataclasses import replace

from quipu.api.schemas import SearchResponse
from quipu.search import CatalogEntity, Facets, FacetValue, PassageRecord
from quipu.search.highlight import Highlight
from quipu.search.store import Neighbours
from quipu.workspace.workspace import SearchHit, SearchOutcome

PUNO = CatalogEntity(key="region/puno", type="region", label="Puno")


def _outcome() -> SearchOutcome:
    record = PassageRecord(
        id="guia-0003", document_id="guia", document_title="Guía", text="Intro. La bolsa de trabajo de Puno.",
        start=100, end=135, section=("Servicios", "Bolsa"), page=2, year=2015,
    )
    return SearchOutcome(
        query="bolsa de trabajo",
        mode="full",
        took_ms=1.25,
        hits=(SearchHit(record, 0.5, Highlight(start=7, end=35, text="La bolsa de trabajo de Puno."), (PUNO,)),),
        facets=Facets(considered=1, fields={"region": [FacetValue("region/puno", "Puno", 1, "region")]}),
        filters={"year": ("2015",)},
        query_entities=(),
    )


def test_a_hit_becomes_a_result_with_document_offsets():
    result = SearchResponse.of(_outcome()).results[0]
    assert result.highlight is not None
    assert (result.highlight.start, result.highlight.end) == (107, 135)  # the passage starts at 100
    assert result.section == "Bolsa" and result.section_path == ["Servicios", "Bolsa"]
    assert [e.key for e in result.entities] == ["region/puno"]


def test_a_result_is_plain_text_and_its_highlight_marks_the_same_words():
    text = "## Servicios\n\n- a.** La **bolsa de trabajo** de <b>Puno</b>. Otra frase."
    record = PassageRecord(id="guia-0004", document_id="guia", document_title="Guía", text=text, start=500, end=500 + len(text))
    start, end = text.index("La "), text.index(" Otra")
    hit = SearchHit(record, 0.5, Highlight(start=start, end=end, text=text[start:end]), ())
    outcome = SearchOutcome("bolsa", "full", 1.0, (hit,), Facets(considered=1, fields={}), {}, ())
    result = SearchResponse.of(outcome).results[0]
    assert result.text == "Servicios\n\n• a. La bolsa de trabajo de Puno. Otra frase."
    assert result.highlight is not None
    assert result.highlight.text == "La bolsa de trabajo de Puno."
    assert result.text[result.highlight.text_start : result.highlight.text_end] == result.highlight.text
    assert (result.highlight.start, result.highlight.end) == (500 + start, 500 + end)  # still document offsets
    assert (result.start, result.end) == (500, 500 + len(text))


def test_the_response_carries_filters_facets_and_their_depth():
    body = SearchResponse.of(_outcome()).model_dump()
    assert body["filters"] == {"year": ["2015"]}
    assert body["facets"]["region"] == [{"value": "region/puno", "label": "Puno", "count": 1, "type": "region"}]
    assert body["facets_over"] == 1 and body["took_ms"] == 1.25
    assert list(body) == [
        "query", "results", "mode", "took_ms", "filters", "facets", "facets_over", "query_entities",
        "low_confidence", "suggestions",
    ]


def test_the_response_says_when_nothing_close_was_found_and_keeps_the_hits():
    assert SearchResponse.of(_outcome()).model_dump()["low_confidence"] is False
    far = replace(_outcome(), query="bolsa de trabjo", low_confidence=True, suggestions=("bolsa de trabajo",))
    body = SearchResponse.of(far).model_dump()
    assert body["low_confidence"] is True and body["suggestions"] == ["bolsa de trabajo"]
    assert len(body["results"]) == 1


def test_context_adds_the_neighbours_of_a_hit_and_nothing_else():
    outcome = _outcome()
    before = PassageRecord(
        id="guia-0002", document_id="guia", document_title="Guía", text="## Servicios\n\n**Orientación** laboral.",
        start=60, end=98, section=("Servicios",), page=2,
    )
    body = SearchResponse.of(outcome, [Neighbours(before=(before,), after=())]).model_dump()
    result = body["results"][0]
    assert result["before"] == [{
        "passage_id": "guia-0002", "text": "Servicios\n\nOrientación laboral.", "section": "Servicios",
        "section_path": ["Servicios"], "page": 2, "start": 60, "end": 98, "kind": "text",
    }]
    assert result["after"] == []  # asked, and none: the last passage of its document
    plain = SearchResponse.of(outcome).model_dump()
    assert plain["results"][0]["before"] is None and plain["results"][0]["after"] is None  # not asked
    assert body | {"results": [result | {"before": None, "after": None}]} == plain
