"""Links between entities mentioned in the same sentence, read from the words between them.

Runs after the entity extractors and reads their mentions. Two mentions are linked only
when the words between them (or, for a few cues, right after the second) are a cue for the
link and nothing else of substance, so precision comes before recall. The evidence span
runs from the first to the last of (mention, cue, mention).

Phrases that refer back to the document's topic ("Este Servicio", "el Proyecto", see
:mod:`.topic`) count as mentions of it. A few cues also need the words around the pair
(``_FRAMED``): "los recursos de X a través del Proyecto Y" is funding, not running.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from quipu.core.text import MONTH
from quipu.ingest.facts import Entity, Facts, Link, LinkPredicate, is_link_predicate, rule
from quipu.ingest.models import Document, Passage

from . import verbs
from .record import add_link
from .spans import Sentence, iter_sentences, span
from .topic import Anaphor, anaphors, topic

_ART = r"(?:\s+(?:el|la|los|las|del|al))?"
_RUNNERS = ("institution",)
_ACTIVE = ("programme", "service")


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


CUES = Path(__file__).with_name("cues.toml")


@dataclass(frozen=True)
class Cue:
    """A cue for one link between two consecutive mentions (see ``cues.toml``)."""

    name: str
    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    between: re.Pattern[str]
    predicate: LinkPredicate
    reverse: bool
    before: re.Pattern[str] | None = None  # searched at the end of the sentence text before the first mention
    after: re.Pattern[str] | None = None  # matched at the start of the sentence text after the second mention
    first: re.Pattern[str] | None = None  # matched against the first mention as written
    second: re.Pattern[str] | None = None  # matched against the second mention as written

    @property
    def rule(self) -> str:
        return rule("relations/" + self.name)

    def fits(
        self, first: Mention, second: Mention, first_text: str, before: str, between: str, after: str, second_text: str = ""
    ) -> bool:
        if first.type not in self.subjects or second.type not in self.objects:
            return False
        # "la agencia X (AX) financia …": the acronym that defines the first name is part of it.
        between = _DEFINED.sub("", between, count=1)
        if not self.between.search(between):
            return False
        if self.first is not None and not self.first.search(first_text):
            return False
        if self.second is not None and not self.second.search(second_text):
            return False
        if self.before is not None and not self.before.search(before):
            return False
        return self.after is None or bool(self.after.match(after))


def _pattern(text: str) -> re.Pattern[str]:
    return _cue(verbs.expand(text).replace("{ART}", _ART))


def _optional_pattern(text: str | None) -> re.Pattern[str] | None:
    return None if text is None else _pattern(text)


@lru_cache(maxsize=1)
def load_cues(path: Path = CUES) -> tuple[tuple[Cue, ...], tuple[Cue, ...]]:
    """The (framed, between) cues of the lexicon; framed cues are tried first."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))

    def cue(entry: dict[str, Any], between_key: str) -> Cue:
        predicate = entry["predicate"]
        if not is_link_predicate(predicate):
            raise ValueError(f"{path.name}: cue {entry['name']!r} has an unknown predicate {predicate!r}")
        return Cue(
            entry["name"], tuple(entry["subjects"]), tuple(entry["objects"]), _pattern(entry[between_key]),
            predicate, bool(entry.get("reverse", False)),
            _optional_pattern(entry.get("before")), _optional_pattern(entry.get("after")),
            _optional_pattern(entry.get("first")), _optional_pattern(entry.get("second")),
        )

    framed = tuple(cue(e, "between") for e in data.get("framed", []))
    between = tuple(cue(e, "pattern") for e in data.get("between", []))
    return framed, between


