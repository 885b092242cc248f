"""Facts from tables, driven by what their headers say.

Every table of the document comes from :mod:`quipu.ingest.table`, whatever its layout;
each column's role comes from the words of its header through the column-role scheme
(``ontology/columns.ttl``). Nothing here names a layout, a document or a row label.
A row of a table whose header has a name column and a value or link column gives:

* **what the row is about**: a coded element (``OEI.01`` is a strategic objective,
  ``AEI.01.02`` an action that is part of it, ``IND.03`` an indicator, see
  :mod:`.codes`), the indicator of an *Indicador* column, the objective or action of an
  *Objetivo*/*Acción* column (a spanned cell carries down to the rows below it), the
  activity of an *Actividad* column, or the line of a *Descripción* column. Logic-matrix
  levels ("Fin", "Propósito", "Componente 2", "Actividad 2.1") type their row;
* **values**: one observation per value column (baseline, target, achieved, execution
  rate, cost, PIA, PIM, certified, accrued), dated by the column's header year, else by
  a baseline-year column, else by the caption's year; a rate must be a percentage;
  budget and cost columns are soles unless the cell says otherwise;
* **links**: the indicator ``measures`` the action, objective or activity of its row;
  an action is ``partOf`` its objective (by code, else the objective carried down); the
  *Responsable* cell gives ``responsibleUnit`` links to the institutions it names; a
  *Región* cell gives ``operatesIn``.

Totals rows and rows without a name are skipped. Every fact cites its row and carries
its rule: the IRI of the column role that produced it.
"""

from __future__ import annotations

import re

from quipu.core.text import fold
from quipu.ingest.columns import NAME_ROLES, ROLE_NAMESPACE, Role, coverage, segment
from quipu.ingest.facts import RULES, Entity, EntityType, Facts, Link, LinkPredicate, Observation, ObservationKind, Span
from quipu.ingest.models import Document
from quipu.ingest.table import Cell, Row, Table, find_tables, is_figure

from . import gazetteer
from .codes import Code, code_forms, document_scope, parse_code, scoped_key, tier_code
from .entities import add_entity, classify
from .record import add_attribute, add_link, add_mention, add_observation, document_span, label_of, normalise_name
from .spans import passage_index
from .topic import topic
from .values import leading_value, parse_value

RULE = RULES
# Levels of a logic matrix that open a row's name, and the element each one is.
# A row that only names a level of a logic matrix or results chain.
_LEVEL_ROW = re.compile(
    r"^(?:<b>)?(?:fin|proposito|resultados?\s+(?:final(?:es)?|intermedios?|especificos?)|productos?|actividades|componentes?|"
    r"objetivo\s+general|objetivos\s+especificos)(?:</b>)?$"
)
# A caption's numbering and what follows the name of what it shows.
_CAPTION_PREFIX = re.compile(r"^(?:#+\s*)?(?:cuadro|tabla|table|matriz|anexo)\s*(?:N[°º]\s*)?[\dIVX]*\s*[.:\-–]?\s*", re.IGNORECASE)
_CAPTION_TAIL = re.compile(r",\s*(?:por|seg[uú]n|a\s+nivel|en\s+el|del?\s+periodo|a[ñn]o|periodo|\d{4})\b|\s+\(", re.IGNORECASE)
# A caption about the indicators or targets of something named after it.
# ("Matriz de indicadores y metas 2026-2028 de la BME": years may stand between).
_OF_SUBJECT = re.compile(
    r"\b(?:indicadores|metas|resultados|logros|indicators)\s+(?:(?:[a-záéíóúñ]+|(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?)\s+){0,3}?(?:del?|de\s+la|of)\b",
    re.IGNORECASE,
)
# The line of a project's budget that pays for running it, beside its components or results.
_MANAGEMENT_LINE = re.compile(
    r"^(?:gesti[oó]n|administraci[oó]n|coordinaci[oó]n)(?:\s+del?\s+(?:proyecto|programa))?\s*(?:,|y|e|\s)\s*(?:(?:seguimiento|monitoreo|evaluaci[oó]n|coordinaci[oó]n)\b[\s,ye]*)+",
    re.IGNORECASE,
)
_MONEY_KINDS = {"cost", "budgetOpening", "budgetModified", "budgetCertified", "budgetAccrued"}
_EMPTY = {"", "-", "—", "–", "n/a", "na", "nd", "s/i", "s/d"}
_SPLIT_UNITS = re.compile(r"\s*(?:/|,|;)\s*")
_AND = re.compile(r"\s+(y|e)\s+")
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9\-]{1,11}\b")


