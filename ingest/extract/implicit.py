"""Links whose one side the sentence does not name.

:mod:`.relations` links two mentions of one sentence. Reports often leave one side out, and
the reader fills it in from the document or from what the sector knows:

* the document's topic (:mod:`.topic`): "El Gobierno Regional de Junín financia los
  talleres …" (funds the programme of the fact sheet), "El Instituto de Estudios Laborales
  elaboró el informe final de evaluación …" (evaluates the project of the evaluation
  report), "… tras su articulación con el Centro de Empleo" (the service the text is about
  is part of the Centro de Empleo), a bare list of regions under "Ámbito de intervención"
  (where the programme operates);
* the sentence before: "… orientación en la Bolsa de Trabajo. Los pasajes los cofinancia
  el Programa Impulsa Perú" (the clitic points back to the Bolsa de Trabajo);
* the seed vocabulary (qp:competentAuthority in entities.ttl): "c) Ejercer la rectoría del
  Certificado Único Laboral." in a list of the ministry's duties, or the authority and its
  service named together in one sentence;
* an indicator's own name: "Número de jóvenes atendidos por el servicio de Capacitación
  Laboral" measures that service;
* a count that points back to a list: "el Programa Impulsa Perú en sus cuatro regiones"
  operates in the four regions of the last sentence that listed four ("… con sedes en
  Cusco, Junín, Ayacucho y Ucayali").

Every rule is a cue in a table; none fires without its cue, so precision stays first.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable

from quipu.core.text import fold
from quipu.ingest.facts import VOCABULARY, Entity, Facts, Link, LinkPredicate, rule
from quipu.ingest.models import Document

from . import gazetteer
from .entities import region_in_service_names
from .record import add_link, link_pair
from .relations import Mention, mentions_by_passage
from .spans import Sentence, iter_sentences, span
from .topic import anaphors, topic

_ART = r"(?:\s+(?:el|la|los|las|del|al))?"
_ACTIVE = ("programme", "service")


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# An institution acts on the document's topic without naming it: (cue right after the
# institution, predicate with the institution as subject and the topic as object).
_ON_TOPIC: list[tuple[re.Pattern[str], LinkPredicate]] = [
    (_cue(r"^\s*,?\s*(?:que\s+)?(?:co)?financia(?:n|ba|r[aá])?\b"), "funds"),
    (
        _cue(
            r"^\s*,?\s*(?:utiliz[oó]\s+para|realiz[oó]|llev[oó]\s+a\s+cabo|estuvo\s+a\s+cargo\s+de|tuvo\s+a\s+su\s+cargo|"
            r"elabor[oó]|ejecut[oó])\s+(?:la|el|esta|este)\s+(?:presente\s+)?(?:evaluaci[oó]n|estudio\s+de\s+evaluaci[oó]n|"
            r"informe\s+(?:final\s+)?de\s+evaluaci[oó]n)\b"
        ),
        "evaluates",
    ),
]
# The topic, as a possessive, joins a named programme or service of its own kind: cue right
# before it. ("su inserción/incorporación en el Programa" is said of people, so not a cue.)
_TOPIC_PART_OF = _cue(
    r"\bsu\s+(?:integraci[oó]n|articulaci[oó]n)\s+(?:en|a|dentro\s+de|con)" + _ART + r"\s*$"
)
# "… los cofinancia el Programa X": the clitic points to the last programme or service before.
_CLITIC_FUNDS = _cue(r"\b(?:lo|la|los|las)\s+(?:co)?financia(?:n|ba|ron)?" + _ART + r"\s*$")
_ANTECEDENT_WINDOW = 300
# "Ejercer la rectoría del Certificado Único Laboral": the vocabulary names the authority.
_AUTHORITY = _cue(
    r"\b(?:ente\s+rector|[oó]rgano\s+rector|autoridad\s+(?:nacional\s+)?competente|rector[ií]a)\s+(?:del?|en|sobre)" + _ART + r"\s*$"
)
# A bare list of regions is the topic's area when a label just before says so.
_AREA_LABEL = _cue(r"\b(?:regi[oó]n(?:es)?|[aá]mbito|departamentos|zonas?)\s+(?:de\s+)?(?:intervenci[oó]n|acci[oó]n|cobertura)\b|\b[aá]mbito\b")
_AREA_WINDOW = 200
_LIST_GLUE = re.compile(r"^[\s,;.:y]*$|^[\s,;.:]*(?:y|e)[\s,;.:]*$")
# "… por el servicio de Capacitación Laboral" in an indicator's name.
_SERVICE_IN_NAME = re.compile(r"\bservicios?\s+(?:de|del)\s+")


def _sentence_mentions(sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
    lo = sentence.passage.start + sentence.start
    hi = sentence.passage.start + sentence.end
    return [m for m in mentions if lo <= m.start and m.end <= hi]


def _on_topic(facts: Facts, sentence: Sentence, inside: list[Mention], subject: Entity) -> None:
    """An institution funds or evaluates the topic: "El Gobierno Regional de Junín financia …"."""
    passage, base = sentence.passage, sentence.passage.start
    for index, mention in enumerate(inside):
        if mention.type != "institution":
            continue
        after = passage.text[mention.end - base : sentence.end]
        following = inside[index + 1] if index + 1 < len(inside) else None
        for cue, predicate in _ON_TOPIC:
            found = cue.match(after)
            if not found:
                continue
            if following is not None and following.type in _ACTIVE and following.key != subject.key:
                break  # the sentence names what is funded or evaluated: relations reads it
            evidence = span(passage, mention.start - base, mention.end - base + found.end())
            add_link(facts, Link(mention.key, predicate, subject.key, evidence, rule=ON_TOPIC_RULE))
            break


def _topic_part_of(facts: Facts, sentence: Sentence, inside: list[Mention], subject: Entity) -> None:
    """The topic joins another service: "… tras su articulación con el Centro de Empleo"."""
    passage, base = sentence.passage, sentence.passage.start
    for mention in inside:
        if mention.type != subject.type or mention.key == subject.key:
            continue
        found = _TOPIC_PART_OF.search(passage.text[sentence.start : mention.start - base])
        if found:
            evidence = span(passage, sentence.start + found.start(), mention.end - base)
            add_link(facts, Link(subject.key, "partOf", mention.key, evidence, rule=TOPIC_PART_RULE))


_LIST_GAP = re.compile(r"^\s*\)?\s*(?:\([^)]{1,20}\))?\s*(?:,|;|\by\b|\be\b)?\s*(?:el|la|los|las)?\s*$")


# "…, la Subunidad B (SB) y la Oficina C (OC), órganos de la Unidad D": a list of bodies and
# what they all belong to.
_MEMBERS_OF = re.compile(
    r",\s*(?:tod[oa]s\s+)?(?:[óo]rganos|unidades(?:\s+org[áa]nicas)?|oficinas|dependencias|sub\s*unidades|[áa]reas)"
    r"(?:\s+(?:de\s+l[ií]nea|de\s+apoyo|desconcentrad[oa]s))?\s+(?:de|del)(?:\s+(?:la|el))?\s*$",
    re.IGNORECASE,
)
MEMBERS_RULE = rule("implicit/members-of")
# Every link names the rule that read it (qp:extractionRule), so a wrong one can be traced.
ON_TOPIC_RULE = rule("implicit/on-topic")
TOPIC_PART_RULE = rule("implicit/topic-part-of")
CLITIC_FUNDS_RULE = rule("implicit/clitic-funds")
# The service's authority is the vocabulary's (entities.ttl), not the sentence's, which only names
# the service after a phrase of authority: the vocabulary states that link.
AUTHORITY_RULE = VOCABULARY + "/service-authority"
# The authority named beside its service in one sentence runs it: read from the sentence, which
# names both, so it cites the sentence (and a card shows it only where the sentence supports it).
NAMED_TOGETHER_RULE = rule("implicit/authority-named-together")
AREA_RULE = rule("implicit/area")
COUNTED_REGIONS_RULE = rule("refers/counted-regions")  # the regions are named in a list elsewhere
INDICATOR_SERVICE_RULE = rule("implicit/indicator-service")
LABELLED_RULE = rule("implicit/labelled-line")


def _members_of(facts: Facts, sentence: Sentence, inside: list[Mention]) -> None:
    """Every body of a list followed by ", órganos de X" belongs to X."""
    text, base = sentence.passage.text, sentence.passage.start
    for index, parent in enumerate(inside):
        if parent.type != "institution" or index == 0:
            continue
        previous = inside[index - 1]
        if previous.type != "institution" or not _MEMBERS_OF.search(text[previous.end - base : parent.start - base]):
            continue
        members = [previous]
        for earlier in reversed(inside[: index - 1]):
            if earlier.key == members[-1].key:
                members[-1] = earlier  # "Oficina de Enlace Laboral (OEL)": the name and its acronym
                continue
            if earlier.type != "institution" or not _LIST_GAP.match(text[earlier.end - base : members[-1].start - base]):
                break
            members.append(earlier)
        for member in members:
            evidence = span(sentence.passage, member.start - base, parent.end - base)
            add_link(facts, Link(member.key, "subOrganizationOf", parent.key, evidence, rule=MEMBERS_RULE))


# "La Oficina X es … . Tiene a su cargo el Centro Y": a sentence with no subject of its own
# runs on the subject of the sentence before.
_SUBJECTLESS_RUNS = re.compile(
    r"^\s*(?:Tiene[n]?\s+a\s+su\s+cargo|Administra[n]?|Conduce[n]?|Dirige[n]?|Gestiona[n]?|Opera[n]?|Ejecuta[n]?|Implementa[n]?)"
    r"(?:\s+(?:adem[aá]s|tambi[eé]n))?(?:\s+(?:el|la|los|las))?\s*$"
)
SUBJECTLESS_RULE = rule("implicit/subject-of-the-sentence-before")


def _subjectless_runs(facts: Facts, sentence: Sentence, inside: list[Mention], before: tuple[Sentence, list[Mention]] | None) -> None:
    if before is None or not inside or inside[0].type not in _ACTIVE:
        return
    text, base = sentence.passage.text, sentence.passage.start
    if not _SUBJECTLESS_RUNS.match(text[sentence.start : inside[0].start - base]):
        return
    previous, mentions = before
    if previous.passage.id != sentence.passage.id or text[previous.end : sentence.start].strip():
        return  # only the sentence right before
    first = mentions[0] if mentions else None
    opening = previous.passage.text[previous.start : first.start - previous.passage.start] if first else ""
    if first is None or first.type != "institution" or not re.fullmatch(r"\s*(?:(?:El|La|Los|Las)\s+)?", opening):
        return  # the sentence before must open with the body as its subject
    evidence = span(sentence.passage, sentence.start, inside[0].end - base)
    add_link(facts, Link(first.key, "runs", inside[0].key, evidence, rule=SUBJECTLESS_RULE))


def _clitic_funds(facts: Facts, sentence: Sentence, inside: list[Mention], passage_mentions: list[Mention]) -> None:
    """ "… las cofinancia el Programa X": X funds the last programme or service named before."""
    passage, base = sentence.passage, sentence.passage.start
    for index, mention in enumerate(inside):
        if mention.type not in ("programme", "institution"):
            continue
        if not _CLITIC_FUNDS.search(passage.text[sentence.start : mention.start - base]):
            continue
        if any(m.type in _ACTIVE for m in inside[:index]):
            continue  # the antecedent is in the sentence: relations reads it
        sentence_start = base + sentence.start
        earlier = [
            m for m in passage_mentions
            if m.type in _ACTIVE and m.end <= sentence_start and sentence_start - m.end <= _ANTECEDENT_WINDOW and m.key != mention.key
        ]
        if earlier:
            antecedent = earlier[-1]
            evidence = span(passage, antecedent.start - base, mention.end - base)
            add_link(facts, Link(mention.key, "funds", antecedent.key, evidence, rule=CLITIC_FUNDS_RULE))


def _authority(facts: Facts, sentence: Sentence, inside: list[Mention], gaz: gazetteer.Gazetteer) -> None:
    """Competent authority and runs links that the seed vocabulary supplies."""
    passage, base = sentence.passage, sentence.passage.start
    named = {m.key for m in inside if m.type == "institution"}
    for index, mention in enumerate(inside):
        seed = gaz.seeds.get(mention.key)
        if mention.type != "service" or seed is None or not seed.authority or seed.authority not in facts.entities:
            continue
        before = passage.text[sentence.start : mention.start - base]
        found = _AUTHORITY.search(before)
        if found and not (index and inside[index - 1].type == "institution"):
            evidence = span(passage, sentence.start + found.start(), mention.end - base)
            add_link(facts, Link(mention.key, "competentAuthority", seed.authority, evidence, rule=AUTHORITY_RULE))
        elif seed.authority in named:
            authority = next(m for m in inside if m.key == seed.authority)
            start, end = min(authority.start, mention.start), max(authority.end, mention.end)
            # Named together, the authority runs the service, unless a link between the two is known.
            evidence = span(passage, start - base, end - base)
            add_link(facts, Link(seed.authority, "runs", mention.key, evidence, rule=NAMED_TOGETHER_RULE), also_same=link_pair)


def _area(document: Document, facts: Facts, sentence: Sentence, inside: list[Mention], subject: Entity) -> None:
    """A sentence that is nothing but regions, under a label such as "Ámbito de intervención"."""
    regions = [m for m in inside if m.type == "region"]
    if len(regions) < 2 or len(regions) != len(inside):
        return
    passage, base = sentence.passage, sentence.passage.start
    cursor = sentence.start
    for region in regions:
        if not _LIST_GLUE.match(passage.text[cursor : region.start - base]):
            return
        cursor = region.end - base
    if not _LIST_GLUE.match(passage.text[cursor : sentence.end]):
        return
    start = base + sentence.start
    if not _AREA_LABEL.search(document.text[max(0, start - _AREA_WINDOW) : start]):
        return
    for region in regions:
        evidence = span(passage, region.start - base, region.end - base)
        add_link(facts, Link(subject.key, "operatesIn", region.key, evidence, rule=AREA_RULE))


# A profile's "Label: value" lines ("Norma de creación: Decreto Supremo N° …", "Conducción: la
# Dirección …", "Financiamiento: …", "Ámbito de intervención: …") state a link between the
# document's topic and what the value names: (label, predicate, the kind named in the value,
# whether the topic is the link's subject, whether every name of that kind counts or the first).
_LABEL_LINE = re.compile(r"^(?P<label>[A-ZÁÉÍÓÚÑ][^:\n]{2,60}?)\s*(?:\([^)\n]{1,30}\))?\s*:\s+\S")
_LABELLED: list[tuple[re.Pattern[str], LinkPredicate, str, bool, bool]] = [
    (_cue(r"^(?:norma|dispositivo|instrumento)\s+(?:legal\s+)?de\s+creaci[oó]n$|^creaci[oó]n$|^cread[oa]\s+(?:por|mediante)$"),
     "createdBy", "norm", True, False),
    # ("Unidad responsable" is left out: an indicator sheet inside a profile uses it for the indicator)
    (_cue(r"^(?:conducci[oó]n|entidad\s+(?:a\s+cargo|responsable|ejecutora)|unidad\s+ejecutora|"
          r"(?:[oó]rgano|entidad)\s+conductor|operador|ejecutor|a\s+cargo(?:\s+de)?|responsable\s+de\s+la\s+(?:ejecuci[oó]n|gesti[oó]n|conducci[oó]n))$"),
     "runs", "institution", False, False),
    (_cue(r"^(?:financiamiento|fuentes?\s+de\s+financiamiento|financiad[oa]\s+por|entidad(?:es)?\s+financiadoras?|cooperantes?)$"),
     "funds", "institution", False, False),
    (_cue(r"^(?:seguimiento|monitoreo|supervisi[oó]n|evaluaci[oó]n)(?:\s+[a-záéíóúñ]+){0,2}$"),
     "evaluates", "institution", False, False),
    (_cue(r"^(?:[aá]mbito(?:\s+de\s+(?:intervenci[oó]n|acci[oó]n))?|cobertura\s+geogr[aá]fica|regiones(?:\s+de\s+intervenci[oó]n)?)$"),
     "operatesIn", "region", True, True),
]


def _labelled_lines(document: Document, facts: Facts, by_passage: dict[str, list[Mention]], subject: Entity) -> None:
    """The "Label: value" lines of a programme's or service's profile: the label says the link,
    the value names its other end, the topic is the one the profile is about. A value that
    names another programme or service is about that one, and is left to the other rules."""
    if subject.type not in ("programme", "service"):
        return
    for passage in document.passages:
        mentions = by_passage.get(passage.id)
        if not mentions or passage.kind != "text":
            continue
        at = 0
        for line in passage.text.split("\n"):
            start, at = at, at + len(line) + 1
            found = _LABEL_LINE.match(line)
            if found is None:
                continue
            label = " ".join(found.group("label").split())
            cue = next((entry for entry in _LABELLED if entry[0].search(label)), None)
            if cue is None:
                continue
            _, predicate, kind, topic_first, every = cue
            lo, hi = passage.start + start + found.end() - 1, passage.start + start + len(line)
            value = [m for m in mentions if lo <= m.start and m.end <= hi]
            if any(m.type in ("programme", "service") and m.key != subject.key for m in value):
                continue
            named = [m for m in value if m.type == kind]
            for mention in named if every else named[:1]:
                evidence = span(passage, start, mention.end - passage.start)
                ends = (subject.key, mention.key) if topic_first else (mention.key, subject.key)
                add_link(facts, Link(ends[0], predicate, ends[1], evidence, rule=LABELLED_RULE))


_COUNT_WORDS = {
    "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
    "once": 11, "doce": 12,
}
_COUNTED_REGIONS = _cue(
    r"\b(?:las|los|sus|estas|estos|dichas|dichos)\s+(?P<n>" + "|".join(_COUNT_WORDS) + r"|\d{1,2})\s+"
    r"(?:regiones|departamentos|gobiernos\s+regionales|direcciones\s+regionales)\b"
)
# Between the programme or service and the count: "el Programa X en sus cuatro …", "… del Proyecto X".
_COUNT_GLUE = re.compile(r"^\s*(?:de|en|para)\s*$|^\s*(?:\w+\s+){0,2}(?:de|del|de\s+la)\s*$", re.IGNORECASE)


def _region_lists(document: Document, by_passage: dict[str, list[Mention]]) -> dict[int, list[tuple[int, list[str]]]]:
    """(document offset, region keys) of every sentence that lists two or more distinct
    regions, in document order, by the number of regions."""
    lists: dict[int, list[tuple[int, list[str]]]] = defaultdict(list)
    for sentence in iter_sentences(document):
        inside = _sentence_mentions(sentence, by_passage.get(sentence.passage.id, []))
        regions = list(dict.fromkeys(m.key for m in inside if m.type == "region"))
        if len(regions) >= 2:
            lists[len(regions)].append((sentence.passage.start + sentence.start, regions))
    return lists


def _counted_regions(
    facts: Facts, sentence: Sentence, inside: list[Mention], lists: dict[int, list[tuple[int, list[str]]]]
) -> None:
    """ "el Programa Impulsa Perú en sus cuatro regiones": the regions of the last list of four."""
    passage, base = sentence.passage, sentence.passage.start
    for count in _COUNTED_REGIONS.finditer(passage.text, sentence.start, sentence.end):
        word = count.group("n").lower()
        n = int(word) if word.isdigit() else _COUNT_WORDS[word]
        at = base + count.start()
        # the lists of n regions before the count, found by bisection: they are in document order
        same_count = lists.get(n, [])
        before = bisect.bisect_left(same_count, at, key=lambda item: item[0])
        if not before:
            continue
        for mention in inside:
            if mention.type not in _ACTIVE:
                continue
            if mention.end - base <= count.start():
                glue = passage.text[mention.end - base : count.start()]
            elif mention.start - base >= count.end():
                glue = passage.text[count.end() : mention.start - base]
            else:
                continue
            if not _COUNT_GLUE.match(glue):
                continue
            start, end = min(mention.start - base, count.start()), max(mention.end - base, count.end())
            for region in same_count[before - 1][1]:
                add_link(facts, Link(mention.key, "operatesIn", region, span(passage, start, end), rule=COUNTED_REGIONS_RULE))


def _service_names(facts: Facts) -> list[tuple[str, str]]:
    """(folded name, key) of the document's services, longest first."""
    names = []
    for entity in facts.entities.values():
        if entity.type == "service":
            names += [(fold(n), entity.key) for n in {entity.label, *entity.alt_labels} if len(n) >= 8]
    return sorted(names, key=lambda n: -len(n[0]))


