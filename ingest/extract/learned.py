"""Links between two mentions of a sentence, scored by a linear model learned from annotated documents.

The cue lexicon (:mod:`.relations`) links two names only when the words between them are
a known phrasing, so it misses what new authors write in ways nobody foresaw: a clause, an
aside or a list between the two names. This extractor looks at every pair of mentions a
few names apart in a prose sentence that the rules left unlinked, describes the pair by
its words (between the names, just before the first, just after the second), the kinds of
the two names and the names between them, and asks a logistic model, one per predicate and
direction, whether the sentence states that link.

The weights are data (``links_model.json``), trained by ``benchmarks/train_links.py`` on
the development gold sets only (``tests/extraction/goldsets/dev*``, never a blind set), so
the model can be retrained on a user's own annotations in the same format. A link it adds
carries the rule ``learned/<predicate>`` so it can be told apart from a cue's.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from quipu.core.text import fold_same_length
from quipu.ingest.facts import Facts, Link, is_link_predicate, rule
from quipu.ingest.models import Document, Passage

from .record import add_link, link_pair
from .relations import Mention, sentence_mentions
from .spans import iter_sentences, span

MODEL = Path(__file__).with_name("links_model.json")
# Pairs further apart than this, in names or characters, are not read: a sentence that
# states a link between names five names apart is rare, and the candidates grow fast.
MAX_NAMES_APART = 4
MAX_CHARS_APART = 260
_TOKEN = re.compile(r"[\w/.-]+|[,;:()«»\"]")
# the placeholder a name between the pair is read as
_NAME = {"institution": "<inst>", "programme": "<prog>", "service": "<serv>", "region": "<reg>", "norm": "<norm>"}


@dataclass(frozen=True)
class Pair:
    """Two mentions of one sentence, in reading order, and what describes them."""

    passage: Passage
    first: Mention
    second: Mention
    features: tuple[str, ...]


Token = tuple[int, int, str]  # document offsets and the folded word


def tokens(text: str, offset: int) -> list[Token]:
    """The folded words and marks of ``text``, which starts at document offset ``offset``."""
    return [(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(fold_same_length(text))]


def _between(words: list[Token], names: list[Mention]) -> list[str]:
    """The words between two mentions, each name among them read once, as its kind."""
    out: list[str] = []
    at, said = 0, -1
    for start, _, word in words:
        while at < len(names) and names[at].end <= start:
            at += 1
        if at < len(names) and names[at].start <= start:
            if said != at:
                out.append(_NAME.get(names[at].type, "<name>"))
                said = at
            continue
        out.append(word)
    return out


_LOWER = re.compile(r"[a-záéíóúñü]")


def _crosses_debris(between: str) -> bool:
    """Whether a line between two names (or the rest of the first name's line) has words but
    none in lower case: a chart's labels or a table's header flattened into the text, which a
    sentence does not run across."""
    # the whole lines between, and the rest of the first name's line ("SENEP OTROS VUPE")
    lines = between.split("\n")[:-1]
    return any(len(re.findall(r"[^\W\d_]{2,}", line)) >= 2 and not _LOWER.search(line) for line in lines)


def _bucket(n: int) -> str:
    for top in (0, 1, 2, 3, 5, 8, 12, 20):
        if n <= top:
            return str(top)
    return "more"


def pair_features(words: list[Token], first: Mention, second: Mention, between_names: list[Mention]) -> tuple[str, ...]:
    """The words and kinds that describe a pair; ``words`` are its sentence's (:func:`tokens`)."""
    at = bisect.bisect_left(words, (first.start,))
    before = [w for _, _, w in words[max(at - 3, 0) : at]]
    inside_from = bisect.bisect_left(words, (first.end,))
    after_at = bisect.bisect_left(words, (second.end,))
    between_to = bisect.bisect_left(words, (second.start,))
    after = [w for _, _, w in words[after_at : after_at + 3]]
    between = _between(words[inside_from:between_to], between_names)
    found = [f"ty={first.type}>{second.type}", f"gap={_bucket(len(between))}", f"names={min(len(between_names), 3)}"]
    if not before:
        found.append("starts")
    for token in between:
        found.append(f"b={token}")
        if len(token) > 6 and token.isalpha():
            found.append(f"b5={token[:5]}")  # a stem: "ejecuto", "ejecutara", "ejecutado"
    found += [f"bb={a}_{b}" for a, b in zip(between, between[1:])]
    found += [f"b{i}={t}" for i, t in enumerate(between[:2])]
    found += [f"e{i}={t}" for i, t in enumerate(reversed(between[-2:]))]
    if before:
        found += [f"l={t}" for t in before] + [f"l0={before[-1]}"]
    if after:
        found += [f"r={t}" for t in after] + [f"r0={after[0]}"]
    found += [f"mt={_NAME.get(m.type, '<name>')}" for m in between_names]
    # a name of the same kind between the two is often the one really linked
    if any(m.type == first.type for m in between_names):
        found.append("same-as-first-between")
    if any(m.type == second.type for m in between_names):
        found.append("same-as-second-between")
    return tuple(found)


def sentence_pairs(document: Document, facts: Facts, kinds: frozenset[frozenset[str]] | None = None) -> Iterator[Pair]:
    """The pairs of mentions of each prose sentence that are close enough to be read
    (and, given ``kinds``, whose two kinds some model may link)."""
    by_passage = sentence_mentions(document, facts)
    for sentence in iter_sentences(document):
        passage = sentence.passage
        if passage.kind != "text":
            continue  # a table row's links come from its header (tables.py)
        mentions = by_passage.get(passage.id)
        if not mentions or len(mentions) < 2:
            continue
        lo, hi = passage.start + sentence.start, passage.start + sentence.end
        inside = [m for m in mentions if lo <= m.start and m.end <= hi]
        if len(inside) < 2:
            continue
        words: list[Token] | None = None
        for i, first in enumerate(inside):
            for j in range(i + 1, min(i + 1 + MAX_NAMES_APART, len(inside))):
                second = inside[j]
                if second.start - first.end > MAX_CHARS_APART or second.start < first.end:
                    break
                if second.key == first.key or kinds is not None and frozenset((first.type, second.type)) not in kinds:
                    continue
                gap = passage.text[first.end - passage.start : second.start - passage.start]
                if "\n" in gap and _crosses_debris(gap):
                    continue
                if words is None:
                    words = tokens(passage.text[sentence.start : sentence.end], lo)
                yield Pair(passage, first, second, pair_features(words, first, second, inside[i + 1 : j]))


@dataclass(frozen=True)
class LinkModel:
    """Weights of one logistic model per (predicate, direction), and the pairs of kinds each may link."""

    # "runs>" : the first mention is the subject; "runs<" : the second is
    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    # (subject kind, object kind) each model may link
    kinds: dict[str, tuple[tuple[str, str], ...]]
    # the probability each model's links need, chosen on the sets left out in training
    thresholds: dict[str, float]
    trained_on: str = ""

    @cached_property
    def pair_kinds(self) -> frozenset[frozenset[str]]:
        """The unordered pairs of kinds some model may link: other pairs are not read."""
        return frozenset(frozenset(ends) for pairs in self.kinds.values() for ends in pairs)

    def probability(self, name: str, features: tuple[str, ...]) -> float:
        weights = self.weights[name]
        score = self.bias.get(name, 0.0) + sum(weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-score))

    def best(self, pair: Pair) -> tuple[str, float] | None:
        """The most probable (model, probability) for a pair, among the models its kinds allow."""
        best: tuple[str, float] | None = None
        for name in self.thresholds:
            forward = name.endswith(">")
            ends = (pair.first.type, pair.second.type) if forward else (pair.second.type, pair.first.type)
            if ends not in self.kinds.get(name, ()):
                continue
            probability = self.probability(name, pair.features)
            if best is None or probability > best[1]:
                best = (name, probability)
        return best

    def to_json(self) -> str:
        return json.dumps(
            {
                "trained_on": self.trained_on,
                "thresholds": self.thresholds,
                "bias": self.bias,
                "kinds": {k: [list(p) for p in v] for k, v in self.kinds.items()},
                "weights": self.weights,
            },
            ensure_ascii=False,
            separators=(",", ":"),
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> LinkModel:
        data = json.loads(text)
        for name in data["weights"]:
            if not is_link_predicate(name[:-1]) or name[-1] not in "<>":
                raise ValueError(f"links model: {name!r} is not a predicate followed by > or <")
        for name in data["thresholds"]:
            if name not in data["weights"]:
                raise ValueError(f"links model: a threshold for {name!r}, which has no weights")
        return cls(
            weights=data["weights"],
            bias=data["bias"],
            kinds={k: tuple(tuple(p) for p in v) for k, v in data["kinds"].items()},
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            trained_on=data.get("trained_on", ""),
        )


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL) -> LinkModel | None:
    """The shipped model (None when no model file is there: the extractor then adds nothing)."""
    if not path.exists():
        return None
    return LinkModel.from_json(path.read_text(encoding="utf-8"))


def extract(document: Document, facts: Facts, model: LinkModel | None = None) -> None:
    """Add the links the model finds likely between pairs that no rule linked."""
    model = model or load_model()
    if model is None:
        return
    linked = {link_pair(link) for link in facts.links}
    for pair in sentence_pairs(document, facts, model.pair_kinds):
        if any(frozenset((a, b)) in linked for a in pair.first.keys for b in pair.second.keys):
            continue  # a rule already read this pair; the model does not second-guess it
        best = model.best(pair)
        if best is None or best[1] < model.thresholds.get(best[0], 1.0):
            continue
        name, _ = best
        predicate, forward = name[:-1], name.endswith(">")
        if not is_link_predicate(predicate):  # from_json refuses such a model; this tells the type checker
            continue
        start, end = pair.first.start - pair.passage.start, pair.second.end - pair.passage.start
        evidence = span(pair.passage, start, end)
        for one in pair.first.keys:
            for other in pair.second.keys:
                subject, obj = (one, other) if forward else (other, one)
                add_link(facts, Link(subject, predicate, obj, evidence, rule=rule("learned/" + predicate)))
