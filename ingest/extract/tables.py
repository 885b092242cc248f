"""Indicators, their values and activity costs read from tab-separated tables.

Plans keep their logic matrices (OBJETIVOS / INDICADORES / MEDIOS DE VERIFICACIÓN),
indicator overviews (Indicador / Línea de base / Meta 2021) and budgets (Actividad /
Nivel de Gobierno / Unidad de Medida / Costeo Unitario / Cantidad / Total) as tables,
one row per line with tab-separated cells after cleaning. A table is recognised by what
its header row says, never by the document it is in:

* a column named ``INDICADOR(ES)`` makes an indicator table: each row with an indicator
  cell gives an indicator entity, its means of verification, government level and the
  objective or activity it measures, and baseline / target / achieved / rate
  observations where the row states them;
* a column named ``ACTIVIDAD`` with a ``TOTAL`` / ``COSTO`` column makes a cost table:
  each costed row gives an activity entity and a ``cost`` observation in PEN.

Layout quirks handled: spanned cells are left empty by the export (the value of the
row above is carried down), headers are repeated after page breaks (a block without a
header continues the previous table when the widths agree), a line without tabs inside
a table continues the row above, and rows that only name a level of the results chain
(``RESULTADO FINAL``, ``ACTIVIDADES`` …) set the level of the rows that follow.

:func:`parse_value` reads numbers as Peruvian documents print them ("1,314",
"11,826,323.44", "9 000.00", "51,6%", "S/ 1 200"); it is shared with
:mod:`.indicators`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quipu.ingest.facts import Entity, Facts, Link, Observation, Span
from quipu.ingest.models import Document

from .spans import fold, itself, listed, passage_index, slug, triple

# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class Value:
    """A number as printed and what it means."""

    raw: str
    value: float | None
    unit: str | None  # "percent", "PEN", "USD", "count" or None


_CURRENCY = re.compile(r"^(?:S/\.?|US\$|USD|\$)\s*|\s*(?:soles|nuevos\s+soles|d[oó]lares)$", re.IGNORECASE)
# A printed number: digits grouped by "," "." or single spaces, an optional sign.
NUMBER = r"[-+]?\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|[-+]?\d+(?:[.,]\d+)?"
_VALUE = re.compile(
    r"(?:(?:S/\.?|US\$|USD)\s*)?(?:" + NUMBER + r")(?:\s?%)?(?:\s+(?:nuevos\s+soles|soles|d[oó]lares))?",
    re.IGNORECASE,
)


def parse_number(text: str) -> float | None:
    """The float a printed number stands for, or None.

    Both separators present: the last one is the decimal mark. One kind only: a comma
    or point followed by exactly three digits (every group) is a thousands separator,
    otherwise a decimal mark ("51,6", "97.4"). Spaces always group thousands.
    """
    text = text.strip().replace("\u00a0", " ")
    text = _CURRENCY.sub("", text).strip().rstrip("%").strip()
    if not re.fullmatch(NUMBER, text):
        return None
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-").replace(" ", "")
    if "," in text and "." in text:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        text = text.replace(thousands, "").replace(decimal, ".")
    elif "," in text or "." in text:
        mark = "," if "," in text else "."
        groups = text.split(mark)
        if len(groups) > 2 or (len(groups[-1]) == 3 and len(groups[0]) <= 3 and groups[0] != "0"):
            text = text.replace(mark, "")
        else:
            text = text.replace(mark, ".")
    try:
        return sign * float(text)
    except ValueError:  # pragma: no cover - the pattern only admits numbers
        return None


def parse_value(raw: str, *, money: bool = False) -> Value | None:
    """A printed value: number, percentage or amount; None when ``raw`` is not one.

    ``money`` says the column holds amounts (a cost table), so a bare number is PEN.
    A point before three digits in a percentage is a decimal mark ("68.600%" is rare;
    "97.4%" is common), so percentages are read with the point as decimal.
    """
    raw = raw.strip()
    match = _VALUE.fullmatch(raw)
    if not match:
        return None
    is_percent = "%" in raw
    number_text = _CURRENCY.sub("", raw).strip().rstrip("%").strip()
    if is_percent and re.fullmatch(r"[-+]?\d+[.,]\d+", number_text):
        number = float(number_text.replace(",", "."))
    else:
        number = parse_number(number_text)
    if number is None:
        return None
    if is_percent:
        unit = "percent"
    elif re.search(r"S/|soles", raw, re.IGNORECASE) or money:
        unit = "PEN"
    elif re.search(r"US\$|USD|d[oó]lares", raw, re.IGNORECASE):
        unit = "USD"
    else:
        unit = None
    return Value(raw=raw, value=number, unit=unit)


# A value at the start of a cell ("44 Asistencias técnicas", "80% de ejecución",
# "51,6% (2009)"), with the year in brackets that dates it.
_LEADING_VALUE = re.compile(
    r"^(?P<raw>(?:S/\.?\s*)?(?:" + NUMBER + r")(?:\s?%)?)(?=$|[\s.;,)])(?:\s*\((?P<year>(?:19|20)\d{2})\))?"
)


def leading_value(cell: str) -> tuple[Value, str | None, int] | None:
    """The value a cell starts with, the year printed next to it, and its offset end."""
    match = _LEADING_VALUE.match(cell.strip())
    if not match:
        return None
    value = parse_value(match.group("raw"))
    if value is None:
        return None
    if value.unit is None and cell.strip() != match.group("raw"):
        value = Value(value.raw, value.value, "count")  # "08 Gobiernos Regionales"
    return value, match.group("year"), match.end("raw")


# --------------------------------------------------------------------------- spans


def document_span(document: Document, start: int, end: int) -> Span:
    """A span from document offsets, clipped to the passage the start lies in."""
    index = passage_index(document, start)
    passage = document.passages[index]
    if start >= passage.end and index + 1 < len(document.passages):
        passage = document.passages[index + 1]  # the start fell in a gap between passages
    start = min(max(start, passage.start), passage.end)
    end = min(max(end, start), passage.end)
    return Span(passage_id=passage.id, start=start, end=end, quote=document.text[start:end])


def normalise_name(text: str) -> str:
    """A name as one line: hyphenation at line ends fixed, whitespace collapsed."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ;:,")


