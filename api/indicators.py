"""The indicator a value question describes without naming it.

"¿Qué meta de satisfacción de usuarios se fijó el ministerio para 2024?" asks for the values
of an indicator whose name ("% de satisfacción del usuario en la atención …") the question
only paraphrases, so the entity catalog does not recognise it. Every entity that has values
in the graph (an indicator, or an activity, action or programme a table gives figures for)
is scored by the words of its name that the question uses, each weighted by how rare it is
among those names: "personas" or "número" open half of all indicator names and say little,
"satisfacción" or "tripartita" pick one out. An English question is matched through the
Spanish translations of its words.

The best-scoring entity is the answer only when the question covers most of the weight of
its name and it clearly beats every other: a question that could be about two indicators
gets no values rather than the wrong ones.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from quipu.core.language import detect_language
from quipu.search.analysis import spanish_analyzer
from quipu.search.glossary import default_vocabulary

# Share of the weight of an entity's name that the question's words must cover.
COVERAGE = 0.35
# Least number of the name's words the question must use.
MIN_WORDS = 2
# How much more a best match must score than the runner-up to be taken alone.
MARGIN = 1.25
# Least length of two stems one of which begins the other for them to count as one word.
PREFIX = 5
# Share of the weight of two names that their common words must carry for them to name one indicator.
NAMESAKE = 0.75


@dataclass(frozen=True)
class Match:
    key: str
    label: str
    score: float


class ObservedNames:
    """The names of the entities that have values, weighted for matching against questions."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self._stems = {key: _distinct(_terms(label)) for key, label in labels.items()}
        df = Counter(stem for stems in self._stems.values() for stem in stems)
        self._vocabulary = frozenset(df)
        total = max(1, len(self._stems))
        self._weight = {stem: math.log(1 + total / n) for stem, n in df.items()}

    def weight(self, stems: Iterable[str]) -> float:
        return sum(self._weight.get(s, 0.0) for s in stems)

    def best(self, question: str, named: Iterable[str] = (), among: Iterable[str] | None = None) -> list[Match]:
        """The entities ``question`` describes by the words of their names, if one or two
        clearly do: the best, with a runner-up that scores nearly as well and matches words
        of the question the best does not (two indicators of one table often differ by a
        qualifier), and none when a third is as close (the question is too vague to pick one).

        The words of ``named`` (the names of the entities the question names outright) do
        not describe an indicator: "the ministry's target" is not the indicator that names
        the ministry. ``among`` are the indicators of an objective or action the question
        names ("the indicator of OEI 5 on child labour"): the answer is one of them, so one
        alone is the answer and, of several, a word of its name is enough to choose."""
        words = set(_terms(question))
        if detect_language(question) == "en":
            words |= set(_terms(default_vocabulary().translate(question).text))
        for name in named:
            words -= set(_terms(name))
        said = self._said(words)
        pool = self._stems if among is None else {k: self._stems[k] for k in among if k in self._stems}
        if among is not None and len(pool) == 1:
            key = next(iter(pool))
            return [Match(key, self.labels[key], 1.0)]
        least, coverage = (MIN_WORDS, COVERAGE) if among is None else (1, 0.0)
        scored: list[tuple[Match, frozenset[str]]] = []
        for key, stems in pool.items():
            shared = stems & said
            if not stems or len(shared) < least:
                continue
            cover = self.weight(shared) / self.weight(stems)
            if cover >= coverage:
                scored.append((Match(key, self.labels[key], cover * self.weight(shared)), shared))
        # A name that matches only some of the words another matches is not what the question
        # describes, however short (and so well covered) it is.
        scored = [(m, shared) for m, shared in scored if not any(shared < other for _, other in scored)]
        if not scored:
            return []
        scored.sort(key=lambda pair: -pair[0].score)
        first, rest = scored[0][0], scored[1:]
        # A table and the prose beside it often give one indicator twice, under names that
        # differ by a word: such a namesake is the same answer, not a rival.
        close = [m for m, _ in rest if m.score * MARGIN > first.score and not self._namesakes(first.key, m.key)]
        if len(close) > 1:
            return []
        return [first, *close]

    def _said(self, words: set[str]) -> frozenset[str]:
        """The stems of the names that the question's ``words`` say: the same stem, or one that
        begins the other when both are long (Snowball cuts "certificación" and "certificadas",
        or the English "victims" and the Spanish "víctimas", to stems one of which begins the
        other)."""
        begun = {w[:k] for w in words for k in range(PREFIX, len(w) + 1)}
        return frozenset(
            s for s in self._vocabulary
            if s in words or len(s) >= PREFIX and (s in begun or any(s[:k] in words for k in range(PREFIX, len(s))))
        )

    def _namesakes(self, a: str, b: str) -> bool:
        one, other = self._stems[a], self._stems[b]
        return self.weight(one & other) >= NAMESAKE * self.weight(one | other)


def _terms(text: str) -> list[str]:
    """Snowball stems of the content words (the lexical index's analysis): "informalidad" and
    "información" stay apart, "metas" and "meta" meet."""
    return [t for t in spanish_analyzer().terms(text) if not t.isdigit() and len(t) > 1]


def _distinct(stems: Iterable[str]) -> frozenset[str]:
    """``stems`` less those that begin a longer one (a name's "certificación" and "certificados"
    are one word to match, not two)."""
    found = set(stems)
    return frozenset(s for s in found if not (len(s) >= PREFIX and any(o != s and o.startswith(s) for o in found)))


_lock = threading.Lock()
_built: dict[int, tuple[dict[str, str], ObservedNames]] = {}


def observed_names(labels: dict[str, str]) -> ObservedNames:
    """The :class:`ObservedNames` of ``labels`` (the graph's cached map), built once per map."""
    with _lock:
        held = _built.get(id(labels))
        if held is not None and held[0] is labels:
            return held[1]
    names = ObservedNames(labels)
    with _lock:
        _built.clear()  # one store's map at a time is what a server answers from
        _built[id(labels)] = (labels, names)
    return names


__all__ = ["Match", "ObservedNames", "observed_names"]
