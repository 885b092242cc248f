"""Budget programmes (programas presupuestales) by their number and name.

Peru's budget funds results through numbered programmes that every ministry and region
cites: 'el Programa Presupuestal 0148 "Reducción del trabajo informal" (PP 0148)',
'"Empleo rural digno" (PP 0201)', 'el PP 0148'. The number
identifies the programme nation-wide, so its key is ``programme/pp-0116`` whatever the
document; the quoted or capitalised name after the number, when there is one, is its label,
and "PP 0116" and "Programa Presupuestal 0116" are its aliases.
"""

from __future__ import annotations

import re

from quipu.ingest.facts import Facts
from quipu.ingest.models import Document

from .record import add_mention
from .spans import iter_sentences, span

_QUOTED = r"[\"“«](?P<{0}>[^\"”»\n]{{5,140}})[\"”»]"
_NUMBER = r"(?:N[°º]\s*)?(?P<{0}>\d{{3,4}})"
# "Programa Presupuestal 0116 "Nombre" (PP 0116)", "Programa Presupuestal 0116 Nombre en mayúscula inicial"
_LONG = re.compile(
    r"\bPrograma\s+Presupuestal\s+" + _NUMBER.format("n1")
    + r"(?:\s*[-–:]?\s*(?:" + _QUOTED.format("q1") + r"|(?P<plain>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:\s+(?:[a-záéíóúñ]+|[A-ZÁÉÍÓÚÑ]+)){1,12}?)(?=\s*\(|[,.;]|\s*$)))?"
    r"(?:\s*\(\s*PP\s*" + _NUMBER.format("n2") + r"\s*\))?"
)
# '"Nombre" (PP 0103)': the name in quotes, then the short form in brackets
_QUOTED_SHORT = re.compile(_QUOTED.format("q2") + r"\s*\(\s*PP\s*" + _NUMBER.format("n3") + r"\s*\)")
# "el PP 0116", "PP-0103": the short form on its own
_SHORT = re.compile(r"\bPP\s*[-.]?\s*" + _NUMBER.format("n4") + r"\b")


def _key(number: str) -> str:
    return f"programme/pp-{int(number):04d}"


def extract(document: Document, facts: Facts) -> None:
    """Add the budget programmes a document cites, each with its mentions."""
    for sentence in iter_sentences(document):
        text = sentence.text
        taken: list[tuple[int, int]] = []
        for pattern in (_LONG, _QUOTED_SHORT, _SHORT):
            for match in pattern.finditer(text):
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                groups = {k: v for k, v in match.groupdict().items() if v}
                number = next(groups[k] for k in ("n1", "n2", "n3", "n4") if k in groups)
                name = (groups.get("q1") or groups.get("q2") or groups.get("plain") or "").strip()
                short = f"PP {int(number):04d}"
                entity = facts.entity(_key(number), "programme", name or f"Programa Presupuestal {int(number):04d}")
                if name and entity.label.startswith("Programa Presupuestal "):
                    entity.label = name  # a later citation gives the name
                entity.alt_labels.update({short, f"Programa Presupuestal {int(number):04d}"} - {entity.label})
                if name and name != entity.label:
                    entity.alt_labels.add(name)
                own = re.search(r"\s[-–]\s*([A-ZÁÉÍÓÚÑ]{4,})$", name)
                if own:
                    entity.alt_labels.add(own.group(1))  # "… inserción laboral - PROEMPLEO"
                add_mention(entity, span(sentence.passage, sentence.start + match.start(), sentence.start + match.end()))
                taken.append((match.start(), match.end()))