# A programme, service or institution and the regions it works in:
# "el Centro de Empleo Tumbes", "implementado en las regiones de Pasco, Tumbes y Amazonas", "en la región Apurímac".
# "… que brinda sus servicios en toda la región Ica", "intervino en los departamentos de …", "tiene presencia en".
_REGION_VERB = (
    r"(?:(?:que\s+)?(?:se\s+)?(?:implementad[oa]s?|implement[oó]|implementa|operan?|funcionan?|ejecutad[oa]s?|"
    r"desarrollad[oa]s?|instalad[oa]s?|ubicad[oa]s?|operó|funcionó|"
    # any tense or mood of "intervenir": "intervino", "intervendrá", "que intervenga", "intervenir"
    r"interv(?:ino|iene|ienen|inieron|enga|engan|endr[aá]n?|enir|enía|enían)|oper(?:e|en|ar[aá]n?|ar)|"
    r"(?:atiende|atendió|trabaja|trabajó|act[uú]a|actuó)n?|(?:brinda|presta|ofrece)n?\s+(?:sus\s+)?servicios|"
    r"(?:tiene|tuvo)n?\s+presencia|est[aá]n?\s+presentes?|"
    # "se presta en", "se desplegó en", "con intervención en", "prestará atención en"
    r"se\s+(?:presta|prestan|prestó|prestaron|despleg[oó]|desplegaron|extiende|extendió)|con\s+intervenci[oó]n|"
    r"(?:presta|brinda)(?:r[aá]n?|n)?\s+atenci[oó]n)\s+)"
)
# "en las tres provincias de Moquegua", "en todas las provincias de la región X": the region of its provinces
_REGION_LEAD = (
    r"(?:(?:la|las)\s+regi[oó]n(?:es)?\s+(?:de\s+)?|el\s+departamento\s+de\s+|los\s+departamentos\s+de\s+|el\s+|la\s+"
    r"|(?:las|sus)\s+(?:[a-záéíóúñ]+\s+)?provincias\s+(?:de|del)\s+(?:la\s+regi[oó]n\s+(?:de\s+)?)?)?"
)
_IN_REGION = _cue(
    rf"^\s*,?\s*(?:tambi[eé]n\s+)?{_REGION_VERB}?(?:tambi[eé]n\s+|[a-záéíóú]+mente\s+)?en\s+(?:tod[oa]s?\s+)?{_REGION_LEAD}"
    # more regions, or a second verb of the same subject: "opera en Pasco y tiene presencia en Huánuco"
    rf"(?:\x00\s*(?:,|y|e)\s*(?:{_REGION_VERB}(?:tambi[eé]n\s+)?en\s+{_REGION_LEAD}|(?:en\s+)?(?:el\s+|la\s+)?))*$"
)
_ADJACENT = re.compile(r"^[ \t]$")
_AND_VERB = re.compile(r"^\s*,?\s*(?:y|e)\s+(?=\S)")
_DEFINED = re.compile(r"^\s*\([A-ZÁÉÍÓÚÑ][\w\-.]{1,14}\)")
# An office named by its acronym and a region right after it is that region's office ("OSEL Pasco");
# a spelled-out name followed by a region is more often a heading or a table cell.
_ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ]{3,8}")
# "… (los centros) … el Decreto Supremo N° 004-2019-TR que los crea": the norm creates what came before.
_CREATES_BEFORE = _cue(r"^\s*,?\s*que\s+(?:lo|la|los|las)\s+crea\b")
_MAX_GAP = 90
# "X es la agencia líder y ejecuta el …": a first predicate of the subject before the one that
# links it; the words after "y" are read as the cue (a verb, never an article: "y el …" lists).
_FIRST_PREDICATE = re.compile(
    r"^(\s*(?:\([^)]{1,20}\))?\s*,?\s*)(?:es|fue|son|fueron|era|eran)\s+(?:la|el|los|las|un|una)\s+"
    r"[a-záéíóúñ]+(?:\s+[a-záéíóúñ]+){0,3}\s+(?:y|e)\s+(?=(?!(?:el|la|los|las|un|una|de|del|su|sus)\b)[a-záéíóúñ])"
)
# "… ejecuta el programa junto con la FAO y la OIT": more bodies doing the same.
_TOGETHER = re.compile(
    r"^\s*\)?\s*(?:\([^)]{1,20}\)\s*)?,?\s*(?:junto\s+con|conjuntamente\s+con|en\s+alianza\s+con|en\s+consorcio\s+con|en\s+asociaci[oó]n\s+con)"
    r"(?:\s+(?:el|la|los|las))?\s*$",
    re.IGNORECASE,
)
_TOGETHER_PREDICATES = ("runs", "funds", "evaluates")
# An aside between commas that says with whom or through what a body acts: "la DGSNE, a través
# de la red de Centros de Empleo, brinda …", "la DRTPE gestionó, con apoyo del proyecto, la …".
# The cue is read with it taken out, between the body and the name after it.
_ASIDE = re.compile(
    r",\s*(?:a\s+trav[eé]s\s+d(?:e|el)|con\s+(?:el\s+)?apoyo\s+(?:t[eé]cnico\s+|financiero\s+)?d(?:e|el)|en\s+coordinaci[oó]n\s+con|"
    r"por\s+encargo\s+d(?:e|el)|en\s+el\s+marco\s+d(?:e|el)|en\s+representaci[oó]n\s+d(?:e|el)|con\s+(?:los\s+)?(?:recursos|fondos)\s+d(?:e|el)|"
    r"en\s+alianza\s+con|por\s+medio\s+d(?:e|el)|mediante|con\s+sede\s+en|"
    # who a body is made of or led by: "El Comité X, integrado por A y B, hace el seguimiento …"
    r"(?:integrad|conformad|compuest|presidid|liderad)[oa]s?\s+por)\b[^,;.()]{0,100}(?:\([^)]{0,20}\)[^,;.()]{0,60})?,",
    re.IGNORECASE,
)
# "En Ica, la gerencia X opera la ventanilla Y": a place opening the sentence is where what it runs works.
_PLACE_OPENS = re.compile(r"^\s*(?:[-•*]\s*)?En\s+(?:la\s+regi[oó]n\s+(?:de\s+)?|el\s+departamento\s+de\s+)?$")
# "La evaluación final fue realizada, entre mayo y julio, por la firma X": a sentence about the
# evaluation of what the document is about, which it does not name.
_EVALUATION_OF_TOPIC = re.compile(
    r"^\s*(?:La|Esta|Dicha)\s+(?:presente\s+)?evaluaci[oó]n(?:\s+(?:final|intermedia|de\s+medio\s+t[eé]rmino|externa|independiente|de\s+resultados|de\s+impacto|ex\s+post))*"
    r"(?:\s+\([^)]{0,40}\))?(?:\s+del?\s+(?:proyecto|programa|servicio))?\s*,?\s+"
    # "… fue encargada por la agencia X y la realizó Y": who ordered it is not who made it
    r"(?:fue\s+(?:encargada|solicitada|contratada|financiada)\s+por\s+[^.;]{1,60}?\s+y\s+)?"
    r"(?:(?:fue|ser[aá])\s+(?:realizada|conducida|ejecutada|elaborada),?\s+(?:[^.;]{0,60}?\s+)?por|(?:la\s+)?(?:realiz[oó]|realiza|realizar[aá]|condujo|conduce|elabor[oó])|"
    r"(?:la\s+)?llev[oó]\s+a\s+cabo|(?:estuvo|est[aá]|estar[aá])\s+a\s+cargo\s+de|fue\s+(?:encargada|encomendada|adjudicada)\s+a)\b"
)
EVALUATION_OF_TOPIC = rule("relations/evaluation-of-the-document-subject")
IN_REGION = rule("relations/in-region")
PLACE_OPENING = rule("relations/place-opening-the-sentence")
CREATES_BEFORE = rule("relations/creates-what-came-before")


