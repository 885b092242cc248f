"""Strategic objectives, actions and indicator values from tables flattened by PDF export.

Evaluation reports of institutional plans (POI/PEI) print their tables as one cell per
line: a code line ("OEI.01", "AEI.01.02", "OEI 1", "AEI 2.1") with its name wrapped
over the next lines, an indicator name wrapped the same way ("N° de trabajadores" /
"formalizados por el" / …), then a value row such as ``884 1,314 149% DGPPFLIT``
(target, achieved, execution rate, responsible unit) or a budget row
``11,826,323.44 11,518,417.31 97.4%`` (programmed, executed, execution rate).

What it adds:

* ``objective/oei-01`` and ``action/aei-01-02`` entities, whatever the spelling of the
  code, labelled with the name printed most often (mixed case preferred), the code in
  ``attributes["code"]`` and in ``alt_labels``; an action is ``partOf`` its objective;
* in tables whose header names an ``Indicador`` column: indicator entities (responsible
  unit in attributes) that ``measure`` the objective or action of their row, with
  target / achieved / executionRate observations, the period read from the header
  ("Meta 2024") or the caption;
* on budget rows after a code: an indicator ``Ejecución financiera <code>`` with the
  programmed (target) and executed (achieved) amounts in PEN and the execution rate,
  kept only when the printed rate agrees with the two amounts.

Plan headings of the form "Objetivo Específico 1:" / "Acción 1.1.1: …" also give
objective and action entities.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from quipu.ingest.facts import Facts, Link, Observation
from quipu.ingest.models import Document

from .spans import fold
from .tables import NUMBER, add_attribute, add_link, add_mention, add_observation, document_span, label_of, parse_value

_OEI = re.compile(
    r"^(?:C[óo]digo y denominaci[óo]n de OEI\s+)?OEI\s?\.?\s?(?:N[°º]\s*)?0?(?P<o>\d{1,2})(?![\d.]*\.\d)\b\.?:?\s*(?P<rest>.*)$"
)
_AEI = re.compile(
    r"^(?:C[óo]digo y denominaci[óo]n de AEI\s+)?AEI\s?\.?\s?0?(?P<o>\d{1,2})\.0?(?P<a>\d{1,2})\b\.?:?\s*(?P<rest>.*)$"
)
_PLAN_OBJECTIVE = re.compile(r"^(?:#+\s*)?Objetivo\s+Espec[íi]fico\s+(?:N[°º]\s*)?(?P<n>\d{1,2})\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_PLAN_ACTION = re.compile(r"^(?:#+\s*)?Acci[óo]n\s+(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})\s*:\s*(?P<rest>.+)$")

# How an indicator's name starts.
_INDICATOR_START = re.compile(
    r"^(?:N[°ºª]\.?|Nro\.?|N\.°|N[uú]mero|%|Porcentaje|Tasa|[ÍI]ndice|Ratio|Proporci[óo]n|Cantidad|Monto|Promedio|"
    r"Nivel de|Grado de|Variaci[óo]n)\s",
)
_TOKEN = r"(?:" + NUMBER + r")\s?%?|-|N/A|S/N|NA"
_VALUE_ROW = re.compile(r"^(?P<values>(?:" + _TOKEN + r")(?:\s+(?:" + _TOKEN + r"))+)(?:\s+(?P<unit>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*))?$")
_MONEY = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$")
_STOP = re.compile(
    r"^(?:Fuente\s*:|Cuadro\s+N|Gr[áa]fico\s+N|C[óo]digo\b|Nivel de Implementaci|AOI\d|IND\.|UE\s*:|TOTAL\b|Nota\b|Elaborado)",
    re.IGNORECASE,
)
_HEADER_YEAR = re.compile(r"\b(?:Meta|Ejecuci[óo]n|Logro|A[ñn]o|ANUAL-?)\s*((?:19|20)\d{2})\b", re.IGNORECASE)


@dataclass
class Line:
    text: str  # stripped
    start: int
    end: int


def _lines(document: Document) -> list[Line]:
    lines: list[Line] = []
    position = 0
    for raw in document.text.split("\n"):
        left = len(raw) - len(raw.lstrip())
        text = raw.strip()
        lines.append(Line(text, position + left, position + left + len(text)))
        position += len(raw) + 1
    return lines


def _code_of(line: str) -> tuple[str, str, str, str] | None:
    """(type, key, code, rest) of a line that starts with an OEI/AEI code."""
    match = _AEI.match(line)
    if match:
        o, a = int(match.group("o")), int(match.group("a"))
        return "action", f"action/aei-{o:02d}-{a:02d}", f"AEI.{o:02d}.{a:02d}", match.group("rest")
    match = _OEI.match(line)
    if match:
        o = int(match.group("o"))
        return "objective", f"objective/oei-{o:02d}", f"OEI.{o:02d}", match.group("rest")
    return None


def _value_row(text: str) -> re.Match[str] | None:
    return _VALUE_ROW.match(text)


_TRAILING_VALUES = re.compile(r"(?:\s+(?:" + _TOKEN + r"))+\s*$")


class _Names:
    """The names printed for each code; the label is the one printed most often."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = defaultdict(list)

    def add(self, key: str, name: str) -> None:
        name = label_of(name)
        if len(name) >= 8 and re.search(r"[A-Za-zÁÉÍÓÚáéíóú]{4}", name):
            self.names[key].append(name)

    def label(self, key: str) -> str | None:
        names = self.names.get(key)
        if not names:
            return None
        counts = Counter(fold(n) for n in names)
        best = max(counts, key=lambda f: (counts[f], len(f)))
        forms = [n for n in names if fold(n) == best]
        mixed = [n for n in forms if re.search(r"[a-zá-ú]", n)]
        chosen = (mixed or forms)[0]
        if not mixed:
            chosen = chosen[:1] + chosen[1:].lower()  # "PROMOVER LA …" -> "Promover la …"
        return chosen