def label_of(name: str) -> str:
    """An entity label: the normalised name without the closing full stop or quotes."""
    name = normalise_name(name)
    name = re.sub(r"\.+$", "", name).strip()
    if name.count('"') % 2 == 1:
        name = name.strip('"').strip()
    return name


def add_mention(entity: Entity, mention: Span) -> None:
    if not listed(entity, entity.mentions, itself, mention):
        entity.mentions.append(mention)


def _printed(observation: Observation) -> tuple[str, str, str, str | None]:
    return observation.indicator, observation.kind, observation.raw, observation.period


def add_observation(facts: Facts, observation: Observation) -> None:
    """Adds an observation unless the same value of the same indicator is already there."""
    if not listed(facts, facts.observations, _printed, _printed(observation)):
        facts.observations.append(observation)


def add_attribute(entity: Entity, name: str, value: str | None) -> None:
    """Sets a string attribute; a second, different value is appended after "; "."""
    if not value:
        return
    known = entity.attributes.get(name)
    if not known:
        entity.attributes[name] = value
    elif value not in str(known).split("; "):
        entity.attributes[name] = f"{known}; {value}"


def add_link(facts: Facts, link: Link) -> None:
    if not listed(facts, facts.links, triple, triple(link)):
        facts.links.append(link)


# --------------------------------------------------------------------------- table model


@dataclass
class Cell:
    text: str  # stripped
    start: int  # document offsets of the stripped text
    end: int


@dataclass
class Row:
    cells: list[Cell]
    start: int
    end: int

    def text(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].text