def _indicator_services(facts: Facts, document: Document) -> None:
    """An indicator whose name says "… los servicios de <service>" measures that service."""
    names = _service_names(facts)
    if not names:
        return
    passages = {p.id: p for p in document.passages}
    for indicator in [e for e in facts.entities.values() if e.type == "indicator" and e.mentions]:
        label = fold(indicator.label)
        for cue in _SERVICE_IN_NAME.finditer(label):
            rest = label[cue.end() :]
            hit = next((key for name, key in names if rest.startswith(name) and not rest[len(name) : len(name) + 1].isalnum()), None)
            if hit:
                mention = indicator.mentions[0]
                passage = passages[mention.passage_id]
                evidence = span(passage, mention.start - passage.start, mention.end - passage.start)
                add_link(facts, Link(indicator.key, "measures", hit, evidence, rule=INDICATOR_SERVICE_RULE))
                break


def _sentences_with_mentions(document: Document, by_passage: dict[str, list[Mention]]) -> Iterable[tuple[Sentence, list[Mention]]]:
    for sentence in iter_sentences(document):
        mentions = by_passage.get(sentence.passage.id)
        if mentions:
            inside = _sentence_mentions(sentence, mentions)
            if inside:
                yield sentence, inside


def extract(document: Document, facts: Facts) -> None:
    """Add the links whose missing side the topic, the previous sentence or the vocabulary supplies."""
    gaz = gazetteer.load()
    subject = topic(document, facts)
    by_passage = mentions_by_passage(facts, anaphors(document, facts, subject))
    lists = _region_lists(document, by_passage)
    before: tuple[Sentence, list[Mention]] | None = None
    for sentence, inside in _sentences_with_mentions(document, by_passage):
        _subjectless_runs(facts, sentence, inside, before)
        _members_of(facts, sentence, inside)
        before = (sentence, inside)
        _counted_regions(facts, sentence, inside, lists)
        if subject is not None:
            _on_topic(facts, sentence, inside, subject)
            _topic_part_of(facts, sentence, inside, subject)
            _area(document, facts, sentence, inside, subject)
        _clitic_funds(facts, sentence, inside, by_passage[sentence.passage.id])
        _authority(facts, sentence, inside, gaz)
    if subject is not None:
        _labelled_lines(document, facts, by_passage, subject)
    _indicator_services(facts, document)
    region_in_service_names(facts, gaz)