def extract(document: Document, facts: Facts) -> None:
    """Objectives, actions, indicators and their values from flattened tables and plan headings."""
    lines = _lines(document)
    names = _Names()
    codes: dict[str, str] = {}  # entity key -> canonical code
    in_table = False
    period: str | None = None
    current: str | None = None  # key of the objective/action of the row being read
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if re.match(r"^Indicador(?:es)?\b", text) and not _INDICATOR_START.match(text):
            in_table = True
            period = _table_period(lines, index)
            index += 1
            continue
        if in_table and re.match(r"^Fuente\s*:", text):
            in_table = False
        coded = _code_of(text)
        if coded:
            type_, key, code, rest = coded
            index = _read_code(document, facts, lines, index, coded, names, codes, in_table)
            current = key
            continue
        plan = _plan_heading(document, facts, lines, index, names, codes)
        if plan is not None:
            index = plan
            continue
        if in_table and current and _INDICATOR_START.match(text):
            index = _read_indicator(document, facts, lines, index, current, period)
            continue
        index += 1
    for key, code in codes.items():
        entity = facts.entities.get(key)
        if entity is None:
            continue
        label = names.label(key)
        if label:
            entity.label = label
        entity.alt_labels.add(code)
        entity.attributes["code"] = code
        if entity.type == "objective":
            entity.alt_labels.add(code.replace(".", " ").replace(" 0", " "))  # "OEI 1"
        if entity.type == "action":
            number = code.split(".")
            entity.alt_labels.add(f"AEI {int(number[1])}.{int(number[2])}")  # "AEI 2.1"
            parent = f"objective/oei-{number[1]}"
            if parent in facts.entities and entity.mentions:
                add_link(facts, Link(key, "partOf", parent, entity.mentions[0]))


def _table_period(lines: list[Line], index: int) -> str | None:
    """The year the header (this line and the next few) or the caption names."""
    window = " ".join(l.text for l in lines[max(index - 8, 0) : index + 10])
    found = _HEADER_YEAR.search(window)
    if found:
        return found.group(1)
    for line in lines[max(index - 12, 0) : index + 40]:
        if re.match(r"^Cuadro\s+N", line.text):
            year = re.search(r"\b((?:19|20)\d{2})\b", line.text)
            if year:
                return year.group(1)
    return None