@dataclass
class Block:
    """Consecutive table lines of the cleaned text."""

    rows: list[Row]
    start: int
    end: int


_TAB_LINE = re.compile(r"[^\n]*\t[^\n]*")


def _cells(document: Document, start: int, end: int) -> list[Cell]:
    cells: list[Cell] = []
    offset = start
    for raw in document.text[start:end].split("\t"):
        left = len(raw) - len(raw.lstrip())
        text = raw.strip()
        cells.append(Cell(text, offset + left, offset + left + len(text)))
        offset += len(raw) + 1
    return cells


def table_blocks(document: Document) -> list[Block]:
    """Runs of tab-separated lines; a line without tabs between two of them continues a row."""
    text = document.text
    blocks: list[Block] = []
    rows: list[Row] = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        if "\t" in line:
            rows.append(Row(_cells(document, start, end), start, end))
            continue
        if line.strip() and rows and not line.lstrip().startswith("#") and _continues(rows[-1], line):
            # A wrapped row: the text belongs to the last filled cell of the row above.
            # The cell that reads as unfinished ("… de la") takes it, else the last filled one;
            # its span then runs to the end of the continuation.
            row = rows[-1]
            filled = [c for c in row.cells if c.text] or row.cells
            dangling = [c for c in filled if _DANGLING.search(c.text)]
            cell = (dangling or filled)[-1] if not dangling else dangling[0]
            left = len(line) - len(line.lstrip())
            cell.end = start + left + len(line.strip())
            cell.text = normalise_name(cell.text + "\n" + line.strip())
            row.end = end
            continue
        if rows:
            blocks.append(Block(rows, rows[0].start, rows[-1].end))
            rows = []
    if rows:
        blocks.append(Block(rows, rows[0].start, rows[-1].end))
    return blocks


_DANGLING = re.compile(r"\b(?:de|del|la|las|el|los|y|o|a|e|en|para|con|por|que|al|sobre|entre)$", re.IGNORECASE)


def _continues(row: Row, line: str) -> bool:
    """A short line right after a row whose last cell reads as unfinished."""
    filled = [c for c in row.cells if c.text]
    if not filled or len(line) > 300:
        return False
    last = filled[-1].text
    return not re.search(r"[.:;)\]\"”%]$|\d$", last) and line.strip()[:1].islower()


# Column roles, recognised from folded header text. Order matters: first match wins.
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("level_total", re.compile(r"^total por nivel")),
    ("level", re.compile(r"^nivel(es)? de gobierno$")),
    ("measure_unit", re.compile(r"^unidad(es)? de medida$")),
    ("unit_cost", re.compile(r"^cost(e|o)o? unitario|^costo unitario|^precio unitario")),
    ("quantity", re.compile(r"^cantidad")),
    ("expense", re.compile(r"^especificacion|^clasificador|^partida")),
    ("indicator", re.compile(r"^indicador(es)?\b")),
    ("formula", re.compile(r"^formula")),
    ("means", re.compile(r"^medios? de verificacion|^fuente")),
    ("baseline", re.compile(r"^linea (de )?base|^valor (de )?base|^linea basal")),
    ("trend", re.compile(r"^tendencia")),
    ("rate", re.compile(r"^%\s*(de\s+)?(ejecucion|avance|cumplimiento)|^(porcentaje|nivel|grado) de (ejecucion|avance|cumplimiento)|^avance")),
    ("target", re.compile(r"^metas?\b|^valor meta|^programad[oa]|^programacion")),
    ("achieved", re.compile(r"^logros?\b|^ejecucion\b|^ejecutad[oa]|^valor (obtenido|alcanzado)|^resultado (obtenido|alcanzado)")),
    ("responsible", re.compile(r"^(organos?|unidad(es)?|area|oficina)s? responsables?|^responsables?$")),
    ("activity", re.compile(r"^actividad(es)?( operativas?)?$|^accion(es)?$|^tareas?$")),
    ("cost", re.compile(r"^(costo|presupuesto|monto)( total)?\b|^total\b|^importe")),
    ("objective", re.compile(r"^objetivos?\b|^resultados?( final| intermedio| esperados?)?$|^productos?$|^componentes?$|^proposito$|^fin$")),
    ("number", re.compile(r"^(n[°ºo]|nro\.?|numero|item|codigo)$")),
]

