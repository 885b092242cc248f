"""Figures of a prose sentence that no rule read, told apart by a model learned from annotated documents.

The prose rules (:mod:`.prose`) read a value when the words around it are a known
phrasing ("se atendió a 2 300 personas", "la meta para 2025 es de 45 %"); new authors put a
place, a clause or an aside between the verb and the figure, and the rule misses it. This
extractor looks at every figure of a prose sentence that the rules left unread (a count, a
percentage or an amount; not a year, a norm's number or a date), describes it by the words
just before and after it, the words of its clause and the cue words of its sentence, and
asks a multinomial logistic model what the figure is: nothing, or a baseline, target,
achieved value, execution rate, cost or budget.

A figure it reads becomes a value of the indicator the sentence names, else (an amount)
of the programme or plan the sentence or the document is about, else of an indicator named
by the words that the figure counts ("214 emprendimientos financiados") or that it
measures ("una tasa de inserción de 43,3 %"). The weights are data
(``values_model.json``), trained by ``benchmarks/train_values.py`` on the development gold
sets only, never on a blind set. Values it adds carry the rule ``learned/value``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from quipu.core.text import MONTH, NUMBER, fold, fold_same_length, slug
from quipu.ingest.facts import Entity, Facts, Observation, is_observation_kind, rule
from quipu.ingest.models import Document

from .prose import RESULT_VERB, agree, participle
from .record import add_mention, add_observation, compact_value
from .spans import Sentence, prose_sentences, span
from .topic import topic
from .values import parse_value

MODEL = Path(__file__).with_name("values_model.json")
NONE = "none"

_FIGURE = re.compile(
    r"(?<![\w/.,°º-])(?:(?P<currency>S/\.?|US\$|USD)\s*)?(?P<number>" + NUMBER + r")(?P<percent>\s?%)?(?![\w/°º-]|[.,]\d)",
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_WORD = re.compile(r"[\w%$/]+(?:[.,\-/][\w%]+)*|[,;:()«»\"]")
# The words a figure is counted in or measured by stop at these.
_STOPS = frozenset(
    "que y e o u en durante entre con para a al lo se el la los las por como desde hasta fue fueron es son era eran "
    "de del, ; : ( ) « » mientras cuando donde cuyo cuya lo cual frente".split()
)
_ARTICLES = frozenset("el la los las un una unos unas su sus este esta estos estas dicho dicha".split())
# Words whose presence anywhere in the sentence says what kind of figure it may hold (first five letters).
_CUES = frozenset(
    "meta metas base prog ejecu avanc presu pim pia deven certi costo asign aport finan logro logra alcan inscr atend "
    "coloc inser capac benef parti tasa porce prome ingre monto total donac contr desem inver gasto".split()
)


@dataclass(frozen=True)
class Figure:
    """A figure of a prose sentence and what describes it."""

    sentence: Sentence
    start: int  # document offsets
    end: int
    raw: str
    features: tuple[str, ...]


def _word(token: str) -> str:
    """A token as the model reads it: figures and years by their shape."""
    if _YEAR.fullmatch(token):
        return "<year>"
    if re.fullmatch(r"[\d.,]+%?", token):
        return "<num>"
    return token


def _shape(match: re.Match[str]) -> list[str]:
    number = match.group("number")
    if match.group("currency"):
        return ["shape=money"]
    if match.group("percent"):
        return ["shape=percent"]
    value = parse_value(number)
    small = value is not None and value.value is not None and value.value < 32 and value.value == int(value.value)
    return ["shape=count", "small" if small else "large"] + (["decimal"] if re.search(r"[.,]\d{1,2}$", number) else [])


def figures(document: Document) -> Iterator[Figure]:
    """The figures of the document's prose sentences, years, norm numbers and dates left out."""
    for sentence in prose_sentences(document):
        text = sentence.text
        lo = sentence.passage.start + sentence.start
        folded = fold_same_length(text)
        matches = [m for m in _FIGURE.finditer(text) if _is_figure(m, text)]
        if not matches or not _reads_as_prose(text, len(matches)):
            continue
        cues = sorted({f"s={w[:5]}" for w in re.findall(r"[a-z]+", folded) if w[:5] in _CUES or w in _CUES})
        count = f"figures={min(len(matches), 4)}"
        years = "year-in-sentence" if _YEAR.search(text) else "no-year"
        for match in matches:
            before = [_word(w) for w in _WORD.findall(folded[: match.start()])][-8:]
            after = [_word(w) for w in _WORD.findall(folded[match.end() :])][:5]
            found = _shape(match) + [count, years] + cues
            found += [f"p{i}={w}" for i, w in enumerate(reversed(before[-3:]))]
            found += [f"n{i}={w}" for i, w in enumerate(after[:3])]
            found += [f"b={w}" for w in before] + [f"a={w}" for w in after]
            if len(before) >= 2:
                found.append(f"pp={before[-2]}_{before[-1]}")
            if len(after) >= 2:
                found.append(f"nn={after[0]}_{after[1]}")
            if not before:
                found.append("opens")
            yield Figure(sentence, lo + match.start(), lo + match.end(), match.group(0).strip(), tuple(found))


