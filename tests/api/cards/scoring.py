"""Scores answer cards against the annotated questions of ``questions.toml``.

A card shows facts (``subject property object``, each end an entity) and, for an
indicator, values (kind, period, value). Every one of them counts:

* a fact is right when the annotators listed it for the question (``must`` or ``may``);
  an end is matched through the index's entity catalog (key, label, names, acronyms) and
  the file's ``[aliases]``; a name cut short with "…" (long official names are kept to their
  first words, so the gold files do not quote the corpus) matches every entity a name of
  which begins so;
* a value is right when it is one of the question's ``values`` (same kind and period, and
  the same number when the annotators gave one);
* everything else a card shows is wrong, and on a ``no_card`` question every fact shown is
  wrong.

Precision is right over shown, pooled over the questions of a split; recall is the share of
``must`` facts and ``values`` shown. The blind split (``blind7``, ``blind-7.toml``) is frozen:
it was written before the system ran on it, and code is never changed because of its misses.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quipu.api.answers import AnswerCard, answer_cards
from quipu.core.text import fold, parse_number
from quipu.workspace.workspace import Workspace

# The development questions, then the frozen blind split. Each earlier blind split became
# development questions once measured (see the headers of questions.toml and blind-2.toml).
QUESTION_FILES = tuple(
    Path(__file__).with_name(n)
    for n in ("questions.toml", "blind-2.toml", "blind-3.toml", "blind-4.toml", "blind-5.toml", "blind-6.toml",
              "blind-7.toml")
)
SPLITS = ("dev", "blind7")

# Properties that state one relation in opposite directions.
INVERSE = {"evaluates": "evaluatedBy"}


def load(paths: tuple[Path, ...] = QUESTION_FILES) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The questions of every file, and their aliases merged."""
    questions: list[dict[str, Any]] = []
    aliases: dict[str, list[str]] = {}
    for path in paths:
        if not path.exists():
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        questions += data["question"]
        for name, others in data.get("aliases", {}).items():
            aliases.setdefault(name, []).extend(others)
    return questions, aliases


@dataclass
class Score:
    shown: int = 0
    right: int = 0
    must: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.shown if self.shown else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.must if self.must else 1.0

    def add(self, other: Score) -> None:
        self.shown += other.shown
        self.right += other.right
        self.must += other.must
        self.found += other.found
        self.wrong += other.wrong
        self.missed += other.missed


class Names:
    """Which entity keys a name in the gold stands for."""

    def __init__(self, workspace: Workspace, aliases: dict[str, list[str]]) -> None:
        self.catalog = workspace.index.catalog
        self.aliases: dict[str, set[str]] = {}
        for name, others in aliases.items():
            group = {fold(name), *(fold(o) for o in others)}
            for member in group:
                self.aliases.setdefault(member, set()).update(group)

    def keys(self, name: str) -> set[str]:
        keys = set()
        for variant in self.aliases.get(fold(name), {fold(name)}) | {name}:
            if variant.endswith("…"):  # a long official name, cut so the gold does not quote the corpus
                prefix = fold(variant[:-1]).strip()
                keys |= {
                    e.key for e in self.catalog.entities.values()
                    if any(fold(n).startswith(prefix) for n in (e.label, *e.names))
                }
            elif (entity := self.catalog.resolve(variant)) is not None:
                keys.add(entity.key)
        if not keys:  # a longer wording of a known name: the entities it names, if it names one
            named = self.catalog.recognise(name)
            if len(named) == 1:
                keys.add(named[0].key)
        return keys


def _property(name: str) -> str:
    bare = name.split(":", 1)[-1]
    return INVERSE.get(bare, bare)


def _triples(card: AnswerCard) -> Iterable[tuple[str, str, str, str]]:
    """(subject key, property, object key, how it reads) for every fact the card shows."""
    for fact in card.facts:
        near = fact.via.key if fact.via else card.entity.key
        subject, obj = (near, fact.entity.key) if fact.direction == "out" else (fact.entity.key, near)
        prop = fact.property.split(":", 1)[-1]
        if prop == "evaluates":
            subject, obj = obj, subject
        yield subject, _property(prop), obj, f"{subject} {prop} {obj}"


def _same_number(printed: str, wanted: str) -> bool:
    a, b = parse_number(printed), parse_number(wanted)
    if a is None or b is None:
        return fold(printed).strip() == fold(wanted).strip()
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _same_period(shown: str | None, wanted: object) -> bool:
    """A value's period matches the gold's when it starts with it ("2024" ~ "2024-12"); a value
    printed without a period matches any (the annotators sometimes inferred one)."""
    return shown is None or str(shown).startswith(str(wanted))


def _value_matches(card: AnswerCard, row: Any, gold: list[Any] | tuple[Any, ...], names: Names) -> bool:
    """A shown value is the gold's: same kind and period, and the indicator the annotators
    named with the same number, or the same printed number (they named some values by what
    they are the cost of, not by the row's indicator)."""
    indicator, kind, period, value = gold
    if row.kind != kind or not _same_period(row.period, period):
        return False
    if card.entity.key in names.keys(indicator):
        return not value or _same_number(row.value, str(value))
    return bool(value) and _same_number(row.value, str(value))


def score_question(question: dict[str, Any], cards: list[AnswerCard], names: Names) -> Score:
    score = Score()
    gold = [(names.keys(s), _property(p), names.keys(o)) for s, p, o in question.get("must", [])]
    allowed = gold + [(names.keys(s), _property(p), names.keys(o)) for s, p, o in question.get("may", [])]
    values = question.get("values", [])
    shown_triples = [t for card in cards for t in _triples(card)]
    for subject, prop, obj, reads in shown_triples:
        score.shown += 1
        ok = not question.get("no_card") and any(
            prop == p and subject in s and obj in o for s, p, o in allowed
        )
        score.right += ok
        if not ok:
            score.wrong.append(f"{question['id']}: {reads}")
    for card in cards:
        for row in card.observations:
            score.shown += 1
            ok = not question.get("no_card") and any(_value_matches(card, row, gold, names) for gold in values)
            score.right += ok
            if not ok:
                score.wrong.append(f"{question['id']}: {card.entity.key} {row.kind} {row.period} = {row.value}")
    for s, p, o in gold:
        score.must += 1
        if any(prop == p and subject in s and obj in o for subject, prop, obj, _ in shown_triples):
            score.found += 1
        else:
            score.missed.append(f"{question['id']}: {sorted(s) or '?'} {p} {sorted(o) or '?'}")
    for ind, kind, period, value in values:
        score.must += 1
        if any(_value_matches(card, row, (ind, kind, period, value), names) for card in cards for row in card.observations):
            score.found += 1
        else:
            score.missed.append(f"{question['id']}: {ind} {kind} {period} = {value}")
    return score


def score_split(workspace: Workspace, split: str, *, lang: str | None = None) -> tuple[Score, int]:
    """The pooled score of a split's questions, and how many questions it has."""
    questions, aliases = load()
    names = Names(workspace, aliases)
    total = Score()
    count = 0
    for question in questions:
        if question["split"] != split or (lang and question["lang"] != lang):
            continue
        count += 1
        total.add(score_question(question, answer_cards(workspace, question["q"]), names))
    return total, count