# Rows that only name a level of the results chain.
_LEVEL_ROW = re.compile(
    r"^(resultado final|resultados? intermedios?|resultado especifico|productos?|actividades|componentes?|proposito|fin|objetivo general|objetivos especificos)$"
)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_GOVERNMENT_LEVEL = re.compile(r"gobierno\s+(nacional|regional|local)", re.IGNORECASE)


def column_role(header: str) -> str | None:
    folded = fold(header).strip(" :*")
    for role, pattern in _ROLES:
        if pattern.search(folded):
            return role
    return None


@dataclass
class Header:
    roles: dict[int, str]  # column -> role
    names: dict[int, str]  # column -> header text (joined over header rows)
    width: int
    rows: int  # how many rows of the block the header takes
    periods: dict[int, str] = field(default_factory=dict)  # column -> year its header names

    def column(self, role: str) -> int | None:
        for index, known in self.roles.items():
            if known == role:
                return index
        return None

    def columns(self, role: str) -> list[int]:
        return [index for index, known in self.roles.items() if known == role]

    @property
    def kind(self) -> str | None:
        roles = set(self.roles.values())
        if "indicator" in roles:
            return "indicator"
        if "activity" in roles and roles & {"cost", "level_total", "unit_cost"}:
            return "cost"
        return None


_VALUE_CELL = re.compile(r"^(?:S/\.?\s*)?(?:" + NUMBER + r")\s?%?$")


def read_header(block: Block) -> Header | None:
    """The header at the top of a block (up to three rows), or None when it has none."""
    names: dict[int, list[str]] = {}
    used = 0
    for index, row in enumerate(block.rows[:3]):
        filled = [c for c in row.cells if c.text]
        if not filled or any(len(c.text) > 60 or _VALUE_CELL.match(c.text) for c in filled):
            break
        if index > 0 and len(filled) < 2:
            break
        if index > 0 and not all(c.text == c.text.upper() for c in filled):
            break  # a later header row is upper-case ("PRODUCTO  INDICADOR  META", "MTPE  DRTPE")
        for column, cell in enumerate(row.cells):
            if cell.text:
                names.setdefault(column, []).append(cell.text)
        used = index + 1
    if not used:
        return None
    roles: dict[int, str] = {}
    periods: dict[int, str] = {}
    joined: dict[int, str] = {}
    for column, parts in names.items():
        joined[column] = " ".join(parts)
        # The most specific row wins: the last header row that names a role.
        for part in reversed(parts):
            role = column_role(part)
            if role:
                roles[column] = role
                year = _YEAR.search(part)
                if year:
                    periods[column] = year.group(1)
                break
    width = max(len(r.cells) for r in block.rows[:used])
    header = Header(roles, joined, width, used, periods)
    return header if header.kind else None


# --------------------------------------------------------------------------- extraction


def extract(document: Document, facts: Facts) -> None:
    """Indicators with their values, and costed activities, from the document's tables."""
    previous: tuple[Header, Block] | None = None
    chains: dict[tuple[tuple[int, str], ...], str | None] = {}  # results-chain level per table header
    for block in table_blocks(document):
        header = read_header(block)
        rows = block.rows
        if header is None:
            # A page break without the header repeated: same width, close to the last table.
            if previous is None:
                continue
            last_header, last_block = previous
            gap = document.text[last_block.end : block.start]
            width = max(len(r.cells) for r in rows)
            if width != last_header.width or len(gap.strip()) > 200:
                previous = None
                continue
            header = Header(last_header.roles, last_header.names, last_header.width, 0, last_header.periods)
        else:
            rows = rows[header.rows :]
        previous = (header, block)
        level = _section_level(document, block.start)
        if header.kind == "indicator":
            signature = tuple(sorted(header.roles.items()))
            chains[signature] = _indicator_rows(document, facts, header, rows, level, chains.get(signature))
        elif header.kind == "cost":
            _cost_rows(document, facts, header, rows)