# Words that say when, where or how, not what: "conduce desde 2022 la …", "entrega de forma
# presencial el …", "gestiona en Lircay el …". Cues are read with them taken out.
_DATE = rf"(?:(?:{MONTH}\s+(?:de(?:l)?\s+)?)?(?:19|20)\d\d)"
_ADVERBIAL = re.compile(
    # "entre julio de 2023 y octubre de 2026", "con sede en Huaraz"
    rf"\bentre\s+{_DATE}\s+y\s+{_DATE}\b"
    r"|\bcon\s+sede\s+(?:central\s+)?en\s+(?:la\s+ciudad\s+de\s+)?[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)?\b"
    r"|\b(?:[a-záéíóúñ]{3,}mente|tambi[eé]n|adem[aá]s|asimismo|actualmente|a[uú]n|ya|a\s+su\s+vez|por\s+su\s+parte)\b"
    rf"|\b(?:desde|hasta|durante|en|entre)\s+(?:(?:el|la)\s+)?(?:(?:año|periodo|per[ií]odo|mes(?:\s+de)?)\s+)?(?:{MONTH}\s+(?:de(?:l)?\s+)?)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?\b"
    r"|\ba\s+partir\s+del?\s+(?:año\s+)?(?:19|20)\d\d\b"
    r"|\b(?:de|en)\s+(?:manera|forma|modo)\s+[a-záéíóúñ]+(?:\s+y\s+[a-záéíóúñ]+)?\b"
    r"|\bcada\s+(?:año|mes|trimestre|semestre)\b"
    r"|\b(?:en\s+(?:él|ella|ellos|ellas)|all[ií]|ah[ií])(?![\wáéíóúñ])"
    r"|\ben\s+(?:la\s+ciudad\s+de\s+|la\s+provincia\s+de\s+|el\s+distrito\s+de\s+)?[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)?(?=\s+(?:el|la|los|las|al|del|a)\b)"
)


def without_adverbials(between: str) -> str:
    """The words between two mentions without those that say when, where or how."""
    if not _ADVERBIAL.search(between):
        return between
    # an aside between commas goes with its commas: "ejecuta, desde 2023, el"
    text = re.sub(rf",\s*(?:{_ADVERBIAL.pattern})\s*,", " ", between)
    text = _ADVERBIAL.sub(" ", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text


@dataclass(frozen=True)
class Mention:
    key: str
    type: str
    start: int  # document offsets
    end: int
    also: tuple[str, ...] = ()  # the other entities a plural phrase refers to ("estas dos oficinas")

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, *self.also)