def _reads_as_prose(text: str, figures: int) -> bool:
    """A sentence has at least as many words in lower case as figures, and three or more: a
    line of a name and figures ("Subtotal 12 408 2 671 22") is a table row the table reader
    did not take, whose figures this model cannot tell apart."""
    lower = len(re.findall(r"(?<![\w])[a-záéíóúñü]{2,}\b", text))
    return lower >= 3 and lower >= figures


def _is_figure(match: re.Match[str], text: str) -> bool:
    """Not a year, a day of a date, or the number of a norm, an article, a table or a page;
    not a change ("-1.0%"), which is no value of a kind the model knows."""
    number = match.group("number")
    if number.startswith(("-", "+")):
        return False
    if not match.group("currency") and not match.group("percent") and _YEAR.fullmatch(number):
        return False
    before = fold(text[max(0, match.start() - 12) : match.start()])
    if re.search(r"(?:n[°º.]|nro\.?|numero|art(?:iculo)?\.?|inciso|numeral|ley|decreto|version|cuadro|tabla|grafico|figura|anexo|pagina|capitulo|seccion)\s*$", before):
        return False
    after = text[match.end() : match.end() + 14]
    return not re.match(r"\s+de\s+" + MONTH + r"\b", after)


@dataclass(frozen=True)
class ValueModel:
    """A multinomial logistic model over the kinds of value (and "none")."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    thresholds: dict[str, float]  # the probability each kind needs, chosen on sets left out in training
    trained_on: str = ""

    def probabilities(self, features: tuple[str, ...]) -> dict[str, float]:
        scores = {k: self.bias.get(k, 0.0) + sum(w.get(f, 0.0) for f in features) for k, w in self.weights.items()}
        top = max(scores.values())
        exp = {k: math.exp(s - top) for k, s in scores.items()}
        total = sum(exp.values())
        return {k: v / total for k, v in exp.items()}

    def kind(self, features: tuple[str, ...]) -> tuple[str, float]:
        """The most probable kind of a figure ("none" included) and its probability."""
        probabilities = self.probabilities(features)
        best = max(probabilities, key=lambda k: probabilities[k])
        return best, probabilities[best]

    def to_json(self) -> str:
        return json.dumps(
            {"trained_on": self.trained_on, "thresholds": self.thresholds, "bias": self.bias, "weights": self.weights},
            ensure_ascii=False, separators=(",", ":"), sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> ValueModel:
        data = json.loads(text)
        for name in data["weights"]:
            if name != NONE and not is_observation_kind(name):
                raise ValueError(f"values model: {name!r} is not a kind of value")
        for name in data["thresholds"]:
            if name not in data["weights"] or name == NONE:
                raise ValueError(f"values model: a threshold for {name!r}, which is not a kind it weighs")
        return cls(data["weights"], data["bias"], {k: float(v) for k, v in data["thresholds"].items()}, data.get("trained_on", ""))


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL) -> ValueModel | None:
    """The shipped model (None when no model file is there: the extractor then adds nothing)."""
    if not path.exists():
        return None
    return ValueModel.from_json(path.read_text(encoding="utf-8"))


_MONEY_KINDS = {"cost", "budgetOpening", "budgetModified", "budgetCertified", "budgetAccrued"}


def read(facts: Facts, figure: Figure) -> bool:
    """Whether a rule already read this figure: a value of the same digits whose evidence holds it."""
    digits = "".join(figure.raw.split())
    return any(
        o.evidence.start <= figure.start and figure.end <= o.evidence.end and "".join(o.raw.split()) == digits
        for o in facts.observations
    )


def _period(text: str, at: int) -> str | None:
    """The year nearest the figure in its sentence, or the span "entre 2024 y 2026" names."""
    span_ = re.search(r"\b(?:entre|de(?:sde)?)\s+(?:el\s+)?((?:19|20)\d{2})\s+(?:y|a|al|hasta)\s+(?:el\s+)?((?:19|20)\d{2})\b", text)
    if span_:
        return f"{span_.group(1)}-{span_.group(2)}"
    years = [(abs(m.start() - at), m.group(0)) for m in re.finditer(r"(?<![\d/-])(?:19|20)\d{2}(?![\d/-])", text)]
    return min(years)[1] if years else None


def _bounds(figure: Figure) -> tuple[int, int]:
    """The document offsets of the figure's sentence."""
    start = figure.sentence.passage.start
    return start + figure.sentence.start, start + figure.sentence.end