def _section_level(document: Document, offset: int) -> str | None:
    """The level of government named by the headings above ``offset`` ("13.1 MATRIZ … GOBIERNO NACIONAL")."""
    index = passage_index(document, offset)
    for heading in reversed(document.passages[index].section):
        match = _GOVERNMENT_LEVEL.search(heading)
        if match:
            return "Gobierno " + match.group(1).capitalize()
    return None


def _indicator_rows(
    document: Document, facts: Facts, header: Header, rows: list[Row], level: str | None, chain: str | None
) -> str | None:
    """Indicators of the rows; returns the results-chain level reached, for the table's next page."""
    indicator_col = header.column("indicator")
    objective_col = header.column("objective")
    activity_col = header.column("activity")
    number_col = header.column("number")
    means_col = header.column("means")
    responsible_col = header.column("responsible")
    level_col = header.column("level")
    carried: dict[int, Cell] = {}
    for row in rows:
        filled = [c for c in row.cells if c.text]
        if len(filled) == 1 and _LEVEL_ROW.match(fold(filled[0].text)):
            chain = fold(filled[0].text)
            carried.clear()
            continue
        # Spanned cells: carry the objective/activity column down from the row above.
        for column in (objective_col, activity_col):
            if column is None:
                continue
            if row.text(column):
                carried[column] = row.cells[column]
        name = row.text(indicator_col)
        if not name or not re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]{3}", name) or _VALUE_CELL.match(name):
            continue
        cell = row.cells[indicator_col]  # type: ignore[index]
        label = label_of(name)
        indicator_key = "indicator/" + slug(label)
        entity = facts.entity(indicator_key, "indicator", label)
        add_mention(entity, document_span(document, cell.start, cell.end))
        number = row.text(number_col)
        if number and re.search(r"[A-Za-z]", number) and re.search(r"\d", number):
            entity.attributes.setdefault("code", number)
            entity.alt_labels.add(number)
        elif number and re.fullmatch(r"\d{1,3}", number):
            entity.attributes.setdefault("number", number)
        means = row.text(means_col)
        if means and means not in {"-", "—"}:
            add_attribute(entity, "means_of_verification", normalise_name(means))
        responsible = row.text(responsible_col)
        if responsible and responsible not in {"-", "—"}:
            add_attribute(entity, "responsible_unit", normalise_name(responsible))
        add_attribute(entity, "government_level", row.text(level_col) or level)
        if re.match(r"^(%|porcentaje|tasa|proporci[oó]n)", label, re.IGNORECASE):
            entity.attributes.setdefault("unit", "percent")
        elif re.match(r"^(n[°ºª]|nro\b|n[uú]mero|cantidad)", label, re.IGNORECASE):
            entity.attributes.setdefault("unit", "count")
        _measured(document, facts, header, row, entity, carried, objective_col, activity_col, chain, row.text(level_col) or level)
        _row_values(document, facts, header, row, indicator_key, label, entity.attributes.get("unit"))
    return chain