def _units(text: str) -> list[str]:
    """The units a *Responsable* cell names: parted by "/", "," or ";", and by "y" only where
    an acronym or a body's name follows ("DPEFP y OA"), so "Cámara de Comercio y Producción"
    stays one name."""
    units: list[str] = []
    for part in _SPLIT_UNITS.split(text):
        pieces = _AND.split(part)  # text, conjunction, text, …
        current = pieces[0]
        for conjunction, piece in zip(pieces[1::2], pieces[2::2]):
            if _ACRONYM.match(piece) or classify(piece) is not None:
                units.append(current)
                current = piece
            else:
                current = f"{current} {conjunction} {piece}"
        units.append(current)
    return units
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# The period a column header dates its figures by: "2027", "II trim. 2027", "al I semestre 2026".
_HEADER_PERIOD = re.compile(
    r"(?:\b(?:al\s+)?(?:I|II|III|IV|1er|2do|3er|4to)\.?\s+(?:trim(?:estre)?|sem(?:estre)?)\.?\s*)?\b(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
_YEARS = re.compile(r"\b((?:19|20)\d{2})(?:\s?[-–]\s?((?:19|20)\d{2}))?\b")
MAX_NAME = 400


def role_rule(role: Role) -> str:
    return ROLE_NAMESPACE + role.name


def extract(document: Document, facts: Facts) -> None:
    """Indicators, plan elements, their values and links from the document's tables."""
    scope = document_scope(document, facts)
    for table in find_tables(document.text):
        if table.meaningful:
            _Reader(document, facts, table, scope).read()
        if columns := indicator_columns(table):
            # a table by place or by year: its columns without a role are indicators
            _Reader(document, facts, table, scope).read_by_period(columns)


# "Total del programa X", "Total PRE", "TOTAL DEL PROYECTO «X»": what a totals row is the total of.
_TOTAL_OF = re.compile(
    r"^total(?:\s+general)?\s+(?:(?:del?|de\s+la)\s+)?(?:(?:programa|proyecto|servicio)\s+)?[«\"“]?(.+?)[»\"”]?\s*:?$",
    re.IGNORECASE,
)
_BASELINE_TITLE = re.compile(r"\bl[ií]nea\s+de\s+base\b", re.IGNORECASE)
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def baseline_study(document: Document) -> str | None:
    """The year of a baseline study ("Estudio de Línea de Base del Proyecto X", dated 2027),
    read from its title, else its first lines; None when the document is no baseline study."""
    lines = [line.strip() for line in document.text[:1500].splitlines() if line.strip()]
    title = document.meta.title or (lines[0] if lines else "")
    if not _BASELINE_TITLE.search(title):
        return None
    for text in [title, *lines[:4]]:
        year = _TITLE_YEAR.search(text)
        if year:
            return year.group(1)
    return ""  # a baseline study whose year the opening does not say


def period_column(table: Table) -> int | None:
    """The column of years a table's rows are: headed "Año"/"Periodo", or the first column
    when every row starts with a year."""
    column = table.column("period")
    if column is not None:
        return column
    firsts = [row.text(0).strip() for row in table.rows if not row.total]
    return 0 if len(firsts) >= 2 and all(_YEARS.fullmatch(text) for text in firsts) else None


def indicator_columns(table: Table) -> list[int]:
    """In a table without value columns whose rows are years ("Año | Jóvenes inscritos |
    Mujeres insertadas (%)") or named things ("Curso | Provincia | Participantes | Colocados"),
    the columns whose header names what is counted, no column role, and whose cells are
    figures: each column is an indicator and each row its value in that year, or for that
    course, place or service. A table of named rows needs two such columns, so a list with
    one column of page numbers or amounts is not read as an indicator."""
    by = period_column(table)
    if by is None and not _named_rows(table):
        return []
    found = []
    for column, role in enumerate(table.roles):
        header = table.header[column].text if column < len(table.header) else ""
        if column == by or role is not None or not re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]{3}", header) or is_figure(header):
            continue
        if _ORDINAL_HEADER.match(fold(header).strip()):
            continue
        filled = [row.text(column) for row in table.rows if not row.total and fold(row.text(column)) not in _EMPTY]
        if filled and sum(is_figure(text) for text in filled) >= 0.8 * len(filled):
            found.append(column)
    return found if by is not None or len(found) >= 2 else []


# Headers of columns that number or date rows rather than count anything.
_ORDINAL_HEADER = re.compile(r"^(?:n[°º.]?|nro\.?|num(?:ero)?\.?|item|pag(?:ina)?\.?|codigo|cod\.?|orden|ano|anio|year|page)$")


def _named_rows(table: Table) -> bool:
    """Whether the table's rows open with a name (a course, a place, a service) and no column
    names indicators or elements (a value column beside them, "Inversión devengada", may be
    there): the first cell of most rows holds words, not a figure."""
    if table.columns(*NAME_ROLES, "code", "tier"):
        return False
    firsts = [row.text(0).strip() for row in table.rows if not row.total]
    named = [text for text in firsts if re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]{3}", text) and not is_figure(text)]
    return len(firsts) >= 2 and len(named) >= 0.8 * len(firsts)