def _read_code(document, facts, lines, index, coded, names, codes, in_table) -> int:
    """Reads a code line and the name wrapped after it; returns the index of the next unread line."""
    type_, key, code, rest = coded
    line_index = index
    line = lines[index]
    trailing = _TRAILING_VALUES.search(rest)
    value_text = None
    if trailing and re.search(r"[A-Za-z]{3}", rest[: trailing.start()]):
        value_text = rest[trailing.start() :].strip()
        rest = rest[: trailing.start()]
    elif _value_row(rest) or not re.search(r"[A-Za-z]{3}", rest):
        rest = ""
    name_start = line.start + (line.text.find(rest) if rest else len(line.text))
    name_end = name_start + len(rest)
    collected = [rest] if rest else []
    index += 1
    blank_allowed = not rest and not line.text.startswith("Código")
    if line.text.lower().startswith("código"):
        blank_allowed = False
    else:
        while index < len(lines) and len(collected) < 12:
            nxt = lines[index]
            if not nxt.text:
                if blank_allowed and not collected:
                    index += 1
                    continue
                break
            if _code_of(nxt.text) or _value_row(nxt.text) or _STOP.match(nxt.text):
                break
            if in_table and _INDICATOR_START.match(nxt.text):
                break
            if not re.search(r"[A-Za-zÁÉÍÓÚáéíóú]{2}", nxt.text):
                break
            tail = _TRAILING_VALUES.search(nxt.text)
            if tail and re.search(r"[A-Za-z]{3}", nxt.text[: tail.start()]):
                collected.append(nxt.text[: tail.start()])
                if not collected[:-1]:
                    name_start = nxt.start
                name_end = nxt.start + tail.start()
                value_text = nxt.text[tail.start() :].strip()
                index += 1
                break
            if not collected:
                name_start = nxt.start
            collected.append(nxt.text)
            name_end = nxt.end
            index += 1
    name = " ".join(collected)
    entity = facts.entities.get(key) or facts.entity(key, type_, code)  # type: ignore[arg-type]
    codes[key] = code
    if name:
        names.add(key, name)
        add_mention(entity, document_span(document, line.start, name_end))
    else:
        add_mention(entity, document_span(document, line.start, line.end))
    # A budget row right after the name (or on the same line).
    row_line: Line | None = None
    if value_text is None:
        look = index
        while look < len(lines) and not lines[look].text and look - index < 2:
            look += 1
        if look < len(lines) and _value_row(lines[look].text):
            row_line = lines[look]
    else:
        row_line = lines[index - 1] if index - 1 > line_index else line
    if row_line is not None and not in_table:
        _budget_row(document, facts, lines, key, code, row_line, value_text or row_line.text)
    return index


def _budget_row(document, facts, lines, key, code, row_line: Line, values: str) -> None:
    """Programmed and executed amounts and the execution rate printed after a code."""
    tokens = values.split()
    for position, token in enumerate(tokens):
        if token.endswith("%"):
            break
    else:
        return
    if position < 2 or not (_MONEY.match(tokens[position - 2]) and _MONEY.match(tokens[position - 1])):
        return
    programmed, executed, rate = (parse_value(t) for t in tokens[position - 2 : position + 1])
    if not (programmed and executed and rate) or not programmed.value:
        return
    if abs(executed.value / programmed.value * 100 - rate.value) > 0.6:  # type: ignore[operator]
        return  # the percentage is a share of the total, not an execution rate
    period = _budget_period(lines, row_line)
    indicator_key = f"indicator/ejecucion-financiera-{code.lower().replace('.', '-')}"
    label = f"Ejecución financiera {code}"
    indicator = facts.entity(indicator_key, "indicator", label)
    indicator.attributes.setdefault("unit", "PEN")
    indicator.attributes.setdefault("code", code)
    start = row_line.start + max(row_line.text.find(tokens[position - 2]), 0)
    end = row_line.start + row_line.text.find(tokens[position]) + len(tokens[position]) if tokens[position] in row_line.text else row_line.end
    evidence = document_span(document, row_line.start, row_line.end)
    add_mention(indicator, document_span(document, start, end))
    add_link(facts, Link(indicator_key, "measures", key, evidence))
    for kind, value in (("target", programmed), ("achieved", executed), ("executionRate", rate)):
        add_observation(
            facts,
            Observation(
                indicator=indicator_key,
                kind=kind,  # type: ignore[arg-type]
                raw=value.raw,
                evidence=evidence,
                value=value.value,
                unit=value.unit if kind == "executionRate" else "PEN",
                period=period,
            ),
        )


def _budget_period(lines: list[Line], row_line: Line) -> str | None:
    """The year of the budget table: the nearest header above naming "Año 2024" / "ANUAL-2024"."""
    # lines are in document order (starts strictly increase): no scan from the top
    position = bisect.bisect_left(lines, row_line.start, key=lambda l: l.start)
    if position == len(lines) or lines[position].start != row_line.start:
        return None
    for line in reversed(lines[max(position - 400, 0) : position]):
        found = re.search(r"\b(?:A[ñn]o|ANUAL-?)\s*((?:19|20)\d{2})\b", line.text)
        if found and len(line.text) < 60:
            return found.group(1)
    return None


