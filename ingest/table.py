"""One table model for every layout a table arrives in.

A :class:`Table` is a header (one name per column, joined over the header rows) and
body rows of cells; every cell keeps its span in the document's cleaned text, so a
fact read from a cell can cite it. Extraction and passages read tables only from here.

Layouts, after cleaning (see :mod:`quipu.ingest.cleaning`):

* **delimited** rows: tab-separated lines (what the DOCX and HTML readers write for
  real table cells, and what cleaning makes of space-aligned columns) and Markdown
  pipe rows. A line without delimiters right after a row whose last cell reads as
  unfinished continues that cell; a row with an empty first cell and no figures
  continues the row above; a header repeated after a page break is dropped; a block
  without a header that follows a table of the same width continues it.
* **flattened** tables, one cell per line, as plain PDF text extraction leaves them: a
  run of short lines whose words name at least three column roles (one of them a
  value) is the header; the body is rebuilt row by row from that header. A code
  (``OEI.01``, ``AEI.02.03``, ``IND 3``, ``IP 1``) starts a row; the text lines before
  the figures fill the name columns (a line that opens like an indicator, "N° de …",
  "Porcentaje de …", starts the indicator column); figures fill the value columns in
  order (several may share a line); a short line after them fills a trailing column
  such as the responsible unit. The header repeated after a page break is skipped;
  a source line, a heading, a caption or a long sentence ends the table.

Merged header cells arrive as a name followed by empty cells; a lower header row that
names years under them ("Meta" over "2024", "2025") gives "Meta 2024", "Meta 2025".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from quipu.core.text import NUMBER, Line, fold, text_lines

from .columns import NAME_ROLES, VALUE_ROLES, Role, coverage, part_of, role_of, segment

# A printed figure: digits grouped by "," "." or single spaces, a sign, a currency, a %.
_FIGURE = re.compile(r"^(?:(?:S/\.?|US\$|USD|\$)\s*)?(?:" + NUMBER + r")\s?%?$|^(?:-|—|–|N/A|N\.A\.|S/I|ND|n\.d\.|s\.d\.)$", re.IGNORECASE)
# Codes that open a row of a plan's matrix.
CODE = re.compile(
    r"^(?P<code>(?:OEI|AEI|OE|AE|OES|AES|IND|IP|IC|IR|PP|UE|AOI|AO|OBJ|ACT|R|P|C|A)"
    r"[ .\-_]?(?:N[°º]\s*)?\d{1,14}(?:[.\-]\d{1,3}){0,3}"
    # any other short prefix a plan gives its codes ("IS-01", "AO 03", "LE.2"): short numbers only,
    # so that "ENAHO 2023" or "PIA 2024" is no code
    # and only alone on its line or before a name in mixed case, so that "RM 010-2024" is no code
    r"|[A-Z]{2,4}[ .\-_]?\d{1,3}(?:[.\-]\d{1,3}){0,3}(?![\d.\-/])(?=\s*$|\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ]))(?![\w/])\.?:?\s*",
)
# A level of a logic matrix and its statement, on a line of its own across the columns.
_LEVEL_STATEMENT = re.compile(
    r"^(?:Fin|Prop[óo]sito|Objetivo\s+general|Objetivo\s+espec[íi]fico(?:\s+\d{1,2})?|Componente\s+\d{1,2}|Resultado\s+\d{1,2}|Producto\s+\d{1,2}(?:\.\d{1,2})?)"
    r"\s*[:.\-–]\s+\S.{10,}$",
    re.IGNORECASE,
)
_TOTAL = re.compile(r"^(?:sub\s*-?\s*)?total(?:es)?\b|^total\s+general", re.IGNORECASE)
# Words that cannot end a cell's or a column name's line, nor open a column name: the line goes on.
_FUNCTION_WORDS = r"(?:de|del|la|las|el|los|y|o|a|e|en|para|con|por|que|al|sobre|entre)"
_DANGLING = re.compile(rf"\b{_FUNCTION_WORDS}$", re.IGNORECASE)
_CONNECTOR = re.compile(rf"^{_FUNCTION_WORDS}\b", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:#+\s*)?(?:cuadro|tabla|matriz|anexo|gr[áa]fico|table)\b", re.IGNORECASE)
_STOP = re.compile(r"^(?:fuente|elaboraci[óo]n|nota|source|#)\b|^#", re.IGNORECASE)
# A page number alone, or a running footer that ends with "page N of M" ("Informe … Página 3 de 9").
_PAGE = re.compile(
    r"^(?:p[áa]gina|p[áa]g\.?|page)\s*\d+(?:\s*(?:de|of|/)\s*\d+)?$|^[-–—]\s*\d{1,4}\s*[-–—]$"
    r"|^.{3,120}\s(?:p[áa]gina|p[áa]g\.?|page)\s*\d+\s*(?:de|of|/)\s*\d+$",
    re.IGNORECASE,
)
# How an indicator's name opens: a count, a share, a rate, an index.
INDICATOR_START = re.compile(
    r"^(?:N[°ºª]\.?|Nro\.?|N\.°|N[uú]mero|%|Porcentaje|Tasa|[ÍI]ndice|Ratio|Proporci[óo]n|Cantidad|Monto|Promedio|"
    r"Nivel\s+de|Grado\s+de|Variaci[óo]n|Total\s+de)\s",
    re.IGNORECASE,
)
MAX_HEADER_LINE = 60
MAX_HEADER_LINES = 24
LONG_LINE = 160
MIN_COVERAGE = 0.6  # share of a header run's words that name columns


@dataclass
class Cell:
    """One cell: its stripped text and the document offsets of that text."""

    text: str
    start: int
    end: int
    sub: str = ""  # in a header joined over rows, the lowest row's own name ("Devengado" under "Ejecución")


@dataclass
class Row:
    cells: list[Cell]
    start: int
    end: int
    total: bool = False  # a totals row ("Total", "Subtotal")
    ruled: bool = False  # a Markdown separator row (|---|) follows it: the row is the header

    def text(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].text

    def cell(self, index: int | None) -> Cell | None:
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]


@dataclass
class Table:
    """A table of the cleaned text: a header of columns and body rows."""

    header: list[Cell]  # one per column: the name joined over the header rows
    rows: list[Row]
    start: int
    end: int
    layout: str  # "delimited" or "flattened"
    caption: str = ""  # the line above the table that names it, when there is one
    roles: list[Role | None] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.roles:
            self.roles = [_header_role(c) if c.text else None for c in self.header]
            _code_columns(self)
            _year_columns(self)
            _part_columns(self)
            _month_span_columns(self)
            _parties_giving(self)
            _dated_baselines(self)
            _mixed_name_columns(self)
        _progress_columns(self)  # read from the rows' layout or given by it, the same columns
        _certificates_counted(self)
        _budget_columns(self)  # read from the rows' layout or given by it, the same columns

    @property
    def width(self) -> int:
        return len(self.header)

    def column(self, role: str) -> int | None:
        for index, known in enumerate(self.roles):
            if known is not None and known.name == role:
                return index
        return None

    def columns(self, *roles: str) -> list[int]:
        return [i for i, known in enumerate(self.roles) if known is not None and known.name in roles]

    @property
    def meaningful(self) -> bool:
        """Whether the header names something to extract: a name column and a value or a link."""
        names = {r.name for r in self.roles if r is not None}
        named = bool(names & set(NAME_ROLES) or names & {"code", "tier"})
        values = bool(names & set(VALUE_ROLES))
        if values and "funder" in names and not named:
            return True  # a budget by source: each row is what one funder gave (see _budget_columns)
        # A table of values by region or year needs its caption to say what they measure.
        by_dimension = bool(names & {"region", "period"}) and values and bool(self.caption)
        return named and (values or bool(names & {"responsible", "region", "means", "measureUnit"})) or by_dimension


def _header_role(cell: Cell) -> Role | None:
    """The role of a header cell. Under a merged name the lower name is the more precise
    ("Ejecución" over "Devengado" and "Avance %"); the joined name gives the period."""
    joined = role_of(cell.text)
    lower = role_of(cell.sub) if cell.sub else None
    if lower is None or lower.name == "period" or joined is None:
        return joined  # "Año" under "Línea de base" dates the baseline
    if joined.name != lower.name and joined.name in ("baselineYear", "measureUnit"):
        return joined
    return Role(lower.name, lower.period or (joined.period if joined else None), cell.text)


# What says a table is about money: its caption, or a budget column beside the others.
_MONEY_CAPTION = re.compile(r"presupuest|financ|\(\s*(?:S/|US\$|USD)|\ben\s+(?:soles|d[oó]lares)\b", re.IGNORECASE)
_BUDGET_ROLES = {"budgetOpening", "budgetModified", "budgetCertified", "budgetAccrued", "cost"}


def _certificates_counted(table: Table) -> None:
    """A bare "Certificados" header is the certified budget beside other budget columns or
    under a caption about money, and otherwise a count of certificates issued."""
    budget = [i for i, known in enumerate(table.roles) if known is not None and known.name in _BUDGET_ROLES]
    if len(budget) != 1 or _MONEY_CAPTION.search(table.caption or ""):
        return
    index = budget[0]
    if fold(table.header[index].text).strip(" .") in {"certificados", "certificadas", "certificado", "certificada"}:
        table.roles[index] = None


def _budget_columns(table: Table) -> None:
    """In a table of money, "Ejecutado" is what was spent (accrued), not an indicator's
    achievement (unless its header says it is physical: "Meta física … Ejecutado"), and a bare
    "Fuente" column names who funds, not a means of verification."""
    names = {r.name for r in table.roles if r is not None}
    if not (_MONEY_CAPTION.search(table.caption or "") or names & _BUDGET_ROLES):
        return
    for index, known in enumerate(table.roles):
        if known is None:
            continue
        words = fold(table.header[index].text).split()
        if known.name == "achieved" and not any(w.startswith("fisic") for w in words):
            # ("Meta física … Ejecutado" beside the budget's columns is what was done, not spent)
            table.roles[index] = Role("budgetAccrued", known.period, known.header)
        elif known.name == "means" and words[:1] in (["fuente"], ["fuentes"]) and len(words) <= 3:
            table.roles[index] = Role("funder", known.period, known.header)


def _progress_columns(table: Table) -> None:
    """"Avance a junio 2027" beside "% de avance": the column without the per cent sign is the
    progress itself (what was achieved by then), the other its share of the target."""
    rates = [i for i, known in enumerate(table.roles) if known is not None and known.name == "executionRate"]
    if len(rates) < 2:
        return
    shares = [i for i in rates if "%" in table.header[i].text or "porcentaje" in fold(table.header[i].text)]
    if not shares:
        return
    for index in rates:
        if index not in shares:
            known = table.roles[index]
            assert known is not None
            table.roles[index] = Role("achieved", known.period, known.header)


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text.strip()))


_YEARS_ONLY = re.compile(r"^((?:19|20)\d{2})(?:\s*[-–/]\s*((?:19|20)\d{2}))?$")


def year_role(caption: str, others: set[str], named: bool) -> str | None:
    """What columns headed by bare years hold: the value role the caption names ("Costo de
    las actividades por año", "Metas …"), else the one value role of the table's other
    columns ("Total" is a cost), else, beside a column naming indicators and nothing else
    to say, the values observed in those years (a series: "Indicador | 2019 | 2022")."""
    captioned = [r.name for r in segment(caption) if r.name in VALUE_ROLES] if caption else []
    if captioned:
        return captioned[0]
    if others:
        return others.pop() if len(others) == 1 else None
    return "achieved" if named else None


def _year_columns(table: Table) -> None:
    """Columns headed by a bare year ("2024", "2025") hold the values the table is about
    (:func:`year_role`). A "Total" column of that role beside them spans their years."""
    years: list[tuple[int, re.Match[str]]] = []
    for i, cell in enumerate(table.header):
        match = _YEARS_ONLY.match(cell.text.strip()) if table.roles[i] is None else None
        if match is not None:
            years.append((i, match))
    if not years:
        return
    others = {r.name for r in table.roles if r is not None and r.name in VALUE_ROLES}
    named = any(r is not None and r.name in ("indicator", "name") for r in table.roles)
    role = year_role(table.caption, others, named)
    if role is None:
        return
    for i, match in years:
        table.roles[i] = Role(role, match.group(0).replace(" ", ""), table.header[i].text)
    first, last = years[0][1].group(1), years[-1][1].group(2) or years[-1][1].group(1)
    for i, known in enumerate(table.roles):
        if known is not None and known.name == role and known.period is None and first != last:
            table.roles[i] = Role(role, f"{first}-{last}", known.header)


def _part_columns(table: Table) -> None:
    """Columns headed by a quarter or a semester ("I Trim.", "II trim. 2027") hold the values
    the table is about (:func:`year_role`), each for that part of its year: the header's year,
    else the caption's. A value keeps the part as its breakdown."""
    parts: list[tuple[int, tuple[str, str | None]]] = []
    for i, cell in enumerate(table.header):
        found = part_of(cell.text) if table.roles[i] is None else None
        if found is not None:
            parts.append((i, found))
    if len(parts) < 2:
        return
    others = {r.name for r in table.roles if r is not None and r.name in VALUE_ROLES}
    named = any(r is not None and r.name in ("indicator", "name", "activity", "action") for r in table.roles)
    role = year_role(table.caption, others, named)
    if role is None:
        return
    for i, (name, year) in parts:
        table.roles[i] = Role(role, year, table.header[i].text, part=name)


_MONTH_WORD = (
    r"(?:ene(?:ro)?|feb(?:rero)?|mar(?:zo)?|abr(?:il)?|may(?:o)?|jun(?:io)?|jul(?:io)?|ago(?:sto)?|"
    r"se(?:p|t|pt|tiembre|ptiembre)|oct(?:ubre)?|nov(?:iembre)?|dic(?:iembre)?)\.?"
)
_MONTH_SPAN = re.compile(
    rf"^(?:(?:de\s+)?(?P<from>{_MONTH_WORD})\s*(?:[-–—/]|\s+a\s+|\s+al\s+)\s*(?P<to>{_MONTH_WORD})|al\s+\d{{1,2}}\s+de\s+(?P<at>{_MONTH_WORD}))"
    r"(?:\s*[-–,]?\s*(?:de(?:l)?\s+)?)?(?P<year>(?:19|20)\d{2})$",
    re.IGNORECASE,
)


def _month_span_columns(table: Table) -> None:
    """Columns headed by a span of months of a year ("Enero – junio 2026", "Ene-Jun 2025",
    "Al 30 de junio de 2026") hold what was achieved in that span, whatever else the table
    holds (a "Meta anual" beside them is the year's target). The span is the breakdown."""
    for i, cell in enumerate(table.header):
        if table.roles[i] is not None:
            continue
        span = _MONTH_SPAN.match(" ".join(cell.text.split()))
        if span is None:
            continue
        months = span.group("at") and f"al {span.group('at')}" or f"{span.group('from')}–{span.group('to')}"
        table.roles[i] = Role("achieved", span.group("year"), cell.text, part=fold(months).replace(".", ""))


_GIVING = re.compile(r"\b(?:aportes?|contribuci[oó]n(?:es)?|financiamiento|cofinanciamiento)\b", re.IGNORECASE)


def _parties_giving(table: Table) -> None:
    """"Parte" over the signatories of an agreement is who gives, in a table its caption says is
    of contributions ("Aportes de las partes"); elsewhere the party may be who is responsible."""
    if not _GIVING.search(table.caption or ""):
        return
    for i, cell in enumerate(table.header):
        if table.roles[i] is None and fold(cell.text).strip(" .:") in ("parte", "partes", "entidad", "institucion"):
            table.roles[i] = Role("funder", None, cell.text)


_ELEMENT_ROLES = {"objective", "action", "activity", "indicator", "name"}


def _mixed_name_columns(table: Table) -> None:
    """"Objetivo / Acción / Indicador": a column naming each row's element, whichever kind the
    row's code says it is, is a name column, not a column of objectives. ("Resultado / Producto"
    names levels of one chain and keeps its role.)"""
    for column, cell in enumerate(table.header):
        parts = [role_of(part) for part in re.split(r"\s*/\s*", cell.text) if part.strip()]
        kinds = {p.name for p in parts if p is not None}
        if len(parts) >= 2 and len(kinds) >= 2 and kinds <= _ELEMENT_ROLES and "indicator" in kinds:
            table.roles[column] = Role("name", None, cell.text)


_DATED_FIGURE = re.compile(r"^[^()]*\d[^()]*\(\s*(?:19|20)\d{2}\s*\)$")


def _dated_baselines(table: Table) -> None:
    """"Línea de base (año)" over cells like "79,4 (2024)" is the baseline with its year in
    brackets, not a column of years: the cells say which."""
    for column, known in enumerate(table.roles):
        if known is None or known.name != "baselineYear":
            continue
        filled = [row.text(column) for row in table.rows if row.text(column)]
        if filled and sum(bool(_DATED_FIGURE.match(t.strip())) for t in filled) >= 0.6 * len(filled):
            table.roles[column] = Role("baseline", known.period, known.header)


def _code_columns(table: Table) -> None:
    """A column whose cells are mostly codes is the code column, whatever its header says."""
    for column in range(table.width):
        filled = [row.text(column) for row in table.rows if row.text(column)]
        if len(filled) >= 2 and sum(bool(CODE.fullmatch(t + " ") or CODE.fullmatch(t)) for t in filled) >= 0.6 * len(filled):
            header = table.header[column].text
            table.roles[column] = Role("code", None, header)


# ----------------------------------------------------------------------------- lines


def _is_pipe(line: str) -> bool:
    return line.startswith("|") and line.count("|") >= 2


def _is_rule(line: str) -> bool:
    """A Markdown table's separator row ``|---|:--:|``."""
    return _is_pipe(line) and re.fullmatch(r"\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*", line) is not None


def _split(line: Line, raw: str) -> list[Cell]:
    """The cells of a delimited line, with offsets."""
    if "\t" in raw and not _is_pipe(line.text):
        parts, separator = raw.split("\t"), 1
        offset = line.start - (len(raw) - len(raw.lstrip()))
    else:
        inner = raw.strip()
        body = inner[1:-1] if inner.endswith("|") and len(inner) > 1 else inner[1:]
        parts, separator = body.split("|"), 1
        offset = line.start + 1
    cells: list[Cell] = []
    for part in parts:
        left = len(part) - len(part.lstrip())
        stripped = part.strip()
        cells.append(Cell(stripped, offset + left, offset + left + len(stripped)))
        offset += len(part) + separator
    return cells


# ----------------------------------------------------------------------------- delimited


def _header_rows(rows: list[Row]) -> int:
    """How many rows at the top of a block are header rows (0 to 3). A Markdown table says so
    itself: the rows above its separator row are the header, whatever their words."""
    ruled = next((index + 1 for index, row in enumerate(rows[:3]) if row.ruled), 0)
    if ruled:
        return ruled
    used = 0
    for index, row in enumerate(rows[:3]):
        filled = [c for c in row.cells if c.text]
        if not filled or any(len(c.text) > 80 or (is_figure(c.text) and not _YEAR_ONLY.match(c.text)) for c in filled):
            break
        if index == 0:
            years_above = all(_YEAR_ONLY.match(c.text) for c in filled) and len(rows) > 1 and any(role_of(c.text) for c in rows[1].cells if c.text)
            if not any(role_of(c.text) for c in filled) and not years_above and not _names_over_figures(rows):
                break  # (years over the names of the columns below them are a header row)
        else:
            if len(filled) < 2:
                break  # one cell alone is a level row ("RESULTADO FINAL"), not a header
            # A further header row names years or roles in every filled cell ("2024", "Valor"),
            # or fills the columns a merged cell above spans ("Metas" over "Intermedia 2027 | Final 2028").
            if not all(_YEAR_ONLY.match(c.text) or role_of(c.text) or len(c.text) <= 12 for c in filled) and not _under_merged(rows[index - 1], row):
                break
            if any(CODE.match(c.text) for c in filled):
                break
        used = index + 1
    return used


def _under_merged(above: Row, row: Row) -> bool:
    """Whether every filled cell of ``row`` lies under a merged cell of the row above (a cell
    and the empty cells its span left beside it), and none is a figure."""
    spans: set[int] = set()
    for column, cell in enumerate(above.cells):
        if cell.text and column + 1 < len(above.cells) and not above.cells[column + 1].text:
            spans.add(column)
            following = column + 1
            while following < len(above.cells) and not above.cells[following].text:
                spans.add(following)
                following += 1
    filled = [column for column, cell in enumerate(row.cells) if cell.text]
    return len(filled) >= 2 and all(column in spans for column in filled) and not any(
        is_figure(row.cells[column].text) for column in filled)


def _names_over_figures(rows: list[Row]) -> bool:
    """Whether the first row names columns that hold figures below it, though no column role
    knows their words ("Provincia | Inscritos 2027 | Colocados 2027"): a word in every cell of
    the row, and at least two of its columns figures in nearly every row below."""
    top, body = rows[0], rows[1:]
    if len(body) < 2 or not all(c.text and re.search(r"[^\W\d_]{3}", c.text) for c in top.cells):
        return False
    counted = 0
    for column in range(1, len(top.cells)):
        cells = [row.text(column) for row in body]
        if sum(is_figure(text) for text in cells) >= 0.8 * len(cells):
            counted += 1
    return counted >= 2


_YEAR_ONLY = re.compile(r"^(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?$|^(?:I|II|III|IV)\s+(?:trim|sem)", re.IGNORECASE)


def _year_groups(rows: list[Row], width: int) -> dict[int, str]:
    """Years over groups of columns that repeat their names ("2024 | 2025" over "PIM |
    Devengado | PIM | Devengado"): the k-th year dates the k-th occurrence of each repeated
    name, wherever a layout put the year's cell."""
    years = [c.text.strip() for c in rows[0].cells if c.text]
    if len(rows) < 2 or len(years) < 2 or not all(_YEARS_ONLY.match(y) for y in years):
        return {}
    below = [fold(rows[1].text(i)).strip() for i in range(width)]
    counts = {name: below.count(name) for name in below if name}
    seen: dict[str, int] = {}
    groups: dict[int, str] = {}
    for column, name in enumerate(below):
        if name and counts[name] == len(years):
            groups[column] = years[seen.get(name, 0)]
            seen[name] = seen.get(name, 0) + 1
    return groups


def _join_header(rows: list[Row], width: int) -> list[Cell]:
    """One name per column over the header rows; a merged cell's name carries right."""
    groups = _year_groups(rows, width)
    if groups:
        below = _join_header(rows[1:], width)
        return [
            Cell(f"{cell.text} {groups[column]}", cell.start, cell.end, cell.sub) if column in groups else cell
            for column, cell in enumerate(below)
        ]
    names: list[list[str]] = [[] for _ in range(width)]
    spans: list[Cell | None] = [None] * width
    merged = [False] * width  # whether a merged cell's name spans this column from above
    for depth, row in enumerate(rows):
        carried: Cell | None = None
        for column in range(width):
            cell = row.cell(column)
            if cell is not None and cell.text:
                carried = cell
                names[column].append(cell.text)
                spans[column] = spans[column] or cell
            elif carried is not None and any(lower.text(column) for lower in rows[depth + 1 :]):
                # An empty cell under a merged name, above a year or a sub-name.
                names[column].append(carried.text)
                merged[column] = True
                spans[column] = spans[column] or carried
            else:
                carried = None
    header: list[Cell] = []
    for column in range(width):
        cell = spans[column]
        text = " ".join(names[column])
        if cell is None:
            header.append(Cell("", 0, 0))
        else:
            # the lower name under a merged one (a header wrapped over lines in one column has none)
            spanned = merged[column] or column + 1 < width and merged[column + 1] and names[column + 1][:1] == names[column][:1]
            sub = names[column][-1] if len(names[column]) > 1 and spanned else ""
            header.append(Cell(text, cell.start, cell.end, sub))
    return header


def _has_figures(row: Row) -> bool:
    return any(c.text and is_figure(c.text) for c in row.cells)


def _continues(row: Row, line: str) -> bool:
    """A short line right after a row whose last filled cell reads as unfinished."""
    filled = [c for c in row.cells if c.text]
    if not filled or len(line) > 300:
        return False
    last = filled[-1].text
    return not re.search(r"[.:;)\]\"”%]$|\d$", last) and line[:1].islower()


def _is_delimited(raw: str) -> bool:
    return "\t" in raw or _is_pipe(raw.strip())


def _delimited_blocks(text: str, lines: list[Line]) -> Iterator[list[Row]]:
    rows: list[Row] = []
    raw_lines = text.split("\n")
    for index, (line, raw) in enumerate(zip(lines, raw_lines)):
        if not line.text and rows and index + 1 < len(raw_lines) and _is_delimited(raw_lines[index + 1]):
            following = [c for c in _split(lines[index + 1], raw_lines[index + 1]) if c.text]
            # A row of column names after the blank line starts another table.
            names_columns = len(following) >= 2 and not CODE.match(following[0].text) and all(
                role_of(c.text) and len(c.text) <= 60 and not is_figure(c.text) and not INDICATOR_START.match(c.text) for c in following
            )  # a row that opens with a code ("AEI.01.03 | Servicio …") is a row, whatever its words
            # A second header row under merged cells (HTML's rowspan leaves its first cells
            # empty), or one before any row of figures, still belongs to the header above.
            under_merged = raw_lines[index + 1].startswith("\t") or not any(_has_figures(r) for r in rows)
            if not names_columns or under_merged:
                continue  # one blank line between two rows (HTML exports write them) keeps the table
        if _is_delimited(raw):
            if _is_rule(line.text):
                if rows and len(rows) <= 3:
                    rows[-1].ruled = True
                continue
            cells = _split(line, raw)
            rows.append(Row(cells, line.start, line.end))
            continue
        if line.text and rows and not line.text.startswith("#") and _continues(rows[-1], line.text):
            row = rows[-1]
            filled = [c for c in row.cells if c.text] or row.cells
            dangling = [c for c in filled if _DANGLING.search(c.text)]
            cell = dangling[0] if dangling else filled[-1]
            cell.text = " ".join((cell.text + " " + line.text).split())
            cell.end = line.end
            row.end = line.end
            continue
        if line.text and rows and _LEVEL_STATEMENT.match(line.text) and index + 1 < len(raw_lines) and _is_delimited(raw_lines[index + 1]):
            # "Propósito: la población …" across the columns of a logic matrix: a row of one cell
            rows.append(Row([Cell(line.text, line.start, line.end)], line.start, line.end))
            continue
        if rows:
            yield rows
            rows = []
    if rows:
        yield rows


def _merge_continued(rows: list[Row]) -> list[Row]:
    """Rows with an empty first cell and no figures continue the row above; so does a row
    of one first cell in lower case under a row of figures whose name it ends ("Registro y
    perfilamiento   312,480.00 …" over "de buscadores de empleo")."""
    merged: list[Row] = []
    for row in rows:
        filled = [c for c in row.cells if c.text]
        if (
            merged
            and len(filled) == 1
            and row.cells
            and row.cells[0] is filled[0]
            and filled[0].text[:1].islower()
            and _has_figures(merged[-1])
            and merged[-1].cells
            and merged[-1].cells[0].text
            and not is_figure(merged[-1].cells[0].text)
        ):
            above = merged[-1]
            above.cells[0] = Cell(f"{above.cells[0].text} {filled[0].text}", above.cells[0].start, filled[0].end)
            above.end = row.end
            continue
        if (
            merged
            and row.cells
            and not row.cells[0].text
            and filled
            and not _has_figures(row)
            and len(filled) <= max(1, len(row.cells) // 2)
            and not _has_figures_only_after(merged[-1])
        ):
            above = merged[-1]
            for index, cell in enumerate(row.cells):
                if not cell.text:
                    continue
                if index < len(above.cells) and above.cells[index].text:
                    target = above.cells[index]
                    target.text = target.text + " " + cell.text
                    target.end = cell.end
                elif index < len(above.cells):
                    above.cells[index] = Cell(cell.text, cell.start, cell.end)
            above.end = row.end
            continue
        merged.append(row)
    return merged


def _has_figures_only_after(row: Row) -> bool:
    return False


def _caption(lines: list[Line], index: int) -> str:
    """The nearest non-empty line above line ``index``, when it reads as a caption."""
    for back in range(index - 1, max(-1, index - 4), -1):
        text = lines[back].text
        if not text:
            continue
        if _CAPTION.match(text) or (len(text) <= 200 and not text.endswith(".") and "\t" not in text):
            return text.lstrip("# ").strip()
        return ""
    return ""


def delimited_tables(text: str) -> list[Table]:
    lines = text_lines(text)
    line_index = {line.start: i for i, line in enumerate(lines)}
    tables: list[Table] = []
    for block in _delimited_blocks(text, lines):
        used = _header_rows(block)
        width = max(len(r.cells) for r in block)
        previous = tables[-1] if tables else None
        if used == 0:
            gap = text[previous.end : block[0].start] if previous else ""
            if previous is not None and previous.layout == "delimited" and width == previous.width and len(gap.strip()) <= 200:
                previous.rows.extend(_body(block, previous.header))
                previous.end = block[-1].end
                continue
            if len(block) < 2:
                continue
            header = [Cell("", 0, 0) for _ in range(width)]
            table = Table(header, _body(block, header), block[0].start, block[-1].end, "delimited")
        else:
            header = _join_header(block[:used], width)
            body = _body(block[used:], header)
            if previous is not None and previous.layout == "delimited" and [c.text for c in previous.header] == [c.text for c in header]:
                gap = text[previous.end : block[0].start]
                if len(gap.strip()) <= 400:
                    previous.rows.extend(body)  # the header repeated after a page break
                    previous.end = block[-1].end
                    continue
            caption = _caption(lines, line_index.get(block[0].start, 0))
            table = Table(header, body, block[0].start, block[-1].end, "delimited", caption)
        tables.append(table)
    return tables


def _body(rows: list[Row], header: list[Cell]) -> list[Row]:
    names = [c.text for c in header]
    body = [r for r in rows if [c.text for c in r.cells] != names]  # repeated header rows
    body = _merge_continued(body)
    for row in body:
        first = next((c.text for c in row.cells if c.text), "")
        row.total = bool(_TOTAL.match(first))
    return body


# ----------------------------------------------------------------------------- flattened


def _is_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


def _header_run(lines: list[Line], index: int) -> tuple[int, list[Role], list[Line]] | None:
    """A header of a flattened table starting at line ``index``: its end and column roles."""
    first = lines[index].text
    if len(first) > MAX_HEADER_LINE or role_of(first) is None:
        return None  # a header opens with a column name
    following = next((l.text for l in lines[index + 1 : index + 3] if l.text), "")
    if _is_title(first) and not _is_title(following) and role_of(following) is not None:
        return None  # "INDICADORES Y METAS DEL …" in capitals above mixed-case column names is the caption
    run: list[Line] = []
    cursor = index
    while cursor < len(lines) and len(run) < MAX_HEADER_LINES:
        line = lines[cursor]
        if not line.text:
            cursor += 1
            continue
        if len(line.text) > MAX_HEADER_LINE or "\t" in line.text or _is_pipe(line.text) or CODE.match(line.text):
            break
        if _CAPTION.match(line.text) or _STOP.match(line.text):
            break  # a caption or a source line names the table; it is not one of its columns
        if run and INDICATOR_START.match(line.text) and coverage(line.text) < 0.5 and len(segment(" ".join(l.text for l in run))) >= 3:
            break  # "N° de personas …" after a full header is the first row's name
        if is_figure(line.text) and not _YEAR_ONLY.match(line.text) and line.text.strip() not in {"%", "(%)"}:
            break
        if re.search(r"\d[\d,.]*\s+\d", line.text) and not _YEAR_ONLY.search(line.text):
            break
        run.append(line)
        cursor += 1
    if len(run) < 2:
        return None
    roles = _run_roles(run) or _series_roles(run, _caption(lines, index))
    if roles is None:
        # "Indicador", "2019", "2022", "PEA (personas)": the header ends with its years, and
        # the first row's name, which no column role stops, was read on into it
        end = next((k for k in range(3, len(run)) if _YEARS_ONLY.match(run[k - 1].text.strip()) and not _YEARS_ONLY.match(run[k].text.strip())), None)
        if end is None or (roles := _series_roles(run[:end], _caption(lines, index))) is None:
            end = _named_prefix(run)
            if end is None or (roles := _run_roles(run[:end])) is None:
                return None
        cursor = next(i for i in range(index, len(lines)) if lines[i].start == run[end].start)
        run = run[:end]
    first_row = [l for l in lines[cursor : cursor + 6] if l.text][:3]
    return cursor, _with_link_column(_split_baseline_year(roles, run), run, first_row), run


def _named_prefix(run: list[Line]) -> int | None:
    """Where a header ends when the first row's text cells ("Bolsa de Trabajo", "Personas
    colocadas …"), which no stop rule caught, were read on into it: at the first line that
    names no column, when each line before it names one by itself (a header with one column
    per line; a wrapped header, "UNIDAD DE" / "MEDIDA", is not cut this way)."""
    end = next((k for k, line in enumerate(run) if role_of(line.text) is None), len(run))
    if 3 <= end < len(run) and all(_column_name(line.text) for line in run[:end]):
        return end
    return None


def _column_name(text: str) -> bool:
    """Whether a line reads as a whole column name: capitalised, neither the wrapped start
    ("Unidad de") nor the wrapped rest ("de medida") of a longer one, nor a line of prose."""
    text = text.strip()
    if _SIGNED_NAME.match(text):
        # "% de avance", "(%) avance", "N° de personas": a sign opens a name, not a wrapped rest
        return not _DANGLING.search(text) and text[-1:] not in ",.;:"
    return bool(
        text[:1].isupper() and not _CONNECTOR.match(text) and not _DANGLING.search(text) and text[-1:] not in ",.;:"
    )


_SIGNED_NAME = re.compile(r"^(?:%|\(%\)|N[°º])\s*\w", re.IGNORECASE)


def _run_roles(run: list[Line]) -> list[Role] | None:
    """The column roles a header run names: a name (or code) column and a value column."""
    joined = " ".join(l.text for l in run)
    if coverage(joined) < MIN_COVERAGE:
        return None
    roles = segment(joined)
    names = {r.name for r in roles}
    if len(roles) < 3 or not names & set(VALUE_ROLES) or not names & (set(NAME_ROLES) | {"code"}):
        return None
    return roles


def _series_roles(run: list[Line], caption: str) -> list[Role] | None:
    """A header of a name column and bare years ("Indicador", "2019", "2022", "2025"): each
    year a column of the values :func:`year_role` says the years hold."""
    years = 0
    while years < len(run) and _YEARS_ONLY.match(run[len(run) - 1 - years].text.strip()):
        years += 1
    head = run[: len(run) - years]
    if years < 2 or not head:
        return None
    joined = " ".join(l.text for l in head)
    if coverage(joined) < MIN_COVERAGE:
        return None
    roles = segment(joined)
    names = {r.name for r in roles}
    if not names & set(NAME_ROLES):
        return None
    role = year_role(caption, names & set(VALUE_ROLES), bool(names & {"indicator", "name"}))
    if role is None:
        return None
    return roles + [Role(role, l.text.strip().replace(" ", ""), l.text) for l in run[len(head) :]]


def _split_baseline_year(roles: list[Role], run: list[Line]) -> list[Role]:
    """ "Línea de base" and "Año" on two header lines are two columns, the value and its year,
    though their words joined name the year's column alone."""
    for before, line in zip(run, run[1:]):
        first, second = role_of(before.text), role_of(line.text)
        if first is None or second is None or first.name != "baseline" or second.name != "period" or second.period:
            continue
        joined = " ".join(fold(f"{before.text} {line.text}").split())
        at = next((i for i, r in enumerate(roles) if r.name == "baselineYear" and " ".join(r.header.split()) == joined), None)
        if at is not None:
            return [*roles[:at], first, Role("baselineYear", None, line.text), *roles[at + 1 :]]
    return roles


def _with_link_column(roles: list[Role], run: list[Line], first_row: list[Line]) -> list[Role]:
    """A header line that names no role right after the name column ("Vinculado a", "Objetivo
    al que aporta") holds the code of what the row's element belongs to: a second code column,
    when the first row bears it out (its code, its name, then a code of another kind)."""
    if not any(r.name == "code" for r in roles) or len(first_row) < 3:
        return roles
    code, name, link = first_row
    if not (CODE.match(code.text) and not CODE.match(name.text) and _links_elsewhere(code, link)):
        return roles
    for before, line in zip(run, run[1:]):
        name_role = role_of(before.text)
        if role_of(line.text) is None and coverage(line.text) == 0 and name_role is not None and name_role.name in NAME_ROLES:
            at = next((i for i, r in enumerate(roles) if r.name == name_role.name), None)
            if at is not None:
                return [*roles[: at + 1], Role("code", None, line.text), *roles[at + 1 :]]
    return roles




def _figures(line: Line, *, group: bool = False) -> list[Cell] | None:
    """The figures of a line made only of figures (and maybe a trailing short name);
    ``group`` joins digits grouped by spaces ("12 600") into one figure."""
    text = line.text
    tail_match = re.search(r"\s+([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9\-/]{1,20}(?:\s+[A-ZÁÉÍÓÚÑ0-9\-/]{2,20}){0,2})$", text)
    tail = None
    body = text
    if tail_match and not is_figure(tail_match.group(1)):
        body = text[: tail_match.start()]
        tail = Cell(tail_match.group(1), line.start + tail_match.start(1), line.start + tail_match.end(1))
    parts = [(m.group(0), m.start()) for m in re.finditer(r"\S+", body)]
    if not parts:
        return None
    tokens: list[tuple[str, int]] = []
    for part, offset in parts:
        # "S/" alone before a number belongs to it; "%" alone after one belongs to it.
        if tokens and tokens[-1][0] in {"S/", "S/.", "US$", "USD"}:
            tokens[-1] = (tokens[-1][0] + " " + part, tokens[-1][1])
            continue
        if part == "%" and tokens:
            tokens[-1] = (tokens[-1][0] + " %", tokens[-1][1])
            continue
        tokens.append((part, offset))
    if not all(is_figure(t) or t in {"S/", "S/."} for t, _ in tokens):
        return None
    if group:
        tokens = _group_thousands(tokens)
    cells = [Cell(t, line.start + o, line.start + o + len(t)) for t, o in tokens]
    if tail is not None:
        cells.append(tail)
    return cells


def _group_thousands(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Joins "12 000" written with a space into one figure: a 1-3 digit group followed by
    groups of exactly three digits (the last may carry decimals)."""
    grouped: list[tuple[str, int]] = []
    for text, offset in tokens:
        if (
            grouped
            and re.fullmatch(r"\d{3}(?:[.,]\d{1,2})?", text)
            and re.fullmatch(r"(?:(?:S/\.?|US\$|USD)\s*)?\d{1,3}(?: \d{3})*", grouped[-1][0])
        ):
            grouped[-1] = (grouped[-1][0] + " " + text, grouped[-1][1])
            continue
        grouped.append((text, offset))
    return grouped


# Two or more figures closing a line of text.
_TRAILING_FIGURES = re.compile(
    r"(?:\s+(?:(?:S/\.?|US\$)\s*)?[-+]?\d[\d,.]*\s?%?){2,}(?:\s+[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9\-/]{1,20})?\s*$"
)


def _is_figure_free(text: str) -> bool:
    return not re.search(r"\d[\d,.]*\s*%?\s*$", text)


def _ends_table(line: Line) -> bool:
    text = line.text
    return bool(
        _STOP.match(text)
        or _CAPTION.match(text)
        or len(text) > LONG_LINE
        or (len(text) > 90 and text.endswith(".") and not CODE.match(text))
    )


def flattened_tables(text: str, taken: list[tuple[int, int]]) -> list[Table]:
    """Tables printed one cell per line, outside the spans already ``taken``."""
    lines = text_lines(text)
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text or any(a <= line.start < b for a, b in taken):
            index += 1
            continue
        found = _header_run(lines, index)
        if found is None:
            grid = _named_grid(lines, index)
            if grid is not None:
                tables.append(grid[0])
                index = grid[1]
                continue
            index += 1
            continue
        body_start, roles, header_lines = found
        table, index = _read_flattened(text, lines, index, body_start, roles, header_lines)
        if table is not None:
            tables.append(table)
    return tables


_GRID_COLUMNS = range(3, 9)


def _grid_name(text: str) -> bool:
    """A short line of words that may name a column or a row: no figure, no sentence."""
    return bool(text) and len(text) <= MAX_HEADER_LINE and not is_figure(text) and not text.endswith((".", ":", ";")) and bool(
        re.search(r"[^\W\d_]{2}", text)) and not _CAPTION.match(text) and not _STOP.match(text) and not _PAGE.match(text)


def _named_grid(lines: list[Line], index: int) -> tuple[Table, int] | None:
    """A table printed one cell per line whose column names no column role knows ("Provincia",
    "PEA ocupada", "Tasa de informalidad (%)"), found by its rows instead: k short names, then
    rows of a name and k - 1 figures, at least two of them. The header repeated after a page
    break, and the page's running title and number, are skipped. None when the lines after
    ``index`` do not repeat that shape."""
    names: list[Line] = []
    cursor = index
    while cursor < len(lines) and lines[cursor].text and _grid_name(lines[cursor].text) and len(names) <= max(_GRID_COLUMNS):
        names.append(lines[cursor])
        cursor += 1
    # The names run on into the first row's name, and a figure follows it: the header is every
    # name but the last, so the width is fixed by the run (a longer run cannot be a header).
    width = len(names) - 1
    if width not in _GRID_COLUMNS or cursor >= len(lines) or not is_figure(lines[cursor].text):
        return None
    header = names[:width]
    texts = {l.text for l in header}
    rows: list[Row] = []
    at = index + width
    end = header[-1].end
    while at < len(lines):
        line = lines[at]
        if not line.text or _PAGE.match(line.text) or line.text in texts or _running_title(lines, at, texts):
            at += 1
            continue
        cells = [lines[k] for k in range(at, min(at + width, len(lines)))]
        if len(cells) < width or not _grid_name(cells[0].text) or not all(is_figure(c.text) for c in cells[1:]):
            break
        rows.append(Row([Cell(c.text, c.start, c.end) for c in cells], cells[0].start, cells[-1].end,
                        total=bool(_TOTAL.match(cells[0].text))))
        end = cells[-1].end
        at += width
    if len(rows) < 2:
        return None
    table = Table([Cell(l.text, l.start, l.end) for l in header], rows, header[0].start, end, "flattened", _caption(lines, index))
    return table, at


def _running_title(lines: list[Line], index: int, header_texts: set[str]) -> bool:
    """Whether line ``index`` is a page's running title or footer inside a table: set apart by
    blank lines and touching a page-number line, or standing alone just before the repeated
    header (cleaning takes the page number away). A cell just before a page break has no blank
    line above it, since a flattened table's cells follow each other line by line."""
    before = lines[index - 1] if index > 0 else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    if before is not None and _PAGE.match(before.text) and (after is None or not after.text):
        return True
    if before is None or before.text or after is None:
        return False
    if _PAGE.match(after.text):
        return True
    following = next((l.text for l in lines[index + 1 :] if l.text), None)
    return not after.text and following in header_texts


def _read_flattened(
    text: str, lines: list[Line], header_index: int, cursor: int, roles: list[Role], header_lines: list[Line]
) -> tuple[Table | None, int]:
    value_columns = [i for i, r in enumerate(roles) if r.kind is not None or r.name == "baselineYear"]
    first_value = value_columns[0] if value_columns else len(roles)
    last_value = value_columns[-1] if value_columns else len(roles) - 1
    leading = list(range(first_value))
    trailing = list(range(last_value + 1, len(roles)))
    has_code = any(roles[i].name == "code" for i in leading)
    # a code column whose header names no role: the link column _with_link_column found
    linked = any(roles[i].name == "code" and role_of(roles[i].header) is None for i in leading)
    header_texts = {l.text for l in header_lines}
    rows: list[Row] = []
    current: dict[str, list] = {"text": [], "figures": [], "trailing": []}
    end = header_lines[-1].end

    def close() -> None:
        if current["text"] or current["figures"]:
            row = _assemble(roles, leading, value_columns, trailing, current, has_code)
            if row is not None:
                rows.append(row)
        current["text"], current["figures"], current["trailing"] = [], [], []

    index = cursor
    while index < len(lines):
        line = lines[index]
        if not line.text or _PAGE.match(line.text):
            index += 1
            continue
        if line.text in header_texts or _running_title(lines, index, header_texts):
            # The header repeated after a page break, or the page's running title: skip it.
            index += 1
            continue
        if "\t" in line.text or _is_pipe(line.text) or _ends_table(line):
            break
        if not CODE.match(line.text) and _is_figure_free(line.text) and _header_run(lines, index) is not None:
            break  # the header of the next table
        figures = _figures(line)
        code = CODE.match(line.text)
        if figures is None:
            # "AEI.03.05 Name of the action 1,250,000.00 1,100,500.00 88.0%": a row on one line.
            split = _TRAILING_FIGURES.search(line.text)
            if split and re.search(r"[A-Za-zÁÉÍÓÚáéíóú]{3}", line.text[: split.start()]):
                head = Line(line.text[: split.start()].rstrip(), line.start, line.start + len(line.text[: split.start()].rstrip()))
                tail = Line(line.text[split.start() :].strip(), line.start + split.start() + (len(split.group(0)) - len(split.group(0).lstrip())), line.end)
                lines[index : index + 1] = [head, tail]
                continue
        if figures is not None:
            if current["figures"] and sum(len(g) for _, g in current["figures"]) >= len(value_columns):
                close()  # a row of figures only, after a full one: a new row
            current["figures"].append((figures, _figures(line, group=True)))
            end = line.end
            index += 1
            continue
        if code and linked and not current["figures"] and current["text"] and _links_elsewhere(current["text"][0], line):
            pass  # "OE.1" after an indicator's code and name: the link column's cell, not a new row
        elif code and (current["figures"] or current["text"]):
            close()
        elif current["figures"]:
            # After the figures: a short line fills a trailing column, else a new row starts.
            if trailing and len(current["trailing"]) < len(trailing) and len(line.text) <= 60 and not INDICATOR_START.match(line.text):
                if not has_code or not code:
                    current["trailing"].append(Cell(line.text, line.start, line.end))
                    end = line.end
                    index += 1
                    continue
            close()
        current["text"].append(line)
        end = line.end
        index += 1
    close()
    if not rows:
        return None, cursor
    header = [Cell(r.header, header_lines[0].start, header_lines[-1].end) for r in roles]
    caption = _caption(lines, header_index)
    table = Table(header, rows, header_lines[0].start, end, "flattened", caption, roles=list(roles))
    return table, index


def _code_kind(text: str) -> str:
    match = CODE.match(text)
    return re.sub(r"[^A-Za-z]", "", match.group("code")).upper() if match else ""


def _links_elsewhere(first: Line, line: Line) -> bool:
    """Whether ``line`` is a code of another kind than the one that opened the row."""
    opened = _code_kind(first.text)
    return bool(opened) and _code_kind(line.text) not in ("", opened)


# A unit of measure printed on its own line: a few words, no figures, no sentence.
_UNIT_LINE = re.compile(r"^(?!.*\d)[^\s.;:]+(?:\s+[^\s.;:]+){0,3}$")
_CODE_COLUMN = {"OEI": "objective", "OE": "objective", "AEI": "action", "AE": "action", "ACT": "activity", "AOI": "activity"}


class _NoCode(dict):
    def __getitem__(self, key: str) -> str:
        return ""


_NO_CODE = _NoCode()


def _assemble(roles, leading, value_columns, trailing, current, has_code) -> Row | None:
    cells = [Cell("", 0, 0) for _ in roles]
    texts: list[Line] = list(current["text"])
    typed_name: str | None = None  # what the row's code numbers: "objective", "action" …
    if has_code and texts:
        code_column = next(i for i in leading if roles[i].name == "code")
        match = CODE.match(texts[0].text)
        if match:
            first = texts[0]
            cells[code_column] = Cell(match.group("code"), first.start, first.start + len(match.group("code")))
            typed_name = _CODE_COLUMN.get(match.group("code")[:3].upper().rstrip(" .-_0123456789"))
            rest = first.text[match.end() :]
            if rest:
                texts[0] = Line(rest, first.start + match.end(), first.end)
            else:
                texts = texts[1:]
        names = [i for i in leading if i != code_column]
    else:
        names = list(leading)
    if names and texts:
        groups: dict[int, list[Line]] = {i: [] for i in names}
        free = list(names)
        if len(free) > 1 and CODE.fullmatch(texts[0].text + " "):
            # A code alone on its line names the row of the first column ("OEI.01").
            groups[free.pop(0)].append(texts.pop(0))
        typed_column = next((i for i in free if roles[i].name == typed_name), None)
        if typed_name is not None and typed_column is None:
            # No column of its kind: a "Descripción" column names coded elements.
            typed_column = next((i for i in free if roles[i].name in ("name", "objective", "action", "activity", "intervention")), None)
        indicator_column = next((i for i in free if roles[i].name == "indicator"), None)
        unit = free[-1] if len(free) > 1 and roles[free[-1]].name == "measureUnit" else None
        if (
            len(free) > 1 and len(texts) == len(free) and typed_column is None
            and all(l.text[:1].isupper() or l.text[:1].isdigit() for l in texts[1:])
            and not any(_DANGLING.search(l.text) for l in texts[:-1])
        ):
            # As many lines as name columns ("Indicador", "Servicio"), none the wrapped rest
            # of the line before: one line each.
            for column, line in zip(free, texts):
                groups[column].append(line)
            texts = []
        elif typed_column is not None and not any(INDICATOR_START.match(l.text) for l in texts):
            # "OEI.02 / Promover …": a coded objective or action names itself, not an indicator.
            groups[typed_column].extend(texts)
            texts = []
        elif unit is not None and len(texts) >= 2 and _UNIT_LINE.match(texts[-1].text):
            # "Porcentaje", "Persona", "N° de trámites" after the indicator's name: its unit.
            groups[free.pop()].append(texts.pop())
        if texts and unit is not None and indicator_column is not None and not any(INDICATOR_START.match(l.text) for l in texts):
            groups[indicator_column].extend(texts)
        elif texts and len(free) == 1:
            groups[free[0]].extend(texts)
        elif texts:
            # The line that opens like an indicator ("N° de …") starts the indicator column;
            # the lines before it belong to the column before that.
            indicator = next((i for i in free if roles[i].name == "indicator"), None)
            split = next((n for n, l in enumerate(texts) if INDICATOR_START.match(l.text)), None)
            if indicator is not None and split is not None:
                before = [i for i in free if i < indicator]
                target = before[-1] if before else indicator
                for text_line in texts[:split]:
                    # A line that opens with a code goes to the column of what the code numbers
                    # ("OEI 2 …" to the objective column, "AEI 2.1 …" to the action column).
                    typed = _CODE_COLUMN.get((CODE.match(text_line.text) or _NO_CODE)["code"][:3].upper().rstrip(" .0123456789"))
                    if typed is not None:
                        target = next((i for i in before if roles[i].name == typed), target)
                    groups[target].append(text_line)
                groups[indicator].extend(texts[split:])
            else:
                groups[free[-1]].extend(texts)
        for column, group in groups.items():
            if group:
                cells[column] = Cell(" ".join(" ".join(l.text for l in group).split()), group[0].start, group[-1].end)
    # "12 600" may be one figure or two: the reading whose count fills the value columns.
    lines: list[tuple[list[Cell], list[Cell]]] = current["figures"]
    ungrouped = [c for plain, _ in lines for c in plain]
    grouped = [c for _, joined in lines for c in joined]
    plain = sum(is_figure(c.text) for c in ungrouped)
    figures = ungrouped if plain == len(value_columns) else grouped
    extra: list[Cell] = []
    if figures and not is_figure(figures[-1].text) and trailing:
        extra = [figures[-1]]
        figures = figures[:-1]
    for column, cell in zip(value_columns, figures):
        cells[column] = cell
    for column, cell in zip(trailing, extra + current["trailing"]):
        cells[column] = cell
    filled = [c for c in cells if c.text]
    if not filled:
        return None
    start = min(c.start for c in filled)
    end = max(c.end for c in filled)
    first_text = next((c.text for c in cells if c.text), "")
    return Row(cells, start, end, total=bool(_TOTAL.match(first_text)))


# ----------------------------------------------------------------------------- all


def find_tables(text: str) -> list[Table]:
    """Every table of a cleaned text, in document order (shared: do not modify them)."""
    return list(_find_tables(text))


@lru_cache(maxsize=8)  # several extractors ask for the same document's tables
def _find_tables(text: str) -> tuple[Table, ...]:
    tables = delimited_tables(text)
    taken = [(t.start, t.end) for t in tables]
    tables.extend(flattened_tables(text, taken))
    return tuple(sorted(tables, key=lambda t: t.start))
