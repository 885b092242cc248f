"""Services a centre or a programme offers, listed in the sentence that names it.

Reports and norms say what a centre provides in one sentence::

    En el Centro de Empleo X se prestan los servicios de orientación vocacional y
    colocación, además del certificado único laboral.
    Este centro brinda, entre otros, el Certificado Único Laboral y la Asesoría X.

Each item of the list after a verb of offering (any tense, see :mod:`.verbs`) is a service
part of the centre, programme or service named last before the verb in the same sentence
(or of the one an anaphor such as "este centro" stands for). An item is a service the
extractors already found there, or a phrase in lower case whose head is a kind of
employment service ("orientación vocacional", "asesoría …"): a list of what was
achieved ("brindó 300 asesorías") has figures and gives nothing.
"""

from __future__ import annotations

import re

from quipu.ingest.facts import Entity, Facts, Link, rule
from quipu.ingest.models import Document, Passage

from . import verbs
from .entities import add_entity
from .record import add_link, add_mention
from .relations import Mention, sentence_mentions
from .spans import iter_sentences, span

RULE = rule("relations/offered-services")
_OFFER = re.compile(
    verbs.expand(
        r"(?:\bse\s+(?:prestan|brindan|ofrecen|entregan|atienden|articulan|prestaban|brindaban|ofrecían|prestarán|brindarán|ofrecerán)"
        r"|\b{V:brindar|prestar|ofrecer|entregar|incluir|comprender|integrar|articular|agrupar}|\bacceden\s+a)"
    )
    + r"(?:\s*,\s*entre\s+otros\s*,)?\s+"
    # to whom ("a los jóvenes de la región X"), then what is counted ("tres servicios:", "los servicios de")
    + r"(?:(?:\w+\s+)?servicios\s*:\s*|(?:los|las|sus)\s+(?:servicios|prestaciones)\s+(?:de|del|siguientes:?)\s*|(?:la|el|los|las|al)\s+)?",
    re.IGNORECASE,
)
# The stems every form of _OFFER's verbs starts with.
_STEMS = ("prest", "brind", "ofrec", "entreg", "atiend", "articul", "inclu", "compren", "integr", "agrup", "acceden")
_HOST_HEAD = re.compile(r"^(?:(?:el|la|este|esta|dicho|dicha)\s+)?(?:centro|ventanilla|m[oó]dulo|servicio|programa|proyecto)\b", re.IGNORECASE)
# Heads of the kinds of employment services a list item may name in lower case.
_SERVICE_HEAD = re.compile(
    r"^(?:bolsa|orientaci[oó]n|asesor[ií]a|capacitaci[oó]n|certificad[oa]|certificaci[oó]n|intermediaci[oó]n|acercamiento|"
    r"conciliaci[oó]n|colocaci[oó]n|inserci[oó]n|formaci[oó]n|asistencia|defensa|ventanilla|servicio|informaci[oó]n|"
    r"evaluaci[oó]n\s+de\s+competencias|patrocinio|consultor[ií]a|b[uú]squeda)\b",
    re.IGNORECASE,
)
_TO_WHOM = re.compile(r"(?:a|para)\s+", re.IGNORECASE)
_OPENING = re.compile(r"\b(?:la|el|los|las)\s+", re.IGNORECASE)
_SPLIT = re.compile(r"\s*,\s*(?:y\s+|e\s+)?|\s+y\s+|\s+e\s+")
_ARTICLE = re.compile(r"^(?:(?:la|el|los|las|al|a\s+la|a\s+los|del)\s+)?(?:servicio\s+de\s+)?", re.IGNORECASE)
_MAX_WORDS = 7


def extract(document: Document, facts: Facts) -> None:
    """Add partOf links from each listed service to what offers it."""
    by_passage = None  # read only when a sentence offers something: most documents have few
    for sentence in iter_sentences(document):
        text = sentence.text
        lowered = text.lower()
        if not any(stem in lowered for stem in _STEMS):
            continue  # the verb pattern is long; most sentences have none of its stems
        offer = _OFFER.search(text)
        if offer is None:
            continue
        if by_passage is None:
            by_passage = sentence_mentions(document, facts)
        passage = sentence.passage
        lo = passage.start + sentence.start
        mentions = [m for m in by_passage.get(passage.id, []) if lo <= m.start and m.end <= lo + len(text)]
        hosts = [m for m in mentions if m.end <= lo + offer.start() and m.type in ("service", "programme")]
        if not hosts:
            continue
        host = hosts[-1]
        host_text = document.text[host.start : host.end]
        if host.start != host.end and not _HOST_HEAD.match(host_text):
            continue  # "la Bolsa de Trabajo brinda …" offers no services of its own
        end = len(text)
        stop = re.search(r"[.;:]|\s(?:que|para|con|a\s+(?:los|las)\s+\w+|en\s+(?:el|la|los|las)\s)", text[offer.end() :])
        if stop is not None:
            end = offer.end() + stop.start()
        listed = text[offer.end() : end]
        at = offer.end()
        whom = _TO_WHOM.match(text, at)
        if whom is not None:
            # "ofrece a los jóvenes de la región X la bolsa …": the list starts at the first
            # article that opens a kind of service or a service named there
            starts = [m.end() for m in _OPENING.finditer(text, whom.end(), min(len(text), whom.end() + 80))]
            first = next((p for p in starts if _SERVICE_HEAD.match(text, p) or any(lo + p == m.start for m in mentions if m.type == "service")), None)
            if first is None:
                continue
            at = first
            stop = re.search(r"[.;:]|\s(?:que|para|con|en\s+(?:el|la|los|las)\s)", text[at:])
            listed = text[at : at + stop.start() if stop else len(text)]
        for piece in _SPLIT.split(listed):
            start = text.find(piece, at) if piece else -1
            if start < 0:
                continue
            at = start + len(piece)
            if re.search(r"\d", piece):
                break  # a count of what was delivered ("brindó 300 asesorías"), not a service
            item = _item(facts, passage, mentions, lo, start, start + len(piece), piece)
            if item is None or item.key == host.key:
                continue
            evidence = span(passage, host.start - passage.start if host.start != host.end else sentence.start, sentence.start + at)
            add_link(facts, Link(item.key, "partOf", host.key, evidence, rule=RULE))


def _item(facts: Facts, passage: Passage, mentions: list[Mention], lo: int, start: int, end: int, piece: str) -> Entity | None:
    """The service a list item names: one found there, or a lower-case kind of service."""
    for mention in mentions:
        if mention.type == "service" and mention.start < lo + end and lo + start < mention.end:
            return facts.entities.get(mention.key)
    cut = _ARTICLE.match(piece)
    name = piece[cut.end() :].strip() if cut else piece.strip()
    words = name.split()
    if not words or len(words) > _MAX_WORDS or not _SERVICE_HEAD.match(name) or name[:1].isupper() and len(words) == 1:
        return None
    label = name[0].upper() + name[1:]
    entity = add_entity(facts, "service", label)
    offset = lo + start + (cut.end() if cut else 0)
    add_mention(entity, span(passage, offset - passage.start, offset - passage.start + len(name)))
    return entity