def mentions_by_passage(facts: Facts, anaphora: Sequence[Anaphor] = ()) -> dict[str, list[Mention]]:
    """Named mentions per passage, with the phrases that refer back to the document's topic."""
    found: dict[str, list[Mention]] = defaultdict(list)
    for entity in facts.entities.values():
        if entity.type not in ("institution", "programme", "service", "region", "norm"):
            continue
        for where in entity.mentions:
            found[where.passage_id].append(Mention(entity.key, entity.type, where.start, where.end))
    for anaphor in anaphora:
        mentions = found[anaphor.passage_id]
        if not any(m.start < anaphor.end and anaphor.start < m.end for m in mentions):
            mentions.append(Mention(anaphor.key, anaphor.type, anaphor.start, anaphor.end, anaphor.also))
    for mentions in found.values():
        # At equal offsets a body named by its place ("…, Tumbes y Lambayeque" after "los Gobiernos
        # Regionales de Piura") comes before the place itself, which is then dropped as nested.
        mentions.sort(key=lambda m: (m.start, -m.end, m.type == "region"))
        # drop mentions nested in a longer one ("Puno" in "Gobierno Regional de Puno")
        kept: list[Mention] = []
        for mention in mentions:
            if kept and mention.end <= max(k.end for k in kept[-3:]) and mention.start >= kept[-1].start:
                continue
            kept.append(mention)
        mentions[:] = kept
    return found


# ", la …", "y el …", "y por la …", ", su …": the glue between the items of a list.
_LIST_GLUE = re.compile(
    r"^\s*\)?\s*(?:\([^()]{1,20}\)\s*)?(?:,|;|\by\b|\be\b|,\s*y\b|,\s*e\b)\s*(?:(?:por|de|a)\s+)?(?:(?:el|la|los|las|al|del|su|sus)\s+)?\(?\s*$",
    re.IGNORECASE,
)
_OF_GLUE = re.compile(r"^\s*\)?\s*(?:de|del)(?:\s+la|\s+el)?\s*$", re.IGNORECASE)


# Spanish puts no comma before the "y" that closes a list: ", y la B" after an object opens a
# new clause ("A, órgano del C, y la B, dependiente de D"), so B is not one more object.
_CLAUSE_AND = re.compile(r"^\s*\)?\s*(?:\([^()]{1,20}\)\s*)?,\s*(?:y|e)\b", re.IGNORECASE)


def _coordinated(inside: list[Mention], second: Mention, text: str, rel, types: tuple[str, ...] = ()) -> list[Mention]:
    """``second`` and the mentions of its type (or of ``types``) listed right after it ("…
    financian el proyecto A, el programa B y el servicio C"): a cue before a list applies to each item."""
    items = [second]
    index = inside.index(second)
    last_end = second.end
    kinds = {second.type, *types} if second.type in types else {second.type}
    for following in inside[index + 1 :]:
        if following.type not in kinds or following.key in {m.key for m in items}:
            if following.key in {m.key for m in items}:
                last_end = max(last_end, following.end)
                continue  # its acronym in brackets
            break
        glue = text[rel(last_end) : rel(following.start)]
        if not _LIST_GLUE.match(glue) or _CLAUSE_AND.match(glue):
            break
        items.append(following)
        last_end = following.end
    return items


_ASIDE_OPEN = re.compile(_ASIDE.pattern[: _ASIDE.pattern.rindex(",")] + r"$", re.IGNORECASE)


def _link_each(facts: Facts, passage: Passage, cue: Cue, subjects: list[Mention], objects: list[Mention]) -> None:
    """The cue's link from each of ``subjects`` to each of ``objects`` (every key a mention stands
    for), each citing the words from the first of the two names to the last."""
    for subject in subjects:
        for obj in objects:
            evidence = span(passage, min(subject.start, obj.start) - passage.start, max(subject.end, obj.end) - passage.start)
            for one in subject.keys:
                for another in obj.keys:
                    add_link(facts, Link(one, cue.predicate, another, evidence, rule=cue.rule))


def _outside_asides(gap: str, inner: list[tuple[int, int]]) -> str | None:
    """``gap`` without its asides (:data:`_ASIDE`), when every mention inside it (``inner``,
    offsets in ``gap``) lies in one of them; else None."""
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(gap)]
    if not asides or not all(any(a <= lo and hi <= b for a, b in asides) for lo, hi in inner):
        return None
    kept, at = [], 0
    for a, b in asides:
        kept.append(gap[at:a])
        at = b
    kept.append(gap[at:])
    return " ".join(kept)


