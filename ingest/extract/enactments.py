"""The dates of norms, and what a norm's own text approves.

Two kinds of sentence:

* **A citation with its date**: a norm cited and, right after it, the day it was issued
  or published, written out ("…, de fecha 3 de mayo de 2019", "… del 14.02.2020",
  "…, publicada el 2 de junio de 2021 en el diario oficial"). The date becomes the
  norm's ``date`` (ISO), which the graph writes as ``eli:date_document``.
* **A norm's own text** (a resolution, ordinance or decree as published, often a scan):
  the document opens with the norm's citation as its title, dates it in a place-and-date
  line ("Arequipa, 9 de enero de 2023") before its recitals, and its operative articles
  approve things ("Artículo 1.- APROBAR el Plan …", "Apruébese la Directiva …"). Each
  plan, programme, service or norm named in an approving article is ``approvedBy`` the
  document's norm.
"""

from __future__ import annotations

import re

from quipu.core.text import MONTHS
from quipu.ingest.facts import Facts, Link, LinkPredicate, rule
from quipu.ingest.models import Document

from .norms import find_norms
from .record import add_link, document_span

_WRITTEN = r"(?P<day>\d{1,2})(?:°|º)?\s+de\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?:de|del)\s+(?P<year>(?:19|20)\d{2})"
_NUMERIC = r"(?P<nday>\d{1,2})[./-](?P<nmonth>\d{1,2})[./-](?P<nyear>(?:19|20)\d{2})"
_DATE = re.compile(rf"(?:{_WRITTEN}|{_NUMERIC})", re.IGNORECASE)
# What may stand between a citation and its date: "de fecha", "del", "publicada el", "emitida el".
_DATE_LEAD = re.compile(
    r"^\s*,?\s*(?:\([^()]{0,40}\)\s*,?\s*)?(?:de\s+fecha|del|de|(?:publicad[oa]|emitid[oa]|expedid[oa]|aprobad[oa]|"
    r"promulgad[oa]|dictad[oa]|suscrit[oa])\s+(?:el|con\s+fecha)|con\s+fecha|fechad[oa]\s+el)\s*$",
    re.IGNORECASE,
)
# "Lima, 12 de marzo de 2024" on a line of its own near the top of a norm.
_PLACE_DATE = re.compile(rf"^[A-ZÁÉÍÓÚÑ][\w .áéíóúñ'-]{{1,40}},\s*{_WRITTEN}\.?\s*$", re.IGNORECASE | re.MULTILINE)
# An operative article that approves: the verb in the imperative, infinitive or "se aprueba".
_APPROVING = re.compile(
    r"\b(?:APROBAR|Aprobar|APRU[ÉE]BA(?:SE|NSE)|Apru[ée]ba(?:se|nse)|SE\s+APRUEBA|[Ss]e\s+aprueba|RATIFICAR|Ratificar|"
    r"FORMALIZAR|Formalizar)\b"
)
# Other operative verbs, and the link each makes between what the article names and the norm.
_CREATING = re.compile(r"\b(?:CREAR|Crear|CR[ÉE]ASE|Cr[ée]ase|CONSTITUIR|Constituir|CONF[ÓO]RMESE|Conf[óo]rmese|CONFORMAR|Conformar|INSTITUCIONALIZAR|Institucionalizar)\b")
_AMENDING = re.compile(r"\b(?:DEJAR\s+SIN\s+EFECTO|Dejar\s+sin\s+efecto|D[ÉE]JESE\s+SIN\s+EFECTO|D[ée]jese\s+sin\s+efecto|MODIFICAR|Modificar|MODIF[ÍI]QUESE|Modif[íi]quese|DEROGAR|Derogar|DER[ÓO]GUESE|Der[óo]guese|SUSTITUIR|Sustituir|INCORPORAR|Incorporar|"
    # the decree's own forms: "Derógase", "Modifícanse", "Déjase sin efecto", "Incorpórase"
    r"DER[ÓO]GA(?:N)?SE|Der[óo]ga(?:n)?se|MODIF[ÍI]CA(?:N)?SE|Modif[íi]ca(?:n)?se|D[ÉE]JA(?:N)?SE\s+SIN\s+EFECTO|D[ée]ja(?:n)?se\s+sin\s+efecto|"
    r"SUSTIT[ÚU]YE(?:N)?SE|Sustit[úu]ye(?:n)?se|INCORP[ÓO]RA(?:N)?SE|Incorp[óo]ra(?:n)?se)\b")
