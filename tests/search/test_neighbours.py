"""The passages around a hit (search ``context``): read from either store, never ranked.

Two invented documents whose passages are stored interleaved, with vectors from a tiny
word-hashing embedder, so no model is needed.
"""

from __future__ import annotations

import pytest

from quipu.search import PassageRecord, SearchIndex
from quipu.search.store import Neighbours

PLAN = [
    "El plan regional de empleo se aprobó en marzo.",
    "La bolsa de trabajo atendió a mil personas en Puno.",
    "La orientación vocacional llegó a los colegios de la provincia.",
    "El presupuesto del plan se ejecutó al noventa por ciento.",
    "Las metas del año siguiente se fijaron con los municipios.",
]
REPORT = [
    "El informe evalúa la ventanilla única de empleo.",
    "La ventanilla ofrece capacitación laboral a los jóvenes.",
    "El informe recomienda más personal para la ventanilla.",
]


def _records(document_id: str, texts: list[str]) -> list[PassageRecord]:
    found, start = [], 0
    for ordinal, text in enumerate(texts):
        found.append(
            PassageRecord(
                id=f"{document_id}-{ordinal:04d}",
                document_id=document_id,
                document_title=document_id.title(),
                text=text,
                start=start,
                end=start + len(text),
                section=("Sección", f"Parte {ordinal}"),
            )
        )
        start += len(text) + 2
    return found


def _interleaved() -> list[PassageRecord]:
    plan, report = _records("plan", PLAN), _records("informe", REPORT)
    rows = []
    for at in range(max(len(plan), len(report))):
        rows.extend(r[at] for r in (plan, report) if at < len(r))
    return rows


@pytest.fixture(scope="module")
def index(on_backend, hashed_embedder) -> SearchIndex:
    embedder = hashed_embedder("words")
    records = _interleaved()
    vectors = embedder.embed_passages([r.text for r in records])
    return on_backend(SearchIndex.build(records, vectors, model=embedder.name, embedder=embedder))


def ids(records) -> list[str]:
    return [r.id for r in records]


@pytest.mark.parametrize(
    ("passage", "n", "before", "after"),
    [
        pytest.param("plan-0000", 1, [], ["plan-0001"], id="the first passage has nothing before it"),
        pytest.param("plan-0000", 2, [], ["plan-0001", "plan-0002"], id="the first passage, two after"),
        pytest.param("plan-0002", 1, ["plan-0001"], ["plan-0003"], id="a middle passage"),
        pytest.param("plan-0002", 3, ["plan-0000", "plan-0001"], ["plan-0003", "plan-0004"], id="fewer at both edges"),
        pytest.param("plan-0004", 2, ["plan-0002", "plan-0003"], [], id="the last passage has nothing after it"),
        pytest.param("informe-0001", 3, ["informe-0000"], ["informe-0002"], id="never another document's passages"),
    ],
)
def test_neighbours_are_the_adjacent_passages_of_the_same_document(index, passage, n, before, after):
    [around] = index.neighbours([passage], n)
    assert (ids(around.before), ids(around.after)) == (before, after)
    # They are the passages themselves, as a search returns them.
    assert [r.text for r in around.after] == [next(x.text for x in index.records if x.id == i) for i in after]


def test_neighbours_follow_the_order_asked_and_repeat_for_repeated_ids(index):
    found = index.neighbours(["informe-0002", "plan-0001", "informe-0002"], 1)
    assert [(ids(a.before), ids(a.after)) for a in found] == [
        (["informe-0001"], []),
        (["plan-0000"], ["plan-0002"]),
        (["informe-0001"], []),
    ]


def test_no_context_and_unknown_passages_have_no_neighbours(index):
    assert index.neighbours(["plan-0002", "nada-0000"], 0) == [Neighbours(), Neighbours()]
    assert index.neighbours(["nada-0000"], 2) == [Neighbours()]
    assert index.neighbours([], 2) == []


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid", "full"])
def test_reading_neighbours_leaves_the_ranking_alone(index, mode):
    query = "ventanilla de empleo para jóvenes"
    first = [(h.record.id, h.score) for h in index.search(query, 5, mode=mode)]
    index.neighbours([i for i, _ in first], 2)
    assert [(h.record.id, h.score) for h in index.search(query, 5, mode=mode)] == first
