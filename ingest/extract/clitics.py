"""Links stated through a pronoun: "lo administra la dirección X", "El gobierno regional lo
financia", "Sus acciones se desarrollan en A y B", "Su evaluación estuvo a cargo de Y", "su
Oficina de Z".

Spanish writers name a programme or service once and go on with a clitic pronoun before
the verb: "El Centro de Empleo Y funciona bajo gestión compartida: lo administra la
dirección X y lo conduce técnicamente el ministerio Z". The body that acts stands right
after the verb (a subject placed after it), or right before the pronoun ("El gobierno
regional lo financia con …"). The pronoun refers back to the last programme or service named
before it, in the same sentence or the few before it in the passage, whose grammatical gender
agrees with the pronoun's ("lo" a programa, servicio, centro; "la" a ventanilla, bolsa, red:
one of its names must agree, as "la" may stand for the "Servicio Ruta X").
The relation comes from the verb: running, funding or evaluating.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quipu.ingest.facts import Facts, Link, LinkPredicate, rule
from quipu.ingest.models import Document

from . import verbs
from .record import add_link
from .relations import Mention, head_of, sentence_mentions
from .spans import iter_sentences, span

_VERBS: dict[LinkPredicate, str] = {
    "runs": verbs.expand(r"{V:operar|administrar|gestionar|conducir|ejecutar|implementar|dirigir|liderar|coordinar|brindar|prestar|expedir|asumir|atender}")
    + r"|tiene\s+a\s+su\s+cargo|tuvo\s+a\s+su\s+cargo|(?:lleva|llevó|llevan|llevaron|llevará|llevaba)\s+a\s+cabo",
    "funds": verbs.expand(r"{V:financiar|cofinanciar}"),
    "evaluates": verbs.expand(r"{V:evaluar|supervisar|monitorear}"),
}
_VERB = "|".join(f"(?P<{predicate}>{pattern})" for predicate, pattern in _VERBS.items())
_ADVERB = r"(?:[a-záéíóú]+mente\s+)"
# The pronoun and its verb, then the body that acts: "lo conduce técnicamente el", "la opera la".
_AGENT_AFTER = re.compile(
    r"\b(?P<pron>lo|la|los|las)\s+" + _ADVERB + r"?(?:" + _VERB + r")n?\s+" + _ADVERB + r"?"
    r"(?:(?:a\s+trav[eé]s|por\s+medio)\s+(?:de|del)\s+)?(?:(?:el|la|los|las|del|al)\s+)?"
    # what kind of body it is: "lo ejecutó la asociación civil X", "la realizó la consultora Y"
    r"(?:(?:asociaci[oó]n(?:\s+civil)?|organizaci[oó]n(?:\s+no\s+gubernamental)?|ong|firma|empresa|consultora|entidad|universidad)\s+)?$",
    re.IGNORECASE,
)
# The body, then the pronoun and its verb: "El GRA lo financia", "la dirección lo ejecuta desde …".
_AGENT_BEFORE = re.compile(
    r"^\s*(?:\([^)]{1,20}\)\s*)?(?:tambi[eé]n\s+)?" + _ADVERB + r"?(?P<pron>lo|la|los|las)\s+" + _ADVERB + r"?(?:" + _VERB + r")n?\b",
    re.IGNORECASE,
)
# The gender of a name is its head noun's: "Ventanilla", "Ruta", "Red" are feminine, "Programa",
# "Servicio", "Centro" masculine. A name without a common noun at its head ("Lurawi Perú", an
# acronym) has no known gender and may stand for either pronoun.
_MASCULINE = {"programa", "proyecto", "servicio", "centro", "sistema", "módulo", "modulo", "fondo", "plan", "consejo",
              "comité", "comite", "observatorio", "certificado", "portal", "componente", "mecanismo", "convenio"}
_FEMININE = {"ventanilla", "bolsa", "red", "plataforma", "oficina", "estrategia", "feria", "escuela", "iniciativa",
             "ruta", "unidad", "mesa", "línea", "linea", "campaña", "agencia", "asesoría", "asesoria", "orientación",
             "orientacion", "capacitación", "capacitacion", "certificación", "certificacion", "intermediación",
             "intermediacion", "atención", "atencion", "casa", "central"}
_WINDOW = 600  # how far back, in characters, the antecedent may be named
_ANTECEDENT_TYPES = ("programme", "service")
RULE = rule("relations/clitic")


def _gender(name: str) -> str | None:
    first = name.split()[0].lower().strip("\"“«") if name.split() else ""
    return "f" if first in _FEMININE else "m" if first in _MASCULINE else None


def _agrees(pronoun: str, names: set[str]) -> bool:
    """Whether one of an entity's names has the pronoun's gender ("la" for "Ruta Laboral", also
    called "Servicio Ruta Laboral")."""
    wanted = "f" if pronoun.lower().startswith("la") else "m"
    genders = {_gender(name) for name in names if name}
    return wanted in genders or genders <= {None}


def _antecedent(
    facts: Facts, mentions: Sequence[Mention], before: int, pronoun: str, exclude: str
) -> Mention | None:
    for mention in reversed(mentions):
        if mention.end > before or before - mention.end > _WINDOW:
            if mention.end > before:
                continue
            break
        entity = facts.entities[mention.key]
        if mention.type in _ANTECEDENT_TYPES and mention.key != exclude and _agrees(pronoun, {entity.label, *entity.alt_labels}):
            return mention
    return None


def _predicate(match: re.Match[str]) -> LinkPredicate:
    return next(p for p in _VERBS if match.group(p))


# "Sus acciones se desarrollan en A y B", "Su intervención abarca …": a possessive opening the
# sentence stands for the programme or service named last, which works in the regions listed.
_POSSESSIVE_PLACES = re.compile(
    r"^\s*(?:Sus|Su)\s+(?:acciones|actividades|intervenci[oó]n|intervenciones|servicios|sedes|oficinas|operaciones)\s+"
    r"(?:se\s+)?(?:desarrollan?|ejecutan?|realizan?|concentran?|extienden?|prestan?|ubican?|abarcan?|cubren?|llegan?)\s+"
    r"(?:a\s+|en\s+)(?:tod[oa]\s+)?(?:(?:la|las)\s+regi[oó]n(?:es)?\s+(?:de\s+)?|el\s+departamento\s+de\s+|los\s+departamentos\s+de\s+|el\s+|la\s+)?"
)
_PLACE_LIST = re.compile(r"^\s*(?:,|y|e)?\s*$")
# "Su evaluación intermedia estuvo a cargo de la universidad X": the programme named last was
# evaluated by X.
_POSSESSIVE_EVALUATION = re.compile(
    r"^\s*Su\s+evaluaci[oó]n(?:\s+(?:final|intermedia|de\s+medio\s+t[eé]rmino|externa|de\s+impacto|de\s+resultados))?\s+"
    r"(?:estuvo\s+a\s+cargo\s+de|fue\s+encomendada\s+a|(?:la\s+)?(?:realiz[oó]|llev[oó]\s+a\s+cabo|condujo))\s+"
    r"(?:(?:el|la|los|las)\s+)?(?:(?:firma|empresa|consultora|universidad)\s+)?$",
    re.IGNORECASE,
)
# "su Oficina de X", "sus Subdirecciones …": a unit of the body named last before the possessive.
_POSSESSIVE_UNIT = re.compile(r"(?<!\bde )(?<!\bdel )\b[Ss]us?\s+$")  # "X de su Gerencia": X is the unit
_SIBLING_GLUE = re.compile(r"^\s*\)?\s*(?:\([^()]{1,20}\)\s*)?(?:,|;|\by\b|\be\b)\s*(?:(?:de|a|por)\s+)?[Ss]us?\s+$")
_UNIT_HEAD = re.compile(r"^(?:Oficina|Direcci[oó]n|Subdirecci[oó]n|Unidad|Sub\s*unidad|[ÁA]rea|Gerencia|Sub\s*gerencia|Jefatura|Divisi[oó]n|Zona)\b")
# "la dirección X (DX) del ministerio Y supervisa su funcionamiento": X evaluates (or runs) what
# "su" stands for, the programme or service named last.
_POSSESSIVE_OBJECT = re.compile(
    r"^\s*\)?\s*(?:\([^)]{1,20}\)\s*)?,?\s*(?:que\s+)?(?:tambi[eé]n\s+|adem[aá]s\s+)?(?:(?P<evaluates>"
    + verbs.expand(r"{V:supervisar|evaluar|monitorear|fiscalizar}")
    + r")|(?P<runs>" + verbs.expand(r"{V:conducir|administrar|gestionar|dirigir}") + r"))\s+(?:[a-záéíóú]+mente\s+)?"
    r"(?:su|sus)\s+(?:funcionamiento|operaci[oó]n|gesti[oó]n|desempe[ñn]o|resultados|metas|avances|implementaci[oó]n|actividades)\b",
    re.IGNORECASE,
)
POSSESSIVE_OBJECT_RULE = rule("relations/possessive-object")
EVALUATION_RULE = rule("relations/possessive-evaluation")
UNIT_RULE = rule("relations/possessive-unit")
IN_REGION_RULE = rule("relations/possessive-in-region")


def _possessive_places(facts: Facts, sentence_text: str, passage, lo: int, inside: list[Mention], mentions: list[Mention]) -> None:
    match = _POSSESSIVE_PLACES.match(sentence_text)
    if match is None:
        return
    owner = next(
        (m for m in reversed(mentions) if m.end <= lo and lo - m.end <= _WINDOW and m.type in _ANTECEDENT_TYPES), None
    )
    if owner is None:
        return
    cursor = lo + match.end()
    for mention in inside:
        if mention.start < cursor:
            continue
        if mention.type != "region" or not _PLACE_LIST.match(passage.text[cursor - passage.start : mention.start - passage.start]):
            break
        evidence = span(passage, lo - passage.start, mention.end - passage.start)
        add_link(facts, Link(owner.key, "operatesIn", mention.key, evidence, rule=IN_REGION_RULE))
        cursor = mention.end


def _possessive_evaluation(facts: Facts, passage, lo: int, inside: list[Mention], mentions: list[Mention]) -> None:
    first = next((m for m in inside if m.type == "institution"), None)
    if first is None or not _POSSESSIVE_EVALUATION.match(passage.text[lo - passage.start : first.start - passage.start]):
        return
    owner = next((m for m in reversed(mentions) if m.end <= lo and lo - m.end <= _WINDOW and m.type in _ANTECEDENT_TYPES), None)
    if owner is not None:
        evidence = span(passage, lo - passage.start, first.end - passage.start)
        add_link(facts, Link(first.key, "evaluates", owner.key, evidence, rule=EVALUATION_RULE))


def _possessive_units(facts: Facts, passage, inside: list[Mention], mentions: list[Mention]) -> None:
    for unit in inside:
        text = passage.text[unit.start - passage.start : unit.end - passage.start]
        before = passage.text[max(0, unit.start - passage.start - 10) : unit.start - passage.start]
        if unit.type != "institution" or not _UNIT_HEAD.match(text) or not _POSSESSIVE_UNIT.search(before):
            continue
        earlier = [m for m in mentions if m.end <= unit.start - 3 and unit.start - m.end <= _WINDOW and m.key != unit.key]
        # "su A, su B y su C": the units listed before are siblings; the owner stands before them all
        at = unit.start
        while earlier and _SIBLING_GLUE.match(passage.text[earlier[-1].end - passage.start : at - passage.start]):
            at = earlier.pop().start
        owner = earlier[-1] if earlier else None
        if owner is not None and owner.type == "institution":
            evidence = span(passage, owner.start - passage.start, unit.end - passage.start)
            add_link(facts, Link(unit.key, "subOrganizationOf", owner.key, evidence, rule=UNIT_RULE))


def _possessive_object(facts: Facts, passage, hi: int, inside: list[Mention], mentions: list[Mention]) -> None:
    for index, agent in enumerate(inside):
        if agent.type != "institution":
            continue
        following = inside[index + 1].start if index + 1 < len(inside) else hi
        match = _POSSESSIVE_OBJECT.match(passage.text[agent.end - passage.start : following - passage.start])
        if match is None:
            continue
        head = head_of(inside, agent, passage)
        owner = next((m for m in reversed(mentions) if m.end <= agent.start and agent.start - m.end <= _WINDOW and m.type in _ANTECEDENT_TYPES), None)
        if owner is not None:
            predicate: LinkPredicate = "evaluates" if match.group("evaluates") else "runs"
            evidence = span(passage, head.start - passage.start, agent.end + match.end() - passage.start)
            add_link(facts, Link(head.key, predicate, owner.key, evidence, rule=POSSESSIVE_OBJECT_RULE))


def extract(document: Document, facts: Facts) -> None:
    """Add the links whose object is a pronoun standing for a programme or service named before."""
    by_passage = sentence_mentions(document, facts)
    for sentence in iter_sentences(document):
        passage = sentence.passage
        mentions = sorted(by_passage.get(passage.id, []), key=lambda m: (m.start, -m.end))
        lo, hi = passage.start + sentence.start, passage.start + sentence.end
        inside = [m for m in mentions if lo <= m.start and m.end <= hi and m.start < m.end]
        _possessive_places(facts, sentence.text, passage, lo, inside, mentions)
        _possessive_evaluation(facts, passage, lo, inside, mentions)
        _possessive_units(facts, passage, inside, mentions)
        _possessive_object(facts, passage, hi, inside, mentions)
        for index, agent in enumerate(inside):
            if agent.type != "institution":
                continue
            # the body after the verb
            gap_start = inside[index - 1].end if index else lo
            gap = passage.text[gap_start - passage.start : agent.start - passage.start]
            match = _AGENT_AFTER.search(gap)
            clitic_at = gap_start + match.start() if match else None
            if match is None:
                # the body before the pronoun, with no other name between them
                following = inside[index + 1].start if index + 1 < len(inside) else hi
                tail = passage.text[agent.end - passage.start : following - passage.start]
                match = _AGENT_BEFORE.match(tail)
                clitic_at = agent.start if match else None
            if match is None or clitic_at is None:
                continue
            predicate = _predicate(match)
            target = _antecedent(facts, mentions, clitic_at, match.group("pron"), agent.key)
            if target is None:
                continue
            start, end = min(target.start, agent.start), max(target.end, agent.end + (match.end() if clitic_at == agent.start else 0))
            evidence = span(passage, start - passage.start, min(end, hi) - passage.start)
            add_link(facts, Link(agent.key, predicate, target.key, evidence, rule=RULE))