def _together(inside: list[Mention], agents: list[Mention], last: Mention, text: str, rel) -> list[Mention]:
    """The bodies named after ``last`` as acting "junto con" the ``agents`` ("… ejecuta el
    programa junto con la FAO y ONU Mujeres"): of the agents' type, listed after the cue."""
    index = inside.index(last)
    following = next((m for m in inside[index + 1 :] if m.key != last.key), None)
    if following is None or following.type != agents[0].type or following.key in {a.key for a in agents}:
        return []
    if not _TOGETHER.match(text[rel(last.end) : rel(following.start)]):
        return []
    return _coordinated(inside, following, text, rel)


_SUBJECT_GLUE = re.compile(r"^\s*\)?\s*(?:\([^()]{1,20}\)\s*)?(?:,|;|\by\b|\be\b|,\s*y\b|,\s*e\b)\s*(?:(?:el|la|los|las|al|del|de)\s+)?\(?\s*$", re.IGNORECASE)
# What makes a list before a cue its subject: "A y B, ambas de la C", "A, B y C cofinancian D"
# (a verb in the plural), "A y B dependen de C". The marker is removed before the cue is read.
_BOTH = re.compile(r"^(\s*(?:\([^)]{1,20}\))?\s*),?\s*(?:ambas|ambos|tod[oa]s|l[oa]s\s+(?:dos|tres|cuatro|cinco))\b\s*,?", re.IGNORECASE)
_PLURAL_VERB = re.compile(r"^\s*(?:\([^)]{1,20}\))?\s*,?\s*(?:que\s+)?(?:se\s+|l[oa]s?\s+)?(?:[a-záéíóú]+mente\s+)?[a-záéíóúñ]+(?:an|en|aron|ieron)\b")


def _listed_before(inside: list[Mention], first: Mention, text: str, rel) -> list[Mention]:
    """``first`` and the mentions of its type listed right before it ("A, B y C"), in order."""
    index = inside.index(first)
    items = [first]
    while index > 0:
        before = inside[index - 1]
        if before.type != first.type or before.key in {m.key for m in items}:
            break
        if not _SUBJECT_GLUE.match(text[rel(before.end) : rel(items[0].start)]):
            break
        items.insert(0, before)
        index -= 1
    return items


# "X (AX), unidad orgánica de la Y, …": an apposition that places X inside Y.
_APPOSITION_GLUE = re.compile(
    r"^\s*\)?\s*(?:\([^()]{1,20}\)\s*)?,\s*(?:(?:un|una|el|la|otra|otro)\s+)?"
    r"(?:[óo]rgano|unidad|oficina|dependencia|[áa]rea|sede|instancia|subunidad)(?:\s+[a-záéíóúñ]+){0,3}?\s+(?:de|del)(?:\s+la|\s+el)?\s*$",
    re.IGNORECASE,
)


def _head(inside: list[Mention], first: Mention, text: str, rel, *, apposition: bool = False) -> Mention:
    """The institution a phrase is about: in "la oficina X del ministerio Y evalúa …", X,
    the head of "X del Y", acts, not Y; with ``apposition``, also X in "X, unidad orgánica
    de la Y, que administra …"."""
    index = inside.index(first)
    head = first
    while index > 0:
        before = inside[index - 1]
        glue = text[rel(before.end) : rel(head.start)]
        if before.key == head.key and re.fullmatch(r"\s*\(\s*", glue):
            index -= 1  # "la Dirección X (DX) del ministerio Y (MY) supervisa …": an acronym in brackets is its name
            head = before
            continue
        if before.type != "institution" or not (_OF_GLUE.match(glue) or apposition and _APPOSITION_GLUE.match(glue)):
            break
        head, index = before, index - 1
    return head


def head_of(inside: list[Mention], mention: Mention, passage: Passage) -> Mention:
    """The institution a phrase ending in ``mention`` is about ("la oficina X del ministerio Y": X)."""
    return _head(inside, mention, passage.text, lambda offset: offset - passage.start)