def _named(facts: Facts, figure: Figure, types: tuple[str, ...]) -> Entity | None:
    """The entity of these types the sentence names nearest before the figure, else after it."""
    lo, hi = _bounds(figure)
    near: list[tuple[int, Entity]] = []
    for entity in facts.entities.values():
        if entity.type not in types:
            continue
        for mention in entity.mentions:
            if lo <= mention.start and mention.end <= hi and not (mention.start <= figure.start < mention.end):
                distance = figure.start - mention.end if mention.end <= figure.start else 10_000 + mention.start - figure.end
                near.append((distance, entity))
    return min(near, key=lambda n: n[0])[1] if near else None


# A conjugated verb (past, imperfect, present plural) ends the words a figure measures.
_VERB_FORM = re.compile(r"(?:ó|aron|ieron|aba|aban|ía|ían)$")
_CLAUSE_VERB = re.compile(r"^(?:se\s+)?(?:" + RESULT_VERB + r")$", re.IGNORECASE)


def _owners(facts: Facts, figure: Figure) -> set[str]:
    """The entities the figure's sentence names that an amount could belong to."""
    lo, hi = _bounds(figure)
    return {
        e.key for e in facts.entities.values() if e.type in ("programme", "service", "plan", "activity", "institution")
        for m in e.mentions if lo <= m.start and m.end <= hi
    }


def _counted(text: str, at: int, before: str) -> str | None:
    """The words a count counts, with the result verb of its clause when they are one word:
    "214 emprendimientos financiados por el fondo" -> "emprendimientos financiados";
    "se inscribieron en el programa 3 184 personas" -> "personas inscritas"."""
    words: list[str] = []
    for word in re.findall(r"[\wáéíóúñü]+|[^\w\s]", text[at:])[:8]:
        if fold(word) in _STOPS or not word.isalpha():
            break
        words.append(word)
    if len(words) == 1:
        for verb in reversed(re.split(r"[,;:()]", before)[-1].split()[-8:]):
            if _CLAUSE_VERB.match(verb):
                words.append(agree(participle(verb), words[0]))
                break
    return " ".join(words) if words else None