def _read_indicator(document, facts, lines, index, measured: str, period: str | None) -> int:
    """An indicator name wrapped over lines, then its value row; returns the next unread index."""
    first = lines[index]
    parts = [first.text]
    end = first.end
    index += 1
    row: tuple[Line, re.Match[str]] | None = None
    while index < len(lines) and len(parts) < 10:
        nxt = lines[index]
        if not nxt.text:
            index += 1
            continue
        match = _value_row(nxt.text)
        if match:
            row = (nxt, match)
            index += 1
            break
        if _code_of(nxt.text) or _STOP.match(nxt.text) or _INDICATOR_START.match(nxt.text):
            break
        if re.match(r"^(Objetivo|Estrat[ée]gico|Institucional|Acciones|Indicador|Meta|Ejecuci[óo]n|%|Órganos|Responsables|\d{4})\b", nxt.text) and len(nxt.text) < 30:
            break  # a repeated table header
        parts.append(nxt.text)
        end = nxt.end
        index += 1
    label = label_of(" ".join(parts))
    from .spans import slug

    key = "indicator/" + slug(label)
    indicator = facts.entity(key, "indicator", label)
    add_mention(indicator, document_span(document, first.start, end))
    if re.match(r"^(%|Porcentaje|Tasa|Proporci)", label):
        indicator.attributes.setdefault("unit", "percent")
    elif re.match(r"^(N[°ºª]|Nro|N[uú]mero|Cantidad)", label):
        indicator.attributes.setdefault("unit", "count")
    add_link(facts, Link(key, "measures", measured, document_span(document, first.start, end)))
    if row is None:
        return index
    line, match = row
    if match.group("unit") and match.group("unit") not in {"NA"}:
        code = match.group("unit")
        add_attribute(indicator, "responsible_unit", code)
        if re.fullmatch(r"[A-Z][A-Z0-9-]{1,15}", code):
            # The unit is printed as its acronym; resolution joins it to the unit's full name.
            unit_start = line.start + match.start("unit")
            where = document_span(document, unit_start, unit_start + len(code))
            unit_entity = facts.entity("institution/" + slug(code), "institution", code)
            unit_entity.alt_labels.add(code)
            unit_entity.attributes.setdefault("acronym", code)
            add_mention(unit_entity, where)
            add_link(facts, Link(key, "responsibleUnit", unit_entity.key, document_span(document, line.start, line.end)))
    tokens = match.group("values").split()  # flattened rows group thousands with commas, never spaces
    kinds = ["target", "achieved", "executionRate"]
    evidence = document_span(document, line.start, line.end)
    for kind, token in zip(kinds, tokens):
        value = parse_value(token)
        if value is None:
            continue
        if kind == "executionRate" and value.unit != "percent":
            continue
        unit = value.unit or indicator.attributes.get("unit")
        add_observation(
            facts,
            Observation(
                indicator=key,
                kind=kind,  # type: ignore[arg-type]
                raw=token.strip(),
                evidence=evidence,
                value=value.value,
                unit=unit if isinstance(unit, str) else None,
                period=period,
            ),
        )
    return index


def _plan_heading(document, facts, lines, index, names, codes) -> int | None:
    """ "Objetivo Específico 1:" (name on the line or the next paragraph) and "Acción 1.1.1: name"."""
    line = lines[index]
    match = _PLAN_OBJECTIVE.match(line.text)
    if match:
        number = int(match.group("n"))
        key = f"objective/oe-{number:02d}"
        name_line = line
        rest = match.group("rest").strip(" *")
        if not rest:
            following = [l for l in lines[index + 1 : index + 3] if l.text]
            if not following or _PLAN_OBJECTIVE.match(following[0].text) or following[0].text.startswith("#"):
                return index + 1
            name_line = following[0]
            rest = name_line.text
        if not re.search(r"[A-Za-z]{3}", rest) or re.search(r"\.{4,}", rest):
            return index + 1  # a table of contents line
        name = re.split(r"(?<=[a-záéíóú]),\s+(?:las|los|la|el)\s+cuales", rest)[0]
        entity = facts.entity(key, "objective", label_of(name))
        entity.alt_labels.add(f"Objetivo Específico {number}")
        entity.attributes["code"] = f"OE.{number:02d}"
        add_mention(entity, document_span(document, line.start, line.end))
        if name_line is not line:
            add_mention(entity, document_span(document, name_line.start, name_line.end))
        return lines.index(name_line, index) + 1
    match = _PLAN_ACTION.match(line.text)
    if match and not re.search(r"\.{4,}", line.text):
        number = match.group("n")
        key = "action/ae-" + "-".join(f"{int(p):02d}" for p in number.split("."))
        entity = facts.entity(key, "action", label_of(match.group("rest").strip(" *")))
        entity.alt_labels.add(f"Acción {number}")
        entity.attributes["code"] = f"AE.{number}"
        add_mention(entity, document_span(document, line.start, line.end))
        parent = f"objective/oe-{int(number.split('.')[0]):02d}"
        if parent in facts.entities:
            add_link(facts, Link(key, "partOf", parent, document_span(document, line.start, line.end)))
        return index + 1
    return None