# A sentence that opens with its verb or a clitic ("Fue creado por …", "Lo cofinancia …",
# "Está a cargo de …") has the subject of the sentence right before it.
# A clitic is followed by its verb, in lower case: "La Oficina …" opens with an article, not a clitic.
# An opening phrase may come first ("Para ello cuenta con …", "Asimismo, tiene a su cargo …").
_NO_SUBJECT = re.compile(
    r"^\s*(?:(?:Para\s+(?:ello|esto|tal\s+fin|cumplir\s+(?:sus|con\s+sus)\s+funciones)|Asimismo|Adem[áa]s|Actualmente|"
    r"En\s+(?:la\s+actualidad|su\s+estructura|el\s+[áa]mbito\s+regional)|"
    # when: "A partir del año 2027 interviene …", "Desde 2024 opera …", "En 2025 ejecutó …"
    r"A\s+partir\s+del?\s+(?:año\s+)?(?:19|20)\d\d|Desde\s+(?:el\s+)?(?:año\s+)?(?:19|20)\d\d|En\s+(?:el\s+año\s+)?(?:19|20)\d\d|"
    # what of it: "Su funcionamiento se rige por …", "Su ejecución está a cargo de …"
    r"Su\s+(?:funcionamiento|operaci[oó]n|gesti[oó]n|ejecuci[oó]n|administraci[oó]n|conducci[oó]n|implementaci[oó]n))\s*,?\s*)?"
    # "Esta" without its accent is "this" ("Esta dirección administra …"), unless a participle follows
    r"(?P<verb>Fue|Fueron|Es|Son|Está|Están|Est(?:a|an)(?=\s+(?:a\s+cargo|bajo|[a-záéíóúñ]+d[oa]s?\b))|(?:Lo|La|Los|Las)(?=\s+[a-záéíóúñ])|Tiene|Tienen|Cuenta|Cuentan|Opera|Interviene|"
    r"[Cc]uenta|[Tt]iene|[Aa]ct[úu]a|[Cc]umple\s+sus\s+funciones|[Dd]epende|[Aa]dministra|[Ee]jecuta|[Ff]inancia|"
    r"[Ii]nterviene|[Ii]ntervino|[Oo]per[óo]|[Oo]pera|"
    # what a centre or a programme gathers, offers or is ruled by: "Reúne cuatro servicios: …"
    r"Re[úu]ne|Agrupa|Comprende|Brinda|Ofrece|Presta|Conduce|Gestiona|[Ss]e\s+(?:financia|rige|encarga)|"
    r"(?<=[a-zñ] )est[áa]\s+a\s+cargo)\b"
)
# What may stand before the entity that opens a sentence: an article, or a section's number
# when the sentence is a heading ("3.1 Centro de Empleo X. Fue creado …").
_OPENS_WITH = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+)?(?:(?:El|La|Los|Las)\s+)?$")


def _subjects_carried(document: Document, by_passage: dict[str, list[Mention]]) -> None:
    """A zero-width mention, at the start of a sentence without a subject, of the body,
    programme or service that opens the sentence before it (in the same passage)."""
    previous: tuple[str, Mention] | None = None
    for sentence in iter_sentences(document):
        passage = sentence.passage
        mentions = by_passage.get(passage.id, [])
        lo = passage.start + sentence.start
        opening = _NO_SUBJECT.match(sentence.text)
        if previous is not None and previous[0] == passage.id and opening:
            at = lo + opening.start("verb")  # after an opening phrase, so the cue reads from the verb
            by_passage[passage.id].append(Mention(previous[1].key, previous[1].type, at, at))
            by_passage[passage.id].sort(key=lambda m: (m.start, -m.end))
            continue  # the carried subject goes on to the next sentence too
        first = next((m for m in mentions if lo <= m.start < passage.start + sentence.end), None)
        opens = first is not None and first.type in ("programme", "service", "institution") and _OPENS_WITH.match(
            passage.text[sentence.start : first.start - passage.start]
        )
        previous = (passage.id, first) if opens and first is not None else None


def sentence_mentions(document: Document, facts: Facts) -> dict[str, list[Mention]]:
    """The mentions links are read between, by passage: named ones, the phrases that refer
    back to a named thing, and the subject a subjectless sentence carries from the one before."""
    by_passage = mentions_by_passage(facts, anaphors(document, facts))
    _subjects_carried(document, by_passage)
    return by_passage


def extract(document: Document, facts: Facts) -> None:
    """Add the links that sentences state between entities already found in them."""
    by_passage = sentence_mentions(document, facts)
    subject = topic(document, facts)
    if subject is not None and subject.type in ("programme", "service"):
        _evaluators_of_topic(document, facts, subject, by_passage)
    _links_in_sentences(document, facts, by_passage)


def _evaluators_of_topic(document: Document, facts: Facts, subject: Entity, by_passage: dict[str, list[Mention]]) -> None:
    """The firm a sentence says evaluated the document's subject, when it names no programme or service."""
    for sentence in iter_sentences(document):
        opening = _EVALUATION_OF_TOPIC.match(sentence.text)
        if opening is None:
            continue
        passage = sentence.passage
        lo, hi = passage.start + sentence.start, passage.start + sentence.end
        inside = [m for m in by_passage.get(passage.id, []) if lo <= m.start and m.end <= hi]
        if any(m.type in ("programme", "service") and m.key != subject.key for m in inside):
            continue
        at = lo + opening.end()
        body = next((m for m in inside if m.start >= at), None)
        if body is None or body.type != "institution" or body.start - at > 60 or "." in document.text[at : body.start]:
            continue
        evidence = span(passage, sentence.start, body.end - passage.start)
        add_link(facts, Link(body.key, "evaluates", subject.key, evidence, rule=EVALUATION_OF_TOPIC))


