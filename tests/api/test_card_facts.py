"""Which of an entity's links a card shows (quipu.api.answers._facts), on hand-made entities.

A unit test of the card's logic: the sentence check is stubbed (every source's sentence names
the other end alone). The whole chain, on the ingested corpus, is tests/api/test_cards.py.
"""

from __future__ import annotations

import pytest

from quipu.api import answers
from quipu.api.questions import read_question
from quipu.graph import explore
from quipu.search.catalog import CatalogEntity

BASE = "https://w3id.org/quipu/id/"
RULE = BASE + "rule/"
QP = "https://w3id.org/quipu/ontology#"


class _EverySentenceNamesIt:
    """Evidence whose every sentence names the fact's other end and nothing of its kind."""

    def passage_names(self, source: explore.Source, keys: set[str]) -> bool:
        return True

    def check(self, source: explore.Source, other: str) -> bool | None:
        return False

    def source(self, source: explore.Source) -> answers.FactSource:
        return answers.FactSource(
            quote=source.quote, document_id=source.document.id, document_title=None,
            passage_id=source.passage_id, section=None, start=source.start, end=source.end,
        )


def _ref(key: str, label: str) -> explore.EntityRef:
    return explore.EntityRef(BASE + key, key, key.split("/", 1)[0], label)


def _run_by(key: str, label: str, *rules: str) -> explore.Link:
    source = explore.Source(f"conducido por {label}", explore.DocumentRef("doc", None), None, 0, 10, BASE + "passage/doc-0001", "doc-0001")
    return explore.Link(QP + "runBy", "qp:runBy", _ref(key, label), [source], [RULE + r for r in rules])


def _service(*links: explore.Link) -> explore.EntityDetail:
    return explore.EntityDetail(
        BASE + "service/bolsa", "service/bolsa", "service", [QP + "Service"], "Bolsa de Trabajo", [], {},
        list(links), [], [], 1,
    )


SERVICE = CatalogEntity(key="service/bolsa", label="Bolsa de Trabajo", type="service", names=("Bolsa de Trabajo",))


@pytest.mark.parametrize(
    ("links", "shown"),
    [
        # a rule reads the runner: the model's other guess is not shown beside it
        pytest.param(
            [_run_by("institution/a", "Dirección A", "relations/runs"), _run_by("institution/b", "Dirección B", "learned/runs")],
            ["institution/a"],
            id="rule-and-model",
        ),
        # a runner both a rule and the model read is a rule's reading
        pytest.param(
            [_run_by("institution/a", "Dirección A", "learned/runs", "relations/runs"), _run_by("institution/b", "Dirección B", "learned/runs")],
            ["institution/a"],
            id="read-by-both",
        ),
        # no rule reads a runner: the model's is the card's only answer, and is shown
        pytest.param(
            [_run_by("institution/b", "Dirección B", "learned/runs")],
            ["institution/b"],
            id="model-alone",
        ),
        # facts written before rules were recorded name none: shown as a rule's
        pytest.param(
            [_run_by("institution/a", "Dirección A"), _run_by("institution/b", "Dirección B")],
            ["institution/a", "institution/b"],
            id="no-rules-recorded",
        ),
    ],
)
def test_a_learned_link_gives_way_to_one_a_rule_reads(links, shown):
    intent = read_question("¿Quién ejecuta la Bolsa de Trabajo?", [SERVICE])
    facts = answers._facts(_service(*links), intent, _EverySentenceNamesIt(), "es")  # type: ignore[arg-type]
    assert [f.entity.key for f in facts] == shown
