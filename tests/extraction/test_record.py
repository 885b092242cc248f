"""What counts as the same fact: record.py is the one place that adds mentions, links and
observations, and each ``also_same`` key or named function refuses what its docstring says."""

from __future__ import annotations

import pytest

from quipu.ingest.extract.record import (
    add_cited_link,
    add_link,
    add_mention,
    add_observation,
    add_uncovered_mention,
    link_pair,
    mention_offsets,
    parsed_value,
    parsed_value_any_period,
)
from quipu.ingest.facts import Entity, Facts, Link, Observation, Span


def _link(subject: str, predicate, obj: str, evidence: Span) -> Link:
    return Link(subject, predicate, obj, evidence, rule="https://w3id.org/quipu/id/rule/test")


def _span(start: int, end: int, passage: str = "doc-0000", quote: str = "") -> Span:
    return Span(passage, start, end, quote or "x" * (end - start))


def _entity() -> Entity:
    return Entity(key="institution/mtpe", type="institution", label="MTPE")


def test_a_mention_is_added_once_per_span() -> None:
    entity = _entity()
    assert add_mention(entity, _span(0, 4))
    assert not add_mention(entity, _span(0, 4))
    assert add_mention(entity, _span(0, 4, passage="doc-0001"))  # another passage: another span
    assert len(entity.mentions) == 2


def test_same_offsets_refuses_a_span_cut_from_another_passage() -> None:
    entity = _entity()
    add_mention(entity, _span(0, 4))
    assert not add_mention(entity, _span(0, 4, passage="doc-0001"), also_same=mention_offsets)
    assert add_mention(entity, _span(0, 5), also_same=mention_offsets)


def test_an_uncovered_mention_is_refused_inside_a_longer_one() -> None:
    entity = _entity()
    assert add_uncovered_mention(entity, _span(10, 40))
    assert not add_uncovered_mention(entity, _span(12, 16))  # the acronym inside its definition
    assert add_uncovered_mention(entity, _span(38, 44))  # reaches past it
    entity.mentions.clear()  # a list changed behind its back is read again
    assert add_uncovered_mention(entity, _span(12, 16))


def test_a_link_is_added_once_per_triple_and_never_to_itself() -> None:
    facts = Facts("doc")
    first = _link("institution/a", "runs", "service/b", _span(0, 4))
    assert add_link(facts, first)
    assert not add_link(facts, _link("institution/a", "runs", "service/b", _span(9, 12)))  # other evidence
    assert not add_link(facts, _link("service/b", "partOf", "service/b", _span(0, 4)))
    assert add_link(facts, _link("institution/a", "funds", "service/b", _span(0, 4)))
    assert facts.links == [first, _link("institution/a", "funds", "service/b", _span(0, 4))]


def test_link_pair_refuses_any_link_between_the_two() -> None:
    facts = Facts("doc")
    add_link(facts, _link("service/b", "competentAuthority", "institution/a", _span(0, 4)))
    assert not add_link(facts, _link("institution/a", "runs", "service/b", _span(0, 4)), also_same=link_pair)
    assert add_link(facts, _link("institution/a", "runs", "service/c", _span(0, 4)), also_same=link_pair)


def test_a_cited_link_is_kept_per_piece_of_evidence() -> None:
    facts = Facts("doc")
    link = _link("plan/poi-2024", "approvedBy", "norm/rm-2-2024-tr", _span(0, 4))
    assert add_cited_link(facts, link)
    assert add_cited_link(facts, _link(link.subject, link.predicate, link.object, _span(20, 24)))
    assert not add_cited_link(facts, link)
    assert not add_cited_link(facts, _link("norm/a", "amends", "norm/a", _span(0, 4)))
    # the ordinary check still sees the cited triple
    assert not add_link(facts, _link(link.subject, link.predicate, link.object, _span(40, 44)))


def _value(raw: str, value: float, period: str | None = "2024") -> Observation:
    return Observation("indicator/ic-3", "target", raw, _span(0, len(raw)), value=value, period=period)


def test_an_observation_is_added_once_as_printed() -> None:
    facts = Facts("doc")
    assert add_observation(facts, _value("S/ 12,500,000.00", 12_500_000))
    assert not add_observation(facts, _value("S/ 12,500,000.00", 12_500_000))
    assert add_observation(facts, _value("S/12,500,000.00", 12_500_000))  # printed otherwise
    assert add_observation(facts, _value("S/ 12,500,000.00", 12_500_000, period="2025"))


def test_parsed_value_refuses_the_same_number_printed_otherwise() -> None:
    facts = Facts("doc")
    add_observation(facts, _value("S/ 12,500,000.00", 12_500_000))
    assert not add_observation(facts, _value("S/12,500,000.00", 12_500_000), also_same=parsed_value)
    assert add_observation(facts, _value("S/12,500,000.00", 12_500_000, period="2025"), also_same=parsed_value)


def test_parsed_value_any_period_refuses_the_number_in_any_period() -> None:
    facts = Facts("doc")
    add_observation(facts, _value("7", 7, period="2024"))
    assert not add_observation(facts, _value("07", 7, period=None), also_same=parsed_value_any_period)
    assert add_observation(facts, _value("8", 8, period=None), also_same=parsed_value_any_period)


def test_a_link_without_its_rule_is_refused() -> None:
    # every extracted fact names what read it, so a wrong one can be traced
    with pytest.raises(ValueError, match="no rule"):
        add_link(Facts("doc"), Link("institution/a", "runs", "service/b", _span(0, 4)))