def _links_in_sentences(document: Document, facts: Facts, by_passage: dict[str, list[Mention]]) -> None:
    for sentence in iter_sentences(document):
        passage = sentence.passage
        mentions = by_passage.get(passage.id)
        if not mentions:
            continue
        lo = passage.start + sentence.start
        hi = passage.start + sentence.end
        inside = [m for m in mentions if lo <= m.start and m.end <= hi]
        if len(inside) < 1:
            continue
        text = passage.text

        def rel(offset: int) -> int:
            return offset - passage.start

        # consecutive pairs: the cue must fill the gap between them
        framed_cues, between_cues = load_cues()
        # the programme or service a body was named the agent of ("X fue ejecutado por Y"), so
        # what follows the agent ("…, con financiamiento de Z") can still be read about X
        agent_of: dict[Mention, Mention] = {}
        run_here: list[tuple[Mention, Mention]] = []  # (body, what it runs) as this sentence says
        for first, second in zip(inside, inside[1:]):
            between = text[rel(first.end) : rel(second.start)].replace("*", "")  # markdown bold around a name
            if len(between) > _MAX_GAP or first.key == second.key:
                continue
            # The bracket around an acronym is no word between the two names: "… (OA) de la …".
            between = without_adverbials(re.sub(r"\(\s*$", " ", re.sub(r"^\s*\)", " ", between)))
            between = _FIRST_PREDICATE.sub(r"\1", between, count=1)
            listed = _listed_before(inside, first, text, rel)
            plural = len(listed) > 1 and (_BOTH.match(between) or _PLURAL_VERB.match(between))
            if plural:
                between = _BOTH.sub(r"\1", between, count=1)
            first_text = text[rel(listed[0].start if plural else first.start) : rel(first.end)]
            before, after = text[sentence.start : rel(first.start)], text[rel(second.end) : sentence.end]
            second_text = text[rel(second.start) : rel(second.end)]
            # "X, con fondos de la agencia Y, evaluó …": Y is inside an aside, X evaluated
            aside = bool(_ASIDE_OPEN.search(before)) and bool(re.match(r"\s*(?:\([^)]{1,20}\))?\s*,", between))
            for cue in (*framed_cues, *between_cues):
                if aside and not cue.reverse:
                    continue
                if cue.fits(first, second, first_text, before, between, after, second_text):
                    if plural:
                        heads = listed
                    else:
                        # "X, órgano de línea del Y, realiza …" / "X, unidad de Y, que …": X acts
                        relative = bool(re.match(r"^\s*(?:\([^)]{1,20}\))?\s*,", between))
                        heads = [_head(inside, first, text, rel, apposition=relative) if not cue.reverse and first.type == "institution" else first]
                    others = _coordinated(inside, second, text, rel, cue.objects if not cue.reverse else ())
                    agents, done = (others, heads) if cue.reverse else (heads, others)
                    if cue.predicate in _TOGETHER_PREDICATES:
                        # the cue's object list ends the clause either way: "X ejecuta Y junto con Z", "Y, ejecutado por X junto con Z"
                        agents = agents + _together(inside, agents, others[-1], text, rel)
                    _link_each(facts, passage, cue, agents, done)
                    if cue.predicate == "runs":
                        run_here.extend((agent, thing) for agent in agents for thing in done)
                    # "X es administrado por Y", "X, creado por la norma Y,": what follows Y may be said of X
                    if cue.reverse and done[0].type in ("programme", "service"):
                        agent_of.update((agent, done[0]) for agent in agents)
                    elif not cue.reverse and first.type in ("programme", "service") and re.search(r"\b(?:por|mediante)\b", between):
                        agent_of.update((other, first) for other in others)
                    break
            else:
                # "X fue ejecutado por Y, con financiamiento de Z", "X es conducido por Y y se financia
                # con recursos del Z": Z funds X, not Y
                if first in agent_of:
                    thing = agent_of[first]
                    said_of_it = re.sub(r"^(\s*(?:\([^)]{1,20}\))?\s*,?\s*)(?:y|e)\s+", r"\1", between)
                    for cue in (*framed_cues, *between_cues):
                        if cue.reverse and cue.fits(thing, second, first_text, before, said_of_it, after, second_text):
                            _link_each(facts, passage, cue, _coordinated(inside, second, text, rel), [thing])
                            break
        _links_past_asides(facts, sentence, inside, between_cues)
        _place_opening(facts, sentence, inside, run_here)
        # a named thing followed by one or more regions
        for index, first in enumerate(inside):
            if first.type not in ("programme", "service", "institution"):
                continue
            regions = []
            for second in inside[index + 1 :]:
                if second.type != "region":
                    break
                regions.append(second)
            if not regions:
                continue
            for n, region in enumerate(regions):
                between = text[rel(first.end) : rel(region.start)]
                for earlier in reversed(regions[:n]):
                    between = between[: rel(earlier.start) - rel(first.end)] + "\x00" + between[rel(earlier.end) - rel(first.end) :]
                if len(between) > _MAX_GAP * 2:
                    break
                between = without_adverbials(between)  # "tiene presencia también en", "opera desde 2024 en"
                adjacent = n == 0 and _ADJACENT.match(between) and (first.type != "institution" or _ACRONYM.fullmatch(text[rel(first.start) : rel(first.end)]))
                worker = first
                second_verb = _AND_VERB.match(between)
                if second_verb and _IN_REGION.match(between[second_verb.end() :]):
                    # "A forma parte del B y opera en R": the sentence's subject A, not B, works in R
                    opener = inside[0]
                    opens = opener is not first and opener.type in ("programme", "service", "institution") and _OPENS_WITH.match(
                        text[sentence.start : rel(opener.start)])
                    if not opens:
                        break
                    worker = opener
                elif not (adjacent or _IN_REGION.match(between)):
                    break
                evidence = span(passage, rel(worker.start), rel(region.end))
                add_link(facts, Link(worker.key, "operatesIn", region.key, evidence, rule=IN_REGION))
        # "… que las crea": the norm creates the nearest programme/service before it in the passage
        for norm in (m for m in inside if m.type == "norm"):
            after = text[rel(norm.end) : rel(norm.end) + 30]
            creates = _CREATES_BEFORE.match(after)
            if not creates:
                continue
            created = [m for m in mentions if m.end <= norm.start and m.type in ("programme", "service") and norm.start - m.end < 150]
            if created:
                nearest = created[-1]
                evidence = span(passage, rel(nearest.start), rel(norm.end) + creates.end())
                add_link(facts, Link(nearest.key, "createdBy", norm.key, evidence, rule=CREATES_BEFORE))


