"""Acronym definitions and the later mentions of each acronym.

``Programa de Empleo Temporal Andino (PETA)``, ``Oficina de Orientación Laboral- OOL``,
``Servicio de Colocación Juvenil – SECOJ``, ``…, en adelante OZ-HCO`` and
``… (en adelante, el Programa)`` define a short name for a long one. The long form is the
capitalised phrase just before the definition, cut to start at a head noun whose initial
is the acronym's first letter; its head noun gives the type (see entities.classify).
Every later occurrence of the acronym (exact case, whole word) in the document is a
mention of the same entity. Keys: the gazetteer's when it knows either form, else
``<type>/<slug of the acronym>``, so the same acronym in another document is the same entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quipu.core.text import fold, slug
from quipu.ingest.facts import Entity, EntityType, Facts
from quipu.ingest.models import Document

from . import gazetteer
from .entities import _HEAD, _NOT_A_NAME, _REGIONAL_LONG, classify, clean_name
from .record import add_uncovered_mention
from .spans import iter_sentences, span

_UPPER = "A-ZÁÉÍÓÚÑ"
_ACRONYM = rf"(?P<acr>[{_UPPER}](?:[{_UPPER}a-z0-9]*[{_UPPER}][{_UPPER}a-z0-9]*)(?:[-/][{_UPPER}0-9]+)*)"
_ALIAS = rf"(?P<alias>(?:el|la|los|las)\s+[{_UPPER}][a-záéíóúñ]+(?:\s+[{_UPPER}][a-záéíóúñ]+)?)"
_PLACE = rf"[{_UPPER}][a-záéíóúñ]+(?:[ -](?:de\s+)?[{_UPPER}][a-záéíóúñ]+){{0,2}}"
_DEFINITION = re.compile(
    r"(?P<sep>"
    # "(ZTPE Satipo)", "(UZ Madre de Dios)": an office's acronym with the place it serves
    rf"\s*\(\s*(?P<adelante>en\s+adelante,?\s*)?(?:{_ACRONYM}(?:\s+(?P<place>{_PLACE}))?|{_ALIAS})\s*\)"
    rf"|\s*[-–—]\s*{_ACRONYM.replace('acr', 'acr2')}(?![\w-])"
    rf"|\s*,?\s*en\s+adelante,?\s*(?:(?:el|la)\s+)?{_ACRONYM.replace('acr', 'acr3')}(?![\w-])"
    r")"
)
_WORD = re.compile(r"[\"“«]?[\wÁÉÍÓÚÑáéíóúñü]+(?:-[\w]+)*[\"”»]?|[^\s\w]")
_CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "a", "en", "al"}


@dataclass(frozen=True)
class Definition:
    long: str
    short: str  # the acronym, or an alias such as "el Servicio"
    type: EntityType
    long_start: int  # offsets into the sentence
    long_end: int
    short_start: int
    short_end: int
    is_alias: bool = False


def _long_form(text: str, end: int) -> tuple[int, str] | None:
    """The capitalised phrase that ends at ``end``: (start offset, phrase)."""
    tokens = list(_WORD.finditer(text, 0, end))
    start = None
    for token in reversed(tokens):
        word = token.group()
        if word == "," and start is not None:
            continue  # "Planeamiento, Presupuesto y Acondicionamiento": an enumeration inside a name
        if not word[0].isalnum() and word[0] not in "\"“”«»":
            break
        bare = word.strip("\"“”«»")
        if not bare:
            break
        if bare[0].isupper() or (bare.lower() in _CONNECTORS and start is not None):
            start = token.start()
            continue
        break
    if start is None:
        return None
    # no leading connectors
    phrase = text[start:end]
    while True:
        first = re.match(r"(\S+?),?\s+", phrase)
        if first and first.group(1).lower() in _CONNECTORS:
            start += first.end()
            phrase = text[start:end]
            continue
        break
    return start, phrase


def _initials_ok(long: str, acronym: str) -> bool:
    letters = [c for c in fold(acronym) if c.isalpha()]
    words = [w for w in re.findall(r"[\wáéíóúñ]+", fold(long)) if w not in _CONNECTORS]
    if not letters or not words or words[0][0] != letters[0]:
        return False
    initials = "".join(w[0] for w in words)
    hits = sum(1 for c in set(letters) if c in initials)
    return hits >= min(2, len(set(letters))) or len(words) == 1


def _cut_to_head(long_start: int, long: str, acronym: str | None) -> tuple[int, str] | None:
    """Start the long form at its head noun (the one whose initial the acronym starts with)."""
    for head in _HEAD.finditer(long):
        if head.start() and long[head.start() - 1] not in " \n\"“":
            continue
        candidate = long[head.start() :]
        if acronym is None or _initials_ok(candidate, acronym):
            return long_start + head.start(), candidate
    if acronym is not None:
        words = list(re.finditer(r"\S+", long))
        for word in words:
            candidate = long[word.start() :]
            if _initials_ok(candidate, acronym) and len(candidate.split()) >= 2:
                return long_start + word.start(), candidate
    return None


# First words of what is no body: plans, budgets, policies, norms, services, measures.
_NOT_A_BODY = re.compile(
    r"^(?:[a-záéíóúñ]|(?:Plan|Planes|Presupuesto|Pol[ií]tica|Estrategia|Programa|Proyecto|M[óo]dulo|Servicio|Sistema|Registro|"
    r"Certificad[oa]|Certificaci[óo]n|Bolsa|Ventanilla|Asesor[ií]a|Orientaci[óo]n|Capacitaci[óo]n|Formaci[óo]n|Intermediaci[óo]n|"
    r"Defensa|L[ií]nea|Ley|Decreto|Reglamento|Directiva|Lineamientos?|Matriz|Informe|Encuesta|Clasificador|Indicador|Objetivo|"
    r"Acci[óo]n|Actividad|Meta|Tasa|[ÍI]ndice|Costo|Fondo\s+de\s+Inversi|Acciones|Actividades|Objetivos|Metas|Indicadores)\b)"
)


def _named_body(long: str, acronym: str) -> EntityType | None:
    """A name without a head noun that its acronym spells out word by word, every word
    capitalised ("Asuntos Mundiales Canadá (AMC)"): an agency or a company, an institution."""
    if _NOT_A_BODY.match(long):
        return None
    words = [w for w in long.split() if w not in _CONNECTORS]
    letters = [c for c in acronym if c.isalpha()]
    if len(words) < 2 or len(words) != len(letters) or not all(w[:1].isupper() for w in words):
        return None
    if fold("".join(w[0] for w in words)) != fold("".join(letters)):
        return None
    return "institution"


def find_definitions(text: str) -> list[Definition]:
    """Acronym (and alias) definitions in a sentence."""
    gaz = gazetteer.load()
    found: list[Definition] = []
    for match in _DEFINITION.finditer(text):
        group = next((g for g in ("acr", "acr2", "acr3") if match.group(g)), None)
        acronym = match.group(group) if group else None
        alias = match.group("alias") if match.group("adelante") else None
        short = acronym or alias
        if acronym and group == "acr" and match.group("place"):
            if acronym in _REGIONAL_LONG or acronym == "GORE":
                continue  # "(DRTPE Pasco)": regional bodies by acronym and region are read in entities.py
            short = f"{acronym} {match.group('place')}"
        if not short:
            continue
        group = group or "alias"
        letters = [c for c in short if c.isalpha()]
        if acronym and (len(letters) < 3 or len(acronym) > 15):
            continue
        longest = _long_form(text, match.start())
        if longest is None:
            continue
        cut = _cut_to_head(longest[0], longest[1], acronym)
        if cut is None:
            continue
        long_start, long = cut
        long = clean_name(long)
        seed = gaz.lookup(long) or (gaz.lookup(acronym) if acronym else None)
        type_ = seed.type if seed is not None else classify(long) or (_named_body(long, acronym) if acronym else None)
        if type_ is None or type_ == "region" or (seed is None and _NOT_A_NAME.match(long)):
            continue
        found.append(
            Definition(
                long=long,
                short=short,
                type=type_,
                long_start=long_start,
                long_end=longest[0] + len(longest[1].rstrip()),
                short_start=match.start(group),
                short_end=match.end(group) + len(short) - len(acronym) if acronym else match.end(group),
                is_alias=alias is not None and acronym is None,
            )
        )
    return found


def _entity_for(facts: Facts, definition: Definition) -> Entity:
    gaz = gazetteer.load()
    acronym = None if definition.is_alias else definition.short
    seed = gaz.lookup(definition.long) or (gaz.lookup(acronym) if acronym else None)
    if seed is not None:
        entity = facts.entity(seed.key, seed.type, seed.label)
        entity.alt_labels.update(f for f in seed.forms if f != seed.label)
        if definition.long != seed.label:
            entity.alt_labels.add(definition.long)
    else:
        key = f"{definition.type}/{slug(acronym)}" if acronym else f"{definition.type}/{slug(definition.long)}"
        existing = facts.entities.get(key)
        entity = existing or facts.entity(key, definition.type, definition.long)
        if entity.label != definition.long:
            entity.alt_labels.add(definition.long)
    if acronym:
        entity.alt_labels.add(acronym)
        entity.attributes.setdefault("acronym", acronym)
    else:
        entity.alt_labels.add(definition.short)
    return entity


def extract(document: Document, facts: Facts) -> None:
    """Add the entities that acronym definitions name, with every later mention of the acronym."""
    gaz = gazetteer.load()
    defined: dict[str, Entity] = {}  # acronym or alias -> entity
    first_at: dict[str, int] = {}
    for sentence in iter_sentences(document):
        for definition in find_definitions(sentence.text):
            entity = _entity_for(facts, definition)
            base = sentence.start
            for start, end in ((definition.long_start, definition.long_end), (definition.short_start, definition.short_end)):
                add_uncovered_mention(entity, span(sentence.passage, base + start, base + end))
            if definition.short not in defined:
                defined[definition.short] = entity
                first_at[definition.short] = sentence.passage.start + base + definition.short_end
    # later mentions of acronyms the gazetteer does not already match
    todo = {
        short: entity
        for short, entity in defined.items()
        if gaz.forms.get(gazetteer._norm_form(short)) is None
    }
    if not todo:
        return
    aliases = [s for s in todo if re.match(r"(?:el|la|los|las)\s", s)]
    acronyms = [s for s in todo if s not in aliases]
    parts = []
    if acronyms:
        parts.append(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?![\w-])")
    if aliases:
        # "el Servicio": the capitalised noun alone, not the start of a longer name
        nouns = sorted({a.split(None, 1)[1] for a in aliases}, key=len, reverse=True)
        parts.append(r"(?<=\s)(?:" + "|".join(re.escape(n) for n in nouns) + r")(?!\s+(?:de\s+|del\s+)?[A-ZÁÉÍÓÚÑ])(?![\w-])")
    pattern = re.compile("|".join(parts))
    noun_to_alias = {a.split(None, 1)[1]: a for a in aliases}
    alias_set = set(noun_to_alias.values())
    for passage in document.passages:
        for match in pattern.finditer(passage.text):
            short = noun_to_alias.get(match.group(), match.group())
            named = todo.get(short)
            if named is None or passage.start + match.end() <= first_at[short]:
                continue
            if short in alias_set:
                before = passage.text[max(0, match.start() - 12) : match.start()]
                if not re.search(r"\b(?:el|la|del|al|este|esta|dicho|dicha)\s+$", before):
                    continue
            add_uncovered_mention(named, span(passage, match.start(), match.end()))