# What a funder may fund, and the budget sources that are no body ("Recursos ordinarios",
# "Recursos directamente recaudados", "RO", "RDR", "Donaciones y transferencias").
_FUNDED = ("programme", "service", "activity")
_FUNDING_KIND = re.compile(
    r"^(?:recursos?\b|RO$|RDR$|ROOC$|donaciones\b|canon\b|tesoro\b|fondos?\s+propios|otros?\b)", re.IGNORECASE
)


# "Agencia X (AX)", "ONU Mujeres (recursos propios)": an acronym in brackets names the body,
# a remark in lower case says what kind of money it gave.
_BRACKETED = re.compile(r"^(?P<name>.+?)\s*\((?P<inside>[^()]{1,40})\)\s*$")


def _without_remark(name: str) -> str:
    match = _BRACKETED.match(name)
    if match is None:
        return name
    inside = match.group("inside").strip()
    return inside if re.fullmatch(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑa-z\-]{1,12}", inside) and inside[1:].isupper() else match.group("name")


# A service and what is counted of it, in one cell: "CUL: certificados emitidos".
_MEASURED = re.compile(r"^(?P<service>[^:]{2,60}?)\s*:\s+(?P<what>[a-záéíóúñ][^:]{3,})$")


def _known_intervention(facts: Facts, text: str) -> Entity | None:
    """The service or programme of the document (or the vocabulary) named ``text``, if any."""
    wanted = fold(text)
    return next(
        (e for e in facts.entities.values()
         if e.type in ("service", "programme") and wanted in {fold(n) for n in (e.label, *e.alt_labels)}),
        None,
    )