def _links_past_asides(facts: Facts, sentence: Sentence, inside: list[Mention], cues: Sequence[Cue]) -> None:
    """A body and the first name after an aside that names others: "X, a través de la red de Y,
    brinda la Z", "X gestionó, con apoyo del proyecto Y, la Z" (the cue read without the aside)."""
    passage, text = sentence.passage, sentence.passage.text

    def rel(offset: int) -> int:
        return offset - passage.start

    for index, first in enumerate(inside):
        if first.type != "institution":
            continue
        for second in inside[index + 1 : index + 6]:
            if second.key == first.key or second.start - first.end > _MAX_GAP * 2:
                break
            between = _outside_asides(text[rel(first.end) : rel(second.start)], [
                (m.start - first.end, m.end - first.end) for m in inside[index + 1 : inside.index(second)]])
            if between is None:
                continue
            between = without_adverbials(re.sub(r"^\s*\)", " ", between))
            before, after = text[sentence.start : rel(first.start)], text[rel(second.end) : sentence.end]
            second_text = text[rel(second.start) : rel(second.end)]
            for cue in cues:
                if cue.fits(first, second, text[rel(first.start) : rel(first.end)], before, between, after, second_text):
                    things = _coordinated(inside, second, text, rel)
                    _link_each(facts, passage, cue, things if cue.reverse else [first], [first] if cue.reverse else things)
                    break
            break  # only the first name after the aside


def _place_opening(facts: Facts, sentence: Sentence, inside: list[Mention], run_here: list[tuple[Mention, Mention]]) -> None:
    """"En Ica, la gerencia X opera la ventanilla Y": Y works in Ica. Only when the body right
    after the place runs it: "En Ica, la derivación se hizo a … operada por …" says less."""
    passage, text = sentence.passage, sentence.passage.text
    opener = inside[0]
    if len(inside) < 2 or opener.type != "region":
        return
    lo, hi = opener.start - passage.start, opener.end - passage.start
    if not _PLACE_OPENS.match(text[sentence.start : lo]) or not re.match(r"\s*,", text[hi:]):
        return
    for thing in dict.fromkeys(thing for agent, thing in run_here if agent.key == inside[1].key):
        if thing.type in ("programme", "service"):
            evidence = span(passage, lo, thing.end - passage.start)
            add_link(facts, Link(thing.key, "operatesIn", opener.key, evidence, rule=PLACE_OPENING))