def _measured(text: str, at: int) -> str | None:
    """The words a share or amount measures, before it: "una tasa de inserción de 43,3 %" -> "tasa de inserción"."""
    words = re.findall(r"[\wáéíóúñü]+", text[:at])[-7:]
    while words and fold(words[-1]) in ("de", "del", "en", "a", "fue", "es", "era", "alcanzo", "llego", "sumo", "asciende", "ascendio"):
        words.pop()
    while words and _VERB_FORM.search(words[-1].lower()):
        words.pop()  # "la tasa de actividad pasó de 71,4 %": what it measures is before the verb
    kept: list[str] = []
    for word in reversed(words):
        if fold(word) in _ARTICLES or fold(word) in _STOPS - {"de", "del", "en"} or not word.isalpha() or _VERB_FORM.search(word.lower()):
            break
        kept.insert(0, word)
    while kept and fold(kept[0]) in ("de", "del", "en"):
        kept.pop(0)
    return " ".join(kept) if kept else None


def _says_something(label: str) -> bool:
    """A label of two words or more that does not open with an auxiliary or a bare "meta"."""
    words = [fold(w) for w in label.split()]
    return len(words) >= 2 and words[0] not in {"habia", "ha", "han", "era", "fue", "sido", "es", "son", "meta", "metas", "fuente"}


def _indicator(facts: Facts, figure: Figure, kind: str, subject: Entity | None) -> Entity | None:
    """What the figure is a value of (see the module's docstring), or None when nothing names it."""
    named = _named(facts, figure, ("indicator",))
    if named is not None:
        return named
    if kind in _MONEY_KINDS or kind == "executionRate":
        # an amount, or how much of one was spent: of what the sentence or the document is
        # about, unless the sentence names two or more things whose amount it could be (a
        # plan and its executing units, two programmes): then whose it is stays unsaid
        if len(_owners(facts, figure)) > 1:
            return None
        return _named(facts, figure, ("programme", "service", "plan", "activity")) or subject
    text = figure.sentence.text
    at = figure.start - _bounds(figure)[0]
    label = _measured(text, at) if "%" in figure.raw else _counted(text, at + len(figure.raw), text[:at]) or _measured(text, at)
    if label is None or not _says_something(label):
        return None
    label = label[0].upper() + label[1:] + (" (%)" if "%" in figure.raw else "")
    # the indicator a rule already made under this name, else one keyed by its name alone, so
    # that the same name in two documents is one indicator, as a rule's unscoped name is
    same = next((e for e in facts.entities.values() if e.type == "indicator" and fold(e.label) == fold(label)), None)
    entity = same or facts.entity(f"indicator/{slug(label)}", "indicator", label)
    entity.attributes.setdefault("unit", "percent" if "%" in figure.raw else "count")
    if subject is not None:
        entity.attributes.setdefault("subject", subject.key)
    return entity


def extract(document: Document, facts: Facts, model: ValueModel | None = None) -> None:
    """Add the values the model finds among the figures no rule read."""
    model = model or load_model()
    if model is None:
        return
    subject = topic(document, facts)
    for figure in figures(document):
        if read(facts, figure):
            continue
        kind, probability = model.kind(figure.features)
        if kind == NONE or probability < model.thresholds.get(kind, 1.0) or not is_observation_kind(kind):
            continue
        value = parse_value(figure.raw, money=kind in _MONEY_KINDS)
        indicator = _indicator(facts, figure, kind, subject)
        if value is None or indicator is None:
            continue
        sentence = figure.sentence
        evidence = span(sentence.passage, sentence.start, sentence.end)
        if indicator.type == "indicator":
            add_mention(indicator, evidence)
        add_observation(
            facts,
            Observation(
                indicator=indicator.key, kind=kind, raw=value.raw, evidence=evidence, value=value.value,
                unit=value.unit or str(indicator.attributes.get("unit") or "count"),
                period=_period(sentence.text, figure.start - _bounds(figure)[0]),
                rule=rule("learned/value"),
            ),
            also_same=compact_value,
        )