class _Reader:
    def __init__(self, document: Document, facts: Facts, table: Table, scope: str) -> None:
        self.document, self.facts, self.table, self.scope = document, facts, table, scope
        self.carried: dict[str, Entity] = {}  # objective / action carried down spanned cells
        caption_years = _YEARS.search(table.caption or "")  # "Metas 2024-2025": the span of years, not its first
        caption_period = caption_years and "-".join(y for y in caption_years.groups() if y)
        header_years = {r.period for r in table.roles if r is not None and r.period}
        self.period = caption_period or (header_years.pop() if len(header_years) == 1 else None)
        self._caption_indicator: Entity | None = None
        self.tier: str | None = None  # what the rows under a level row ("ACTIVIDADES") are
        self.government_level = _section_level(document, table.start)

    def read_by_period(self, columns: list[int]) -> None:
        """Each of ``columns`` (:func:`indicator_columns`) is an indicator; each row gives its value in the
        row's year (or, for rows that name things, in the caption's year, totals included, with
        the row's name as the value's breakdown), of
        the kind the caption names ("Metas …"), else achieved ("Resultados …"). What they
        measure is left unsaid: the caption names a topic, not each column's subject."""
        table = self.table
        by = period_column(table)
        named = [r for r in segment(table.caption) if r.kind is not None] if table.caption else []
        study = baseline_study(self.document)
        # a baseline study observes the baseline: "Tasa de ocupación" by province is where things start
        role = named[0] if named else Role("baseline", study or None, "") if study is not None else Role("achieved", None, "")
        assert role.kind is not None
        for column in columns:
            header = table.header[column]
            name, dated = header.text, None
            if by is None and (period := _HEADER_PERIOD.search(header.text)):
                # "Colocados II trim. 2026 | Colocados II trim. 2027": one indicator, two years
                name = (header.text[: period.start()] + " " + header.text[period.end() :]).strip()
                dated = Role(role.name, period.group("year"), role.header, role.part)
            label = label_of(normalise_name(name))
            indicator = self.facts.entity(scoped_key("indicator", self.scope, label), "indicator", label)
            add_mention(indicator, document_span(self.document, header.start, header.end))
            if "%" in header.text:
                indicator.attributes.setdefault("unit", "percent")
            for row in table.rows:
                cell = row.cell(column)
                if cell is None or fold(cell.text) in _EMPTY:
                    continue
                if by is None:
                    part = self.row_name(row) or ("Total" if row.total else None)
                    self.value(row, indicator, cell, dated or role, role.kind, None, None, breakdown=part)
                    continue
                year = _YEARS.fullmatch(row.text(by).strip())
                if row.total or year is None:
                    continue
                self.value(row, indicator, cell, role, role.kind, None, year.group(0).replace(" ", ""))

    def row_name(self, row: Row) -> str | None:
        """The words that open a row by place, course or service ("Amazonas / Bagua"): its
        cells up to the first figure."""
        names: list[str] = []
        for cell in row.cells:
            if is_figure(cell.text):
                break
            if cell.text.strip():
                names.append(normalise_name(cell.text))
        return " / ".join(names) or None

    def read(self) -> None:
        for row in self.table.rows:
            if row.total:
                self.total(row)
            else:
                self.row(row)

    # ------------------------------------------------------------------ rows

    def row(self, row: Row) -> None:
        table = self.table
        if self.by_funder():
            funded = self.funded()
            if funded is not None:
                self.values(row, funded)
                self.funders(row, funded)
            return
        level = table.column("level")
        if level is not None and not row.text(level) and not row.text(table.column("code")):
            return  # a line of detail (a cost item) under the activity of the row above
        filled = [c.text for c in row.cells if c.text]
        if len(filled) == 1 and _LEVEL_ROW.match(fold(filled[0]).strip(" :")):
            # "ACTIVIDADES", "RESULTADO INTERMEDIO": the level of the rows that follow.
            self.tier = "activity" if fold(filled[0]).startswith("actividad") else "objective"
            return
        if len(filled) == 1 and self.group_row(row):
            return
        if len(filled) == 1 and self.level_row(row):
            return
        code_cell = row.cell(table.column("code"))
        code = parse_code(code_cell.text, short=True) if code_cell is not None and code_cell.text else None
        tier = row.text(table.column("tier"))
        tiered = tier_code(tier) if tier else None
        indicator_code: Code | None = None
        if tiered is not None and (code is None or code.type == "indicator"):
            # "Componente 1 | … | IC1.1 | indicator": the level keys the row's element and
            # the code column its indicator.
            indicator_code = code
            code, code_cell = tiered[0], row.cell(table.column("tier"))
        about: list[Entity] = []  # the row's elements, outermost first
        for other in table.columns("code"):
            # "AO 01 | Ferias … | AEI.03.01": a second code column names the action or objective
            # the row's element belongs to.
            cell = row.cell(other)
            # a column of codes: short ones ("C1") are codes there
            parent_code = parse_code(cell.text, short=True) if other != table.column("code") and cell is not None and cell.text else None
            if parent_code is not None and parent_code.type in ("objective", "action") and cell is not None:
                about.append(self.coded(parent_code, cell, "", row))
        for role in ("objective", "action", "activity", "name"):
            if role == "name" and code is not None and code.type == "indicator":
                continue  # "IND 3 | Certificados emitidos": the name is the indicator's
            cell = row.cell(table.column(role))
            if cell is None or not cell.text or is_figure(cell.text):
                continue
            named = about[-1] if about else None
            if role == "name" and named is not None and named.label == named.attributes.get("code"):
                # "OEI.02 | Promover el empleo …": the description names the coded element.
                parsed = parse_code(str(named.attributes["code"]), short=True)
                if parsed is not None:
                    self.coded(parsed, cell, normalise_name(cell.text), row)
                    continue
            entity = self.element(role, cell, code, row)
            if entity is not None:
                about.append(entity)
                if code is not None and entity.attributes.get("code") == code.canonical:
                    code = None  # the code named this element
        if code is not None and code.type != "indicator" and code_cell is not None:
            name_cell = row.cell(table.column("indicator"))
            if name_cell is not None and name_cell.text and not is_figure(name_cell.text) and not self.has_values(row):
                # "OEI.03 | Mejorar la empleabilidad …" with no figures, under an "Indicador"
                # header: the coded element's own name, not an indicator of it.
                entity = self.coded(code, name_cell, normalise_name(name_cell.text), row)
                about.append(entity)
                self.carried[entity.type] = entity
                if entity.type == "objective":
                    self.carried.pop("action", None)
                self.structure(about, row)
                return
            entity = self.coded(code, code_cell, "", row)
            about.append(entity)
            code = None
        served = self.intervention(row)
        measured = self.measured_in_cell(row, served) if served is not None else None
        if served is not None:
            about.append(served)
        for kind in ("objective", "action"):
            own = [e for e in about if e.type == kind]
            if own:
                self.carried[kind] = own[-1]
                if kind == "objective":
                    self.carried.pop("action", None)
        self.structure(about, row)
        indicator = self.indicator(row, indicator_code or code) or measured
        subject = indicator or (about[-1] if about else None)
        if subject is None and not about and self.nameless():
            subject = self.funded() or self.caption_indicator()
        if subject is None:
            return
        if indicator is not None:
            context = about or [self.carried[k] for k in ("intervention", "objective", "action") if k in self.carried]
            target = next((e for e in reversed(context) if e.type in ("action", "objective", "activity", "service", "programme")), None)
            if target is None:
                target = self.caption_subject()  # "Cuadro 1. Indicadores del Programa X"
            if target is not None:
                self.link(indicator, "measures", target, row, RULE + "table/row")
        self.values(row, subject)
        self.responsible(row, subject)
        self.funders(row, subject)
        self.regions(row, subject)

    def total(self, row: Row) -> None:
        """A totals row: of the programme or service it names ("Total del programa X", "Total
        PRE"); in a table of one indicator by region or year, that indicator's total; else the
        plan's, when the document's plan is known."""
        named = self.total_of(row)
        if named is not None:
            self.values(row, named)
            return
        if self.nameless() or self.by_funder():
            indicator = self.funded() or self.caption_indicator()
            if indicator is not None:
                self.values(row, indicator)
            return
        plan_key = "plan/" + self.scope.split("/", 1)[1]
        plan = self.facts.entities.get(plan_key)
        by_line = self.table.columns(*_MONEY_KINDS) and self.table.columns("intervention", "funder")
        # PIA / PIM / devengado by budget category or product: the execution of one budget
        by_category = self.table.columns(*(_MONEY_KINDS - {"cost"})) and self.table.columns("name")
        if plan is None and (by_line or by_category):
            # the total of a budget by line of intervention, by source or by category, with no
            # plan: of the programme the caption names or the document is about (a total of
            # cost items is not)
            plan = self.caption_subject() or topic(self.document, self.facts)
        if plan is not None:
            self.values(row, plan)

    def total_of(self, row: Row) -> Entity | None:
        """The programme or service a totals row names after "Total" ("Total del programa PRRLP",
        "Total PRE"), by its label, another name or its acronym; None when it names none."""
        first = next((cell.text for cell in row.cells if cell.text.strip()), "")
        named = _TOTAL_OF.match(" ".join(first.split()))
        if named is None:
            return None
        wanted = fold(named.group(1))
        for entity in self.facts.entities.values():
            if entity.type in ("programme", "service") and wanted in {fold(n) for n in (entity.label, *entity.alt_labels)}:
                return entity
        return None

    def funded(self) -> Entity | None:
        """In a budget by source (a funder column, no name column), what the money is for: the
        programme or service the caption names, else the one the document is about."""
        if self.table.column("funder") is None:
            return None
        return self.caption_subject() or topic(self.document, self.facts)

    def by_funder(self) -> bool:
        """A table of what each party gives ("Parte | Concepto del aporte | 2027 | 2028"): each
        row is a contribution to what the money is for (:meth:`funded`); a column of what the
        contribution consists of names no indicator."""
        return self.table.column("funder") is not None and bool(self.table.columns("name")) and not self.table.columns(
            "indicator", "objective", "action", "activity", "code", "tier", "intervention")

    def nameless(self) -> bool:
        """A table of values without a name column (rows by region or year): its values are
        of the indicator its caption names."""
        return not self.table.columns("indicator", "objective", "action", "activity", "name", "code", "tier", "intervention")

    def caption_subject(self) -> Entity | None:
        """The programme or service a caption says the table's indicators are of ("Indicadores
        del PRTE", "Metas del Servicio X"): the one named in the caption after "de"/"del"."""
        caption = self.table.caption or ""
        if not caption or not _OF_SUBJECT.search(caption):
            return None
        line_start = self.document.text.rfind(caption, 0, self.table.start)
        if line_start < 0:
            return None
        line_end = line_start + len(caption)
        named = [
            (m.start, e) for e in self.facts.entities.values() if e.type in ("programme", "service")
            for m in e.mentions if line_start <= m.start and m.end <= line_end
        ]
        return min(named, key=lambda n: n[0])[1] if named else None

    def caption_indicator(self) -> Entity | None:
        if self._caption_indicator is None:
            caption = _CAPTION_PREFIX.sub("", self.table.caption or "").strip()
            caption = _CAPTION_TAIL.split(caption)[0].strip(" .:,")
            if len(caption) < 8 or not re.search(r"[A-Za-zÁÉÍÓÚáéíóú]{4}", caption):
                return None
            label = label_of(caption)
            entity = self.facts.entity(scoped_key("indicator", self.scope, label), "indicator", label)
            line_start = self.document.text.rfind(self.table.caption, 0, self.table.start)
            if line_start >= 0:
                add_mention(entity, document_span(self.document, line_start, line_start + len(self.table.caption)))
            self._caption_indicator = entity
        return self._caption_indicator

    # ------------------------------------------------------------------ elements

    def element(self, role: str, cell: Cell, code: Code | None, row: Row) -> Entity | None:
        text = normalise_name(cell.text)
        own = parse_code(text)
        if own is not None and own.type != "indicator":
            code = own
            text = text[len(own.written) :].lstrip(" .:-–")
        else:
            tiered = tier_code(text)
            if tiered is not None and (code is None or code.type == tiered[0].type):
                code, text = tiered[0], tiered[1] or text
        if code is not None and code.type != "indicator":
            return self.coded(code, cell, text, row)
        if not re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]{3}", text) or len(text) > MAX_NAME or _is_header_text(text):
            return None
        # a row named by a service or programme the document already knows ("SECAJA" in a
        # "Componente" column of a budget): that one, not a new objective of the same name
        coded_row = bool(row.text(self.table.column("code")).strip())
        known = None if coded_row else _known_intervention(self.facts, text)
        if known is not None:
            add_mention(known, document_span(self.document, cell.start, cell.end))
            return known
        named_types: dict[str, EntityType] = {"objective": "objective", "action": "action", "activity": "activity"}
        type_ = named_types.get(role) or self.name_type(row)
        if role == "objective" and self.tier == "activity":
            type_ = "activity"  # an objective column's rows under "ACTIVIDADES"
        if type_ == "objective" and _MANAGEMENT_LINE.match(text):
            type_ = "activity"  # "Gestión, seguimiento y evaluación" beside the results: the project's running, no result
        if type_ is None:
            return None
        label = label_of(text)
        entity = self.facts.entity(scoped_key(type_, self.scope, label), type_, label)
        add_mention(entity, document_span(self.document, cell.start, cell.end))
        return entity

    def intervention(self, row: Row) -> Entity | None:
        """The service or programme a *Servicio*/*Programa* cell names: one the document or
        the vocabulary already knows by that name, else a new one of the kind its head noun
        or the column's header says."""
        cell = row.cell(self.table.column("intervention"))
        if cell is None or not cell.text or is_figure(cell.text) or fold(cell.text) in _EMPTY:
            return None
        text = normalise_name(cell.text)
        if not re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]{3}", text) or len(text) > MAX_NAME or _is_header_text(text):
            return None
        measured = _MEASURED.match(text)
        if measured is not None and self.table.column("indicator") is None:
            text = measured.group("service")  # "Bolsa de Trabajo: personas colocadas": the service is before the colon
        entity = _known_intervention(self.facts, text)
        if entity is None:
            header = fold(self.table.header[self.table.column("intervention") or 0].text)
            kind = classify(text)
            type_: EntityType = kind if kind in ("service", "programme") else (
                "programme" if re.search(r"program|proyect|project|intervenc|l[ií]nea", header) else "service")
            entity = add_entity(self.facts, type_, label_of(text))
        add_mention(entity, document_span(self.document, cell.start, cell.start + len(text) if measured else cell.end))
        return entity

    def group_row(self, row: Row) -> bool:
        """A row of one cell that names a service or programme (its head noun says so) heads
        the rows below: their indicators measure it, until the next such row."""
        cell = next(c for c in row.cells if c.text)
        text = normalise_name(cell.text)
        if is_figure(text) or len(text.split()) > 12 or parse_code(text, short=True) is not None:
            return False
        kind = classify(text)
        if kind not in ("service", "programme"):
            return False
        entity = add_entity(self.facts, kind, label_of(text))
        add_mention(entity, document_span(self.document, cell.start, cell.end))
        self.carried["intervention"] = entity
        return True

    def level_row(self, row: Row) -> bool:
        """A row of one cell that states a level of a logic matrix ("Propósito: la población
        rural accede a empleo temporal", "Componente 2: participantes formados") is that
        objective: the indicators below it measure it, until the next such row."""
        cell = next(c for c in row.cells if c.text)
        found = tier_code(cell.text)
        if found is None or found[0].type != "objective":
            return False
        code, rest = found
        statement = normalise_name(rest.strip(" :.-–"))
        if len(statement.split()) < 3:
            return False  # "Componente 1" alone, or a level word before a value: not a statement
        entity = self.coded(code, cell, statement[:1].upper() + statement[1:], row)
        self.carried["objective"] = entity
        self.carried.pop("action", None)
        self.carried.pop("intervention", None)
        return True

    def measured_in_cell(self, row: Row, served: Entity) -> Entity | None:
        """ "Bolsa de Trabajo: personas colocadas" in a *Servicio / indicador* column with no
        indicator column: the whole cell names an indicator of the service before the colon."""
        cell = row.cell(self.table.column("intervention"))
        if cell is None or self.table.column("indicator") is not None or not self.has_values(row):
            return None
        text = normalise_name(cell.text)
        if _MEASURED.match(text) is None:
            return None
        label = label_of(text)
        entity = self.facts.entity(scoped_key("indicator", self.scope, label), "indicator", label)
        add_mention(entity, document_span(self.document, cell.start, cell.end))
        self.link(entity, "measures", served, row, RULE + "table/row")
        return entity

    def name_type(self, row: Row) -> EntityType | None:
        """What a *Descripción* row is: an activity when it has values to hang on it."""
        if any(row.text(c) and is_figure(row.text(c)) for c in self.table.columns(*_MONEY_KINDS, "target", "achieved")):
            return "activity"
        return None

    def coded(self, code: Code, cell: Cell, name: str, row: Row) -> Entity:
        label = label_of(name) if re.search(r"[A-Za-zÁÉÍÓÚáéíóú]{3}", name or "") else code.canonical
        key = scoped_key(code.type, self.scope, code.canonical)
        entity = self.facts.entities.get(key)
        if entity is None:
            entity = self.facts.entity(key, code.type, label)
        elif entity.label == code.canonical and label != code.canonical:
            entity.alt_labels.add(entity.label)
            entity.label = label
        elif label != code.canonical and label != entity.label:
            _prefer_mixed_case(entity, label)
        entity.attributes.setdefault("code", code.canonical)
        entity.alt_labels.update(f for f in code_forms(code) if f != entity.label)
        add_mention(entity, document_span(self.document, cell.start, cell.end))
        return entity

    def structure(self, about: list[Entity], row: Row) -> None:
        """Actions part of their objective, activities part of their action or objective."""
        for index, entity in enumerate(about):
            parent: Entity | None = None
            code = entity.attributes.get("code")
            parsed = (parse_code(str(code), short=True) or (tier_code(str(code)) or (None,))[0]) if code else None
            # a parent the row names in a column of its own ("A.1.1 | … | OE.1") outranks the one its code implies
            stated = next((e for e in reversed(about[:index]) if e.type in ("objective", "action")), None)
            if stated is not None and entity.type in ("action", "activity") and stated.type != entity.type:
                parsed, parent = None, stated
            elif parsed is not None and parsed.parent:
                key = scoped_key("objective", self.scope, parsed.parent)
                parent = self.facts.entities.get(key)
                if parent is None:
                    parent = self.facts.entity(key, "objective", parsed.parent)
                    parent.attributes["code"] = parsed.parent
            elif entity.type == "action":
                parent = self.carried.get("objective")
            elif entity.type == "activity":
                parent = next((e for e in reversed(about) if e.type in ("action", "objective") and e is not entity), None)
            if parent is None or parent is entity or parent.type not in ("objective", "action"):
                continue
            if entity.type == "action" and any(
                l.subject == entity.key and l.predicate == "partOf" and l.object != parent.key for l in self.facts.links
            ):
                continue  # an action has one objective (skos:broader); the first one read holds
            self.link(entity, "partOf", parent, row, RULE + ("table/code" if parsed is not None and parsed.parent else "table/row"))

    def indicator(self, row: Row, code: Code | None) -> Entity | None:
        column = self.table.column("indicator")
        cell = row.cell(column)
        if cell is None or not cell.text or is_figure(cell.text):
            code_cell = row.cell(self.table.column("code"))
            if code is not None and code.type == "indicator" and code_cell is not None:
                name_cell = row.cell(self.table.column("name"))
                name = name_cell.text if name_cell is not None else ""
                return self.coded(code, code_cell, name, row)
            return None
        text = normalise_name(cell.text)
        own = parse_code(text)
        if own is not None and own.type == "indicator":
            code, text = own, text[len(own.written) :].lstrip(" .:-–")
        if not re.search(r"[A-Za-zÁÉÍÓÚáéíóúñÑ]{3}", text) or len(text) > MAX_NAME or _is_header_text(text):
            return None
        label = label_of(text)
        if code is not None and code.type == "indicator":
            entity = self.coded(code, cell, label, row)
        else:
            entity = self.facts.entity(scoped_key("indicator", self.scope, label), "indicator", label)
            add_mention(entity, document_span(self.document, cell.start, cell.end))
        unit = row.text(self.table.column("measureUnit"))
        if unit and fold(unit) not in _EMPTY:
            add_attribute(entity, "measure_unit", normalise_name(unit))
        means = row.text(self.table.column("means"))
        if means and fold(means) not in _EMPTY:
            add_attribute(entity, "means_of_verification", normalise_name(means))
        add_attribute(entity, "government_level", row.text(self.table.column("level")) or self.government_level)
        if re.match(r"^(%|porcentaje|tasa|proporci[oó]n)", label, re.IGNORECASE) or re.search(r"\(%\)", label):
            entity.attributes.setdefault("unit", "percent")
        elif re.match(r"^(n[°ºª]|nro\b|n[uú]mero|cantidad)", label, re.IGNORECASE):
            entity.attributes.setdefault("unit", "count")
        return entity

    # ------------------------------------------------------------------ values and links

    def has_values(self, row: Row) -> bool:
        """Whether any value column of the row holds something."""
        return any(
            role is not None and role.kind is not None and fold(row.text(column)) not in _EMPTY
            for column, role in enumerate(self.table.roles)
        )

    def values(self, row: Row, subject: Entity) -> None:
        table = self.table
        # The baseline's year may stand after its value ("Línea de base | Año").
        baseline_year: str | None = next(
            (row.text(c).strip() for c, r in enumerate(table.roles) if r is not None and r.name == "baselineYear"
             and _YEAR.fullmatch(row.text(c).strip())),
            None,
        )
        period_text = row.text(table.column("period"))
        row_period = period_text if _YEAR.search(period_text) else None
        for column, role in enumerate(table.roles):
            if role is None or (role.kind is None and role.name != "baselineYear"):
                continue
            cell = row.cell(column)
            if cell is None or fold(cell.text) in _EMPTY:
                continue
            if role.name == "baselineYear":
                if _YEAR.fullmatch(cell.text.strip()):
                    baseline_year = cell.text.strip()
                    continue
                kind: ObservationKind = "baseline"  # "386 (2020)": the value with its year
            else:
                assert role.kind is not None  # only value columns and baselineYear are read
                kind = role.kind
            self.value(row, subject, cell, role, kind, baseline_year, row_period, breakdown=role.part)

    def value(
        self, row: Row, subject: Entity, cell: Cell, role: Role, kind: ObservationKind,
        baseline_year: str | None, row_period: str | None, *, breakdown: str | None = None,
    ) -> None:
        money = kind in _MONEY_KINDS
        value = parse_value(cell.text, money=money)
        year = None
        if value is None:
            found = leading_value(cell.text)
            if found is None:
                return
            value, year, _ = found
        if money and value.unit == "percent":
            return  # a share of the total in an amount column, not an amount
        if kind == "executionRate":
            if value.unit is None:
                value = type(value)(value.raw, value.value, "percent")  # a % column states the unit once
            if value.unit != "percent":
                return
        unit = value.unit or ("PEN" if money else subject.attributes.get("unit") or "count")
        if kind == "baseline":
            period = year or role.period or baseline_year
        else:
            period = year or role.period or row_period or self.period
        add_observation(
            self.facts,
            Observation(
                indicator=subject.key,
                kind=kind,
                raw=value.raw,
                evidence=_cell_evidence(self.document, row, cell),
                value=value.value,
                unit=str(unit),
                period=period,
                rule=role_rule(role),
                breakdown=breakdown,
            ),
        )

    def responsible(self, row: Row, subject: Entity) -> None:
        cell = row.cell(self.table.column("responsible"))
        if cell is None or fold(cell.text) in _EMPTY:
            return
        for name in _units(normalise_name(cell.text)):
            name = _without_remark(name.strip(" ."))
            if fold(name) in _EMPTY or len(name) < 2 or not re.search(r"[A-Za-zÁÉÍÓÚ]{2}", name):
                continue
            institution = add_entity(self.facts, "institution", name)
            add_mention(institution, document_span(self.document, cell.start, cell.end))
            self.link(subject, "responsibleUnit", institution, row, ROLE_NAMESPACE + "responsible")

    def funders(self, row: Row, subject: Entity) -> None:
        """A "Fuente de financiamiento" cell: the bodies it names fund the row's element."""
        cell = row.cell(self.table.column("funder"))
        if cell is None or fold(cell.text) in _EMPTY or is_figure(cell.text) or subject.type not in _FUNDED:
            return
        for name in _units(normalise_name(cell.text)):
            name = _without_remark(name.strip(" ."))
            if fold(name) in _EMPTY or not re.search(r"[A-ZÁÉÍÓÚ]{2}|[A-ZÁÉÍÓÚ][a-záéíóú]+\s", name) or _FUNDING_KIND.match(name):
                continue  # "Recursos ordinarios", "RO": a kind of funds, not a body
            institution = add_entity(self.facts, "institution", name)
            add_mention(institution, document_span(self.document, cell.start, cell.end))
            self.link(institution, "funds", subject, row, ROLE_NAMESPACE + "funder")

    def regions(self, row: Row, subject: Entity) -> None:
        cell = row.cell(self.table.column("region"))
        if cell is None or not cell.text:
            return
        gaz = gazetteer.load()
        for match in gazetteer.find(cell.text, gaz):
            seed = gaz.seeds[match.key]
            if seed.type != "region":
                continue
            region = self.facts.entity(seed.key, "region", seed.label)
            region.attributes["vocabulary"] = True
            add_mention(region, document_span(self.document, cell.start + match.start, cell.start + match.end))
            if subject.type in ("programme", "service", "institution"):
                self.link(subject, "operatesIn", region, row, ROLE_NAMESPACE + "region")

    def link(self, subject: Entity, predicate: LinkPredicate, obj: Entity, row: Row, rule: str) -> None:
        evidence = document_span(self.document, row.start, row.end)
        add_link(self.facts, Link(subject.key, predicate, obj.key, evidence, rule=rule))