_ARTICLE = re.compile(r"^\s*(?:Art[íi]culo|ART[ÍI]CULO|Art\.)\s+(?:\d+|[A-Za-zÁÉÍÓÚáéíóú]+)\b")
_OPERATIVE_PART = re.compile(
    r"\b(?:SE\s+RESUELVE|RESUELVE|SE\s+DECRETA|DECRETA|ORDENA|HA\s+DADO\s+LA\s+ORDENANZA|SE\s+ACUERDA|ACUERDA)\b"
    r"|\b(?i:se\s+ha\s+dado\s+la\s+siguiente|ha\s+(?:dado|aprobado)\s+la\s+(?:ordenanza\s+)?siguiente)\b"
)
# Without such a formula, the operative part opens at the first article.
# (zero-width, so that the article's own line is read as the first operative line)
_FIRST_ARTICLE = re.compile(r"^(?=\s*(?:Art[íi]culo|ART[ÍI]CULO|Art\.)\s+(?:1|[Pp]rimero|PRIMERO)\b)", re.MULTILINE)
HEAD_CHARS = 600  # the title of a norm stands in the first lines of its text
APPROVES_RULE = rule("enactments/article-approves")
CREATES_RULE = rule("enactments/article-creates")
AMENDS_RULE = rule("enactments/article-amends")
CITES_RULE = rule("enactments/recital-cites")
REGULATES_RULE = rule("enactments/approved-rules-of")
ANNEX_RULE = rule("enactments/approved-annex")
# "… y su Anexo N° 1, que contiene la matriz de indicadores": the indicators the annex lists.
# The annex must be what the verb approves ("APROBAR los indicadores …", "… y su Anexo N° 1"), not a
# clause about the approved plan ("…, cuya matriz figura como anexo").
_ANNEX = re.compile(
    r"(?:^\s*|\by\s+|\bas[ií]\s+como\s+)(?:sus?|los|las|el|la)\s+(?:anexos?|matriz\s+de\s+indicadores|indicadores)\b"
    # "Apruébanse las metas … del Programa …, contenidas en el Anexo N° 1"
    r"|^\s*(?:las|los)\s+(?:metas|indicadores)\b[^.;]{0,160}?\bcontenid[oa]s\s+en\s+(?:el|los)\s+anexos?\b",
    re.IGNORECASE,
)
# A norm named as the source of another ("…, aprobada por el DS C", "modificado mediante …").
_NAMED_AS_SOURCE = re.compile(r"(?:aprobad[oa]s?|modificad[oa]s?|creado?a?s?|conforme\s+a|seg[uú]n)\s+(?:por|mediante|con)?\s*(?:el|la)?\s*$", re.IGNORECASE)


def _offset_in(mentions: list[tuple[int, int, str]], key: str, after: int) -> int:
    """Where ``key`` is first named from ``after`` on."""
    return next((m_start for m_start, _, k in mentions if k == key and m_start >= after), after)
DATE_RULE = rule("enactments/citation-date")
OWN_DATE_RULE = rule("enactments/place-and-date")