def _measured(document, facts, header, row, indicator, carried, objective_col, activity_col, chain, level) -> None:
    """The link from the indicator to what it measures, when the row names it."""
    target: Entity | None = None
    source: Cell | None = None
    if activity_col is not None and activity_col in carried:
        source = carried[activity_col]
        kind = "activity"
    elif objective_col is not None and objective_col in carried:
        source = carried[objective_col]
        header_name = fold(header.names.get(objective_col, ""))
        if chain == "actividades":
            kind = "activity"
        elif header_name.startswith("objetivo") and chain is None:
            # An objective of another plan the row aligns with ("Objetivos Específicos" of the
            # Plan Bicentenario): kept on the indicator, since it has no code of this plan.
            indicator.attributes.setdefault("objective", label_of(source.text))
            return
        else:
            # A result of the results chain (RESULTADO FINAL/INTERMEDIO, PRODUCTO): kept on the indicator.
            indicator.attributes.setdefault("result", label_of(source.text))
            if chain:
                indicator.attributes.setdefault("result_level", chain)
            return
    if source is None or not re.search(r"[A-Za-z]{3}", source.text):
        return
    name = label_of(source.text)
    code_match = re.match(r"^(?:N[°º]\s*)?(\d{1,2})\.\s+(.*)$", name)
    if kind == "objective" and code_match:
        name = code_match.group(2)
    target = facts.entity(f"{kind}/" + slug(name), kind, name)  # type: ignore[arg-type]
    if kind == "objective" and code_match:
        target.attributes.setdefault("number", code_match.group(1))
    if kind == "activity":
        add_attribute(target, "government_level", level)
    add_mention(target, document_span(document, source.start, source.end))
    add_link(facts, Link(indicator.key, "measures", target.key, document_span(document, row.start, row.end)))


_VALUE_ROLES = {"baseline": "baseline", "target": "target", "achieved": "achieved", "rate": "executionRate"}


def _row_values(
    document: Document, facts: Facts, header: Header, row: Row, indicator_key: str, label: str, unit: object = None
) -> None:
    name_year = re.search(r"\b(?:a[ñn]o|al|periodo)\s+((?:19|20)\d{2})\b", label, re.IGNORECASE)
    for column, role in header.roles.items():
        kind = _VALUE_ROLES.get(role)
        if kind is None or column >= len(row.cells):
            continue
        cell = row.cells[column]
        found = leading_value(cell.text)
        if found is None:
            continue
        value, year, _ = found
        if kind == "executionRate" and value.unit != "percent":
            continue
        period = year or header.periods.get(column) or (name_year.group(1) if name_year and kind != "baseline" else None)
        add_observation(
            facts,
            Observation(
                indicator=indicator_key,
                kind=kind,  # type: ignore[arg-type]
                raw=value.raw,
                evidence=document_span(document, row.start, row.end),
                value=value.value,
                unit=value.unit or (unit if isinstance(unit, str) else None),
                period=period,
            ),
        )


def _cost_rows(document: Document, facts: Facts, header: Header, rows: list[Row]) -> None:
    activity_col = header.column("activity")
    level_col = header.column("level")
    unit_col = header.column("measure_unit")
    cost_cols = header.columns("cost") + header.columns("level_total")
    for row in rows:
        name = row.text(activity_col)
        level = row.text(level_col)
        if not name or not re.search(r"[A-Za-z]{3}", name):
            continue
        if level_col is not None and not level:
            continue  # an item of the activity above ("Curso", "Break"), not an activity
        label = label_of(name)
        entity = facts.entity("activity/" + slug(label), "activity", label)
        cell = row.cells[activity_col]  # type: ignore[index]
        add_mention(entity, document_span(document, cell.start, cell.end))
        add_attribute(entity, "government_level", level if level not in {"-", ""} else None)
        unit = row.text(unit_col)
        if unit and unit not in {"-", "—"}:
            add_attribute(entity, "unit", unit)
        for column in cost_cols:
            text = row.text(column)
            value = parse_value(text, money=True) if text else None
            if value is None or value.unit == "percent":
                continue
            period = header.periods.get(column)
            add_observation(
                facts,
                Observation(
                    indicator=entity.key,
                    kind="cost",
                    raw=value.raw,
                    evidence=document_span(document, row.start, row.end),
                    value=value.value,
                    unit=value.unit or "PEN",
                    period=period,
                ),
            )
            break  # the first amount is the activity's total
