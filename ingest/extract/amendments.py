"""A norm that changes another named by a phrase pointing back to it.

Reports and recitals tell a norm's history without repeating the amended norm's number::

    … aprobado mediante la Resolución X. Posteriormente, la Resolución Y modificó dicha
    resolución para reprogramar sus metas.
    Esta norma fue modificada por la Resolución Ministerial Z.
    La Resolución W modificó la programación física del POI 2025.

The amending norm (named in the sentence, before or after a verb of changing in any tense)
``amends`` the norm the pointer stands for: "dicha / la citada / esta resolución (norma,
ordenanza, decreto, directiva)" is the last other norm named before it, within a few
sentences; "el anexo / las metas / la programación … del PLAN" is the norm that approved
that plan, when the graph knows it.
"""

from __future__ import annotations

import re

from quipu.ingest.facts import Facts, Link, rule
from quipu.ingest.models import Document

from . import verbs
from .record import add_link
from .spans import iter_sentences, span

RULE = rule("relations/amends-what-it-points-to")
_CHANGE = verbs.expand(r"{V:modificar|derogar|sustituir|reprogramar|actualizar|ampliar}|(?:dej[oó]|dejaron|ha\s+dejado)\s+sin\s+efecto")
_PASSIVE = r"(?:fue|fueron|ha\s+sido|han\s+sido|es|son)\s+(?:modificad|derogad|sustituid|reprogramad|actualizad|ampliad)[oa]s?\s+(?:por|mediante)"
_NOUN = r"(?:resoluci[oó]n|norma|ordenanza|decreto|directiva|disposici[oó]n|ley)"
_POINTER = rf"(?:dich[oa]|(?:la|el)\s+(?:citad[oa]|referid[oa]|mencionad[oa])|est[ae])\s+{_NOUN}"
_PART = r"(?:(?:el|la|los|las)\s+[a-záéíóúñ]+(?:\s+[a-záéíóúñ]+){0,2}(?:\s+(?:N[°º]?\s*)?\d+)?\s+(?:de|del)\s+)?"
# "NORMA modificó [el anexo 2 de] dicha resolución": the amending norm ends right before.
_ACTIVE_POINTER = re.compile(rf"^\s*(?:\([^)]{{1,30}}\)\s*)?,?\s*(?:que\s+)?(?:{_CHANGE})\s+{_PART}{_POINTER}\b", re.IGNORECASE)
# "Esta norma fue modificada por la NORMA": the amending norm starts right after.
_PASSIVE_POINTER = re.compile(rf"\b{_POINTER}\s+{_PASSIVE}(?:\s+(?:la|el))?\s*$", re.IGNORECASE)
# "NORMA modificó la programación física del POI 2025": the plan's approving norm is amended.
_OF_PLAN = re.compile(rf"^\s*(?:\([^)]{{1,30}}\)\s*)?,?\s*(?:que\s+)?(?:{_CHANGE})\s+(?:el|la|los|las|su|sus)\s+[^.;]{{0,60}}?(?:de|del)\s*$", re.IGNORECASE)
_WINDOW = 1500  # characters back to the norm a pointer stands for


def extract(document: Document, facts: Facts) -> None:
    """Add ``amends`` links from a norm to the norm a pointer phrase stands for."""
    norms = sorted((m.start, m.end, e.key) for e in facts.entities.values() if e.type == "norm" for m in e.mentions)
    plans = sorted((m.start, m.end, e.key) for e in facts.entities.values() if e.type == "plan" for m in e.mentions)
    approver = {l.subject: l.object for l in facts.links if l.predicate == "approvedBy" and l.object in facts.entities}
    if not norms:
        return
    text = document.text
    for sentence in iter_sentences(document):
        lo = sentence.passage.start + sentence.start
        hi = lo + len(sentence.text)
        inside = [n for n in norms if lo <= n[0] and n[1] <= hi]
        for start, end, key in inside:
            after = text[end:hi]
            active = _ACTIVE_POINTER.match(after)
            passive = _PASSIVE_POINTER.search(text[lo:start])
            amended = None
            if active or passive:
                limit = lo + passive.start() if passive is not None and not active else start
                before = [n for n in norms if n[1] <= limit and n[2] != key and start - n[1] <= _WINDOW]
                amended = before[-1][2] if before else None
            else:
                # the first plan named after the verb, with only "el anexo … del" between
                plan = next((p for p in plans if end < p[0] <= min(hi, end + 100)), None)
                if plan is not None and _OF_PLAN.match(text[end : plan[0]]):
                    amended = approver.get(plan[2])
            if amended is not None and amended != key:
                add_link(facts, Link(key, "amends", amended, span(sentence.passage, sentence.start, sentence.start + len(sentence.text)), rule=RULE))