def _iso(match: re.Match[str]) -> str | None:
    if match.group("day"):
        day, month, year = int(match.group("day")), MONTHS[match.group("month").lower()], int(match.group("year"))
    else:
        day, month, year = int(match.group("nday")), int(match.group("nmonth")), int(match.group("nyear"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def own_norm(document: Document) -> str | None:
    """The key of the norm a document is: the first citation in its opening lines, when
    that citation is the whole of its line (a title, not a mention in a sentence)."""
    head = document.text[:HEAD_CHARS]
    for citation in find_norms(head):
        line_start = head.rfind("\n", 0, citation.start) + 1
        line_end = head.find("\n", citation.end)
        line = head[line_start : line_end if line_end >= 0 else len(head)]
        rest = line.replace(citation.text, "").strip(" #*.:-–—\t")
        opens = not head[line_start : citation.start].strip(" #*>-–—\t")  # "Se aplicó la …" is a sentence
        if len(rest) <= 12 and opens:
            return citation.key
    return None


def _annex_indicators(document: Document, facts: Facts, norm_key: str, after: int, evidence) -> None:
    """The indicators listed after the operative part (the annex an article approves)."""
    for entity in list(facts.entities.values()):
        if entity.type == "indicator" and any(m.start >= after for m in entity.mentions):
            add_link(facts, Link(entity.key, "approvedBy", norm_key, evidence, rule=ANNEX_RULE))


def extract(document: Document, facts: Facts) -> None:
    """Add the dates of cited norms, and what a norm document's articles approve."""
    text = document.text
    # Dates written right after a citation.
    for citation in find_norms(text):
        tail = text[citation.end : citation.end + 90]
        match = _DATE.search(tail)
        if not match or not _DATE_LEAD.match(tail[: match.start()]):
            continue
        iso = _iso(match)
        entity = facts.entities.get(citation.key)
        if iso and entity is not None and "date" not in entity.attributes:
            entity.attributes["date"] = iso
    norm_key = own_norm(document)
    if norm_key is None or norm_key not in facts.entities:
        return
    norm = facts.entities[norm_key]
    operative = _OPERATIVE_PART.search(text) or _FIRST_ARTICLE.search(text)
    place_date = _PLACE_DATE.search(text, 0, operative.start() if operative else min(len(text), 3000))
    if place_date and "date" not in norm.attributes:
        norm.attributes["date"] = _iso(place_date)
    if operative is None:
        return
    mentions = sorted(
        (m.start, m.end, entity.key)
        for entity in facts.entities.values()
        if entity.type in ("plan", "programme", "service", "norm", "institution") and entity.key != norm_key
        for m in entity.mentions
        if m.start >= operative.end()
    )
    types = {key: facts.entities[key].type for _, _, key in mentions}
    amended: set[str] = set()
    for article in re.finditer(r"[^\n]+", text[operative.end() :]):
        start = operative.end() + article.start()
        line = article.group()
        end = start + len(line)
        operations: tuple[tuple[re.Pattern[str], tuple[str, ...], LinkPredicate, str], ...] = (
            (_APPROVING, ("plan", "programme", "service", "norm"), "approvedBy", APPROVES_RULE),
            (_CREATING, ("programme", "service", "institution"), "createdBy", CREATES_RULE),
            (_AMENDING, ("norm",), "amends", AMENDS_RULE),
        )
        for pattern, wanted, predicate, rule_iri in operations:
            verb = pattern.search(line)
            if not verb or not (_ARTICLE.match(line) or verb.start() < 3):
                continue
            named = [key for m_start, m_end, key in mentions if start + verb.end() <= m_start and m_end <= end and types[key] in wanted]
            if predicate == "approvedBy" and named and types[named[0]] == "norm":
                # "APROBAR la Directiva N° …, Lineamientos … del Servicio X": the directive rules
                # the services it names; a norm approved by a norm is no link of the closed set.
                for key in named[1:]:
                    if types[key] in ("programme", "service"):
                        add_link(facts, Link(key, "regulatedBy", named[0], document_span(document, start, end), rule=REGULATES_RULE))
                named = []
            if predicate == "approvedBy" and _ANNEX.search(line[verb.end():]):
                _annex_indicators(document, facts, norm_key, operative.end(), document_span(document, start, end))
            if predicate == "amends":
                # "Derógase el artículo 7 del DS A y la RM B": every norm the article names, but
                # one named as what approved or amended another ("…, aprobada por el DS C")
                acted = [key for key in named if not _NAMED_AS_SOURCE.search(line[: _offset_in(mentions, key, start) - start])]
                named = acted or named[:1]
            for key in named[:1] if predicate == "createdBy" else named:  # what the verb acts on: the first named after it
                evidence = document_span(document, start, end)
                if predicate == "amends":
                    amended.add(key)
                    add_link(facts, Link(norm_key, "amends", key, evidence, rule=rule_iri))
                else:
                    add_link(facts, Link(key, predicate, norm_key, evidence, rule=rule_iri))
    # The recitals ("Visto", "Considerando") ground the norm on the norms they cite.
    for citation in find_norms(text[: operative.start()]):
        if citation.key != norm_key and citation.key not in amended and citation.key in facts.entities:
            line_start = text.rfind("\n", 0, citation.start) + 1
            line_end = text.find("\n", citation.end)
            evidence = document_span(document, line_start, line_end if line_end >= 0 else len(text))
            add_link(facts, Link(norm_key, "cites", citation.key, evidence, rule=CITES_RULE))