_GOVERNMENT_LEVEL = re.compile(r"gobierno\s+(nacional|regional|local)", re.IGNORECASE)


def _section_level(document: Document, offset: int) -> str | None:
    """The level of government a heading above the table names ("… MATRIZ … GOBIERNO REGIONAL")."""
    if not document.passages:
        return None
    for heading in reversed(document.passages[passage_index(document, offset)].section):
        match = _GOVERNMENT_LEVEL.search(heading)
        if match:
            return "Gobierno " + match.group(1).capitalize()
    return None


def _cell_evidence(document: Document, row: Row, cell: Cell) -> Span:
    """The row up to the value, within the passage the value lies in (a row printed one
    cell per line may cross a passage boundary): the span states the value."""
    index = passage_index(document, cell.start)
    passage = document.passages[index]
    start = max(row.start, passage.start)
    end = min(max(row.end, cell.end), passage.end)
    if not start <= cell.start < cell.end <= end:
        start, end = cell.start, cell.end
    return Span(passage.id, start, end, document.text[start:end])


def _is_header_text(text: str) -> bool:
    """A cell that only names columns ("INDICADORES", "Meta 2024 Logro"): a header row
    repeated inside the body, not a row's name."""
    return coverage(text) >= 0.8 or bool(re.search(r"\[\d+%", text))


def _prefer_mixed_case(entity: Entity, label: str) -> None:
    """Of two names printed for one code, keep the one in mixed case as the label."""
    if entity.label.isupper() and not label.isupper():
        entity.alt_labels.add(entity.label)
        entity.label = label
    elif fold(label) != fold(entity.label):
        entity.alt_labels.add(label)
