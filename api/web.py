"""The web pages of ``quipu serve``: search, entities, indicators, documents and a SPARQL form.

Everything is rendered on the server (Jinja2 templates in ``api/templates``, one CSS file in
``api/static`` served by :func:`router` itself), with no script and nothing from the internet.
Pictures (an entity's neighbourhood, an indicator's values) are inline SVG drawn here.

The interface speaks Spanish by default and English with ``?lang=en`` (remembered in a
cookie); every string of it is in :data:`STRINGS`.

Include it with ``app.include_router(web.router(workspace))``.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from quipu.core.errors import NotFoundError, QuipuError
from quipu.core.text import fold
from quipu.graph import example_queries, explore

from .answers import answer_cards
from .errors import headers_of, status_of
from .forms import client_of, read_form
from .schemas import SearchResult
from .workspace import Workspace

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

LANGS = ("es", "en")
STRINGS: dict[str, dict[str, str]] = {
    "es": {
        "tagline": "Grafo de conocimiento y búsqueda en documentos de política de empleo",
        "skip": "Saltar al contenido",
        "nav": "Navegación principal",
        "search": "Buscar",
        "documents": "Documentos",
        "entities": "Entidades",
        "query": "SPARQL",
        "language": "Idioma",
        "search_label": "Pregunta o palabras clave",
        "search_placeholder": "p. ej. ¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?",
        "results_for": "Resultados para",
        "no_results": "No se encontraron pasajes.",
        "showing": "Se muestran {shown} de {total} pasajes",
        "filters": "Filtrar resultados",
        "answer_card": "Respuesta del grafo",
        "narrow_to": "Solo pasajes que nombran",
        "facet_document": "Documento",
        "facet_year": "Año",
        "facet_type": "Tipo",
        "facet_region": "Región",
        "facet_entity": "Entidad",
        "remove_filter": "quitar filtro",
        "clear_filters": "Quitar todos los filtros",
        "section": "Sección",
        "page": "pág.",
        "original": "Archivo original",
        "ocr_desc": "Texto leído por OCR de la imagen de una página escaneada (confianza media del motor); cotéjelo con el original.",
        "in_context": "Ver en el documento",
        "intro": "Busque en español o en inglés. Cada resultado enlaza al pasaje en su documento.",
        "explore": "Explorar",
        "stats": "{documents} documentos, {passages} pasajes, {entities} entidades",
        "title": "Título",
        "publisher": "Editor",
        "year": "Año",
        "type": "Tipo",
        "passages": "Pasajes",
        "contents": "Contenido",
        "labels": "Nombres",
        "alt_labels": "Otros nombres",
        "acronym": "Sigla",
        "facts": "Datos",
        "property": "Propiedad",
        "value": "Valor",
        "sources": "Fuentes",
        "mentions_total": "{shown} de {total} menciones",
        "incoming": "Enlaces entrantes",
        "neighbourhood": "Vecindario",
        "neighbourhood_desc": "{label} y las entidades enlazadas con ella. Cada nodo lleva a su página.",
        "more_neighbours": "y {n} entidades más (véanse Datos y Enlaces entrantes)",
        "nothing": "Nada.",
        "observations": "Valores del indicador",
        "chart": "Gráfico",
        "chart_desc": "Línea de base, meta y valor logrado de {label} por periodo.",
        "period": "Periodo",
        "kind": "Tipo de valor",
        "raw": "Valor impreso",
        "unit": "Unidad",
        "document": "Documento",
        "quote": "Cita",
        "baseline": "Línea de base",
        "target": "Meta",
        "achieved": "Logrado",
        "executionRate": "Tasa de ejecución",
        "cost": "Costo",
        "budgetOpening": "PIA",
        "budgetModified": "PIM",
        "budgetCertified": "Certificado",
        "budgetAccrued": "Devengado",
        "no_chart": "No hay valores numéricos que graficar.",
        "as_rdf": "Como RDF",
        "query_title": "Consulta SPARQL",
        "examples": "Consultas de ejemplo",
        "query_label": "Consulta (SPARQL 1.1)",
        "run": "Ejecutar",
        "results": "Resultados",
        "rows": "{n} filas",
        "truncated_rows": "Se muestran las primeras {n} filas.",
        "download": "Descargar",
        "error": "Error",
        "not_found": "No encontrado",
        "back_home": "Volver al inicio",
        "all_types": "Todos los tipos",
        "filter": "Filtrar",
        "name_filter": "Nombre, sigla o código",
        "mentions": "Menciones",
        "label": "Nombre",
        "entity_types": {
            "norm": "Norma", "institution": "Institución", "programme": "Programa", "service": "Servicio",
            "region": "Región", "indicator": "Indicador", "objective": "Objetivo", "action": "Acción",
            "activity": "Actividad", "plan": "Plan", "country": "País",
        },
    },
    "en": {
        "tagline": "Knowledge graph and search over employment-policy documents",
        "skip": "Skip to content",
        "nav": "Main navigation",
        "search": "Search",
        "documents": "Documents",
        "entities": "Entities",
        "query": "SPARQL",
        "language": "Language",
        "search_label": "Question or keywords",
        "search_placeholder": "e.g. youth employment programmes in Puno",
        "results_for": "Results for",
        "no_results": "No passages found.",
        "showing": "Showing {shown} of {total} passages",
        "filters": "Narrow results",
        "answer_card": "Answer from the graph",
        "narrow_to": "Only passages naming",
        "facet_document": "Document",
        "facet_year": "Year",
        "facet_type": "Type",
        "facet_region": "Region",
        "facet_entity": "Entity",
        "remove_filter": "remove filter",
        "clear_filters": "Clear all filters",
        "section": "Section",
        "page": "p.",
        "original": "Original file",
        "ocr_desc": "Text read by OCR from the image of a scanned page (the engine's mean confidence); check it against the original.",
        "in_context": "Read in the document",
        "intro": "Search in Spanish or English. Every result links to the passage in its document.",
        "explore": "Explore",
        "stats": "{documents} documents, {passages} passages, {entities} entities",
        "title": "Title",
        "publisher": "Publisher",
        "year": "Year",
        "type": "Type",
        "passages": "Passages",
        "contents": "Contents",
        "labels": "Names",
        "alt_labels": "Other names",
        "acronym": "Acronym",
        "facts": "Facts",
        "property": "Property",
        "value": "Value",
        "sources": "Sources",
        "mentions_total": "{shown} of {total} mentions",
        "incoming": "Incoming links",
        "neighbourhood": "Neighbourhood",
        "neighbourhood_desc": "{label} and the entities linked to it. Each node leads to its page.",
        "more_neighbours": "and {n} more entities (see Facts and Incoming links)",
        "nothing": "Nothing.",
        "observations": "Indicator values",
        "chart": "Chart",
        "chart_desc": "Baseline, target and achieved value of {label} by period.",
        "period": "Period",
        "kind": "Kind of value",
        "raw": "As printed",
        "unit": "Unit",
        "document": "Document",
        "quote": "Quote",
        "baseline": "Baseline",
        "target": "Target",
        "achieved": "Achieved",
        "executionRate": "Execution rate",
        "cost": "Cost",
        "budgetOpening": "Opening budget (PIA)",
        "budgetModified": "Modified budget (PIM)",
        "budgetCertified": "Certified",
        "budgetAccrued": "Accrued",
        "no_chart": "There are no numeric values to chart.",
        "as_rdf": "As RDF",
        "query_title": "SPARQL query",
        "examples": "Example queries",
        "query_label": "Query (SPARQL 1.1)",
        "run": "Run",
        "results": "Results",
        "rows": "{n} rows",
        "truncated_rows": "Showing the first {n} rows.",
        "download": "Download",
        "error": "Error",
        "not_found": "Not found",
        "back_home": "Back to the start page",
        "all_types": "All types",
        "filter": "Filter",
        "name_filter": "Name, acronym or code",
        "mentions": "Mentions",
        "label": "Name",
        "entity_types": {
            "norm": "Norm", "institution": "Institution", "programme": "Programme", "service": "Service",
            "region": "Region", "indicator": "Indicator", "objective": "Objective", "action": "Action",
            "activity": "Activity", "plan": "Plan", "country": "Country",
        },
    },
}

SHOWN = 20  # passages a search page shows
MAX_NEIGHBOURS = 18
MAX_SOURCES = 60
MAX_ROWS = 1000
FACETS = ("doc", "year", "type", "region", "entity")
API_FACETS = {"doc": "document", "year": "year", "type": "document_type", "region": "region", "entity": "entity"}
FILTER_ARGS = {"doc": "documents", "year": "years", "type": "document_types", "region": "regions", "entity": "entities"}
CHART_KINDS = ("baseline", "target", "achieved")
TYPE_COLOURS = {
    "norm": "#8c510a", "institution": "#01665e", "programme": "#762a83", "service": "#1b7837",
    "region": "#b35806", "indicator": "#2166ac", "objective": "#c51b7d", "action": "#4d9221",
    "activity": "#5e3c99", "plan": "#b2182b", "country": "#35978f",
}
KIND_COLOURS = {"baseline": "#767676", "target": "#2166ac", "achieved": "#1b7837"}


# ------------------------------------------------------------------ small helpers


def language(request: Request) -> str:
    """The interface language: ``?lang=``, else the ``lang`` cookie, else Spanish."""
    for chosen in (request.query_params.get("lang"), request.cookies.get("lang")):
        if chosen in LANGS:
            return chosen
    return "es"


def entity_href(key: str) -> str:
    return "/entity/" + quote(key, safe="/")


def file_href(doc_id: str, page: int | None = None) -> str:
    """The original file of a document, served read-only; ``#page=N`` opens a PDF at page N."""
    href = "/v1/documents/" + quote(doc_id, safe="") + "/file"
    return f"{href}#page={page}" if page is not None else href


def document_href(doc_id: str, passage_id: str | None = None) -> str:
    href = "/documents/" + quote(doc_id, safe="")
    return f"{href}#p-{passage_id}" if passage_id else href


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


def snippet(result: SearchResult, context: int = 180) -> Markup:
    """The passage around its best-matching sentence, which is marked with <mark>."""
    text = result.text
    if result.highlight is None:
        return Markup(escape(text[: 2 * context]))
    start, end = result.highlight.start - result.start, result.highlight.end - result.start
    before, after = text[max(0, start - context) : start], text[end : end + context]
    if start - context > 0:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    if end + context < len(text):
        after = after[: after.rfind(" ")] + "…" if " " in after else after + "…"
    return Markup(f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}")


def _linkify(text: str, mentions: list[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped, with each (start, end, key, label) span as a link to the entity."""
    out, at = [], 0
    for start, end, key, label in mentions:
        out.append(escape(text[at:start]))
        out.append(
            f'<a class="mention" href="{escape(entity_href(key))}" title="{escape(label)}">{escape(text[start:end])}</a>'
        )
        at = end
    out.append(escape(text[at:]))
    return Markup("".join(out))


# ------------------------------------------------------------------ what the pages read


@dataclass
class Passage:
    id: str
    ordinal: int
    start: int
    end: int
    text: str
    section_path: list[str]
    page: int | None
    kind: str
    html: Markup = Markup("")
    ocr: float | None = None  # the OCR confidence when the text was read from a page image


@dataclass
class Data:
    """What the pages need of one generation, read once from the graph and the index."""

    documents: dict[str, dict[str, Any]]
    entities: dict[str, explore.EntitySummary]  # by IRI
    pages: dict[str, list[Passage]] = field(default_factory=dict)  # document id -> passages, rendered
    observations: dict[str, list[explore.ObservationRow]] | None = None  # indicator key -> values
    details: dict[str, explore.EntityDetail | None] = field(default_factory=dict)  # entity key -> detail

    def by_key(self, key: str) -> explore.EntitySummary | None:
        return self.entities.get(key) or self._keys.get(key)

    def __post_init__(self) -> None:
        self._keys = {e.key: e for e in self.entities.values()}


class Site:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.base = workspace.settings.base()
        self._data: tuple[object, Data] | None = None
        self._lock = threading.Lock()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(entity_href=entity_href, document_href=document_href, file_href=file_href)
        self.examples = self._examples()

    # -------------------------------------------------------------- graph reads

    def select(self, body: str, bindings: dict[str, str] | None = None) -> list[dict[str, str]]:
        return self.workspace.store.select(explore._PROLOGUE + body, bindings)

    def data(self) -> Data:
        store = self.workspace.store
        cached = self._data
        if cached is not None and cached[0] is store:
            return cached[1]
        with self._lock:
            if self._data is not None and self._data[0] is store:
                return self._data[1]
            data = Data(self._documents(), self._entities())
            self._data = (store, data)
            return data

    def _documents(self) -> dict[str, dict[str, Any]]:
        rows = self.select(
            """SELECT ?doc ?id ?title ?year ?type ?count ?file ?publisher WHERE {
  ?doc a qp:Document ; dct:identifier ?id .
  OPTIONAL { ?doc dct:title ?title } OPTIONAL { ?doc dct:issued ?year } OPTIONAL { ?doc qp:documentType ?type }
  OPTIONAL { ?doc qp:passageCount ?count } OPTIONAL { ?doc qp:fileName ?file } OPTIONAL { ?doc qp:publisherName ?publisher }
}"""
        )
        docs: dict[str, dict[str, Any]] = {}
        for row in rows:
            doc = docs.setdefault(
                row["id"],
                {
                    "id": row["id"], "iri": row["doc"], "title": row.get("title") or row["id"],
                    "year": row.get("year"), "type": row.get("type"), "passages": _int(row.get("count"), 0),
                    "file": row.get("file"), "publishers": [],
                },
            )
            if row.get("publisher") and row["publisher"] not in doc["publishers"]:
                doc["publishers"].append(row["publisher"])
        for doc in docs.values():
            doc["publishers"].sort()
        return dict(sorted(docs.items(), key=lambda item: (-(_int(item[1]["year"], 0) or 0), fold(item[1]["title"]))))

    def _entities(self) -> dict[str, explore.EntitySummary]:
        found = explore.list_entities(self.workspace.store, base=self.base, limit=10**6)
        return {e.iri: e for e in found}

    def passages(self, doc_id: str) -> list[Passage] | None:
        data = self.data()
        if doc_id in data.pages:
            return data.pages[doc_id]
        doc = data.documents.get(doc_id)
        if doc is None:
            return None
        iri = doc["iri"]
        rows = self.select(
            """SELECT ?p ?ordinal ?start ?end ?text ?path ?page ?kind ?ocr WHERE {
  ?p qp:inDocument ?doc ; qp:ordinal ?ordinal ; qp:startOffset ?start ; qp:endOffset ?end ; qp:text ?text .
  OPTIONAL { ?p qp:sectionPath ?path } OPTIONAL { ?p qp:page ?page } OPTIONAL { ?p qp:passageKind ?kind }
  OPTIONAL { ?p qp:ocrConfidence ?ocr }
}""",
            {"doc": iri},
        )
        prefix = self.base + "passage/"
        passages = sorted(
            (
                Passage(
                    id=row["p"].removeprefix(prefix),
                    ordinal=_int(row["ordinal"], 0) or 0,
                    start=_int(row["start"], 0) or 0,
                    end=_int(row["end"], 0) or 0,
                    text=row["text"],
                    section_path=row["path"].split(" > ") if row.get("path") else [],
                    page=_int(row.get("page")),
                    kind=row.get("kind") or "text",
                    ocr=float(row["ocr"]) if row.get("ocr") else None,
                )
                for row in rows
            ),
            key=lambda p: (p.ordinal, p.start),
        )
        # Mentions of entities: oa:start/oa:end are offsets in the document's cleaned text.
        mentions = self.select(
            """SELECT DISTINCT ?e ?passage ?start ?end WHERE {
  ?t oa:hasSource ?doc ; oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end .
  ?m oa:hasTarget ?t ; prov:wasDerivedFrom ?passage . ?e qp:mentionedIn ?m .
  GRAPH ?entities { ?e a ?type }
}""",
            {"doc": iri, "entities": self.base + "graph/entities"},
        )
        by_passage: dict[str, list[tuple[int, int, str]]] = {}
        for row in mentions:
            by_passage.setdefault(row["passage"].removeprefix(prefix), []).append(
                (_int(row["start"], 0) or 0, _int(row["end"], 0) or 0, row["e"])
            )
        for passage in passages:
            # A Markdown heading that opens a passage repeats the section heading drawn above it.
            heading = re.match(r"#{1,6}[ \t]+([^\n]*)\n*", passage.text)
            if heading and passage.section_path and fold(heading.group(1).strip("# ")) == fold(passage.section_path[-1]):
                passage.text = passage.text[heading.end() :]
                passage.start += heading.end()
            spans = []
            for start, end, entity_iri in by_passage.get(passage.id, []):
                summary = data.entities.get(entity_iri)
                local_start, local_end = start - passage.start, end - passage.start
                if summary is None or local_start < 0 or local_end > len(passage.text) or local_end <= local_start:
                    continue
                spans.append((local_start, local_end, summary.key, summary.label))
            # Links cannot nest: keep the longest of overlapping spans (then the first).
            spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
            kept: list[tuple[int, int, str, str]] = []
            for span in spans:
                if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
                    kept.append(span)
            passage.html = _linkify(passage.text, sorted(kept))
        data.pages[doc_id] = passages
        return passages

    def observations(self, key: str) -> list[explore.ObservationRow]:
        """An indicator's values (all indicators' are read at once: one query is as fast as all)."""
        data = self.data()
        if data.observations is None:
            grouped: dict[str, list[explore.ObservationRow]] = {}
            for row in explore.observations(self.workspace.store, None, base=self.base):
                grouped.setdefault(row.indicator_key, []).append(row)
            data.observations = grouped
        return data.observations.get(key, [])

    def entity(self, key: str) -> explore.EntityDetail | None:
        data = self.data()
        if key not in data.details:
            if len(data.details) > 512:
                data.details.clear()
            data.details[key] = explore.entity(self.workspace.store, key, base=self.base, max_sources=MAX_SOURCES)
        return data.details[key]

    def _examples(self) -> list[dict[str, str]]:
        examples = []
        for name, text in sorted(example_queries().items()):
            comments = []
            for line in text.splitlines():
                if not line.startswith("#"):
                    break
                comments.append(line.lstrip("#").strip())
            title = comments[0] if comments else name
            if comments and len(comments) > 1 and not title.endswith((".", ":", "?", ")")):
                title += " …"
            examples.append(
                {"name": name, "title": title, "description": " ".join(comments), "query": text}
            )
        return examples

    # -------------------------------------------------------------- rendering

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = request.query_params.get("lang")
        chosen = language(request)
        t = STRINGS[chosen]
        other = "en" if chosen == "es" else "es"
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        toggle = request.url.path + "?" + urlencode(params + [("lang", other)])
        body = self.env.get_template(template).render(
            t=t, lang=chosen, other_lang=other, toggle_href=toggle, path=request.url.path,
            type_name=lambda name: t["entity_types"].get(name or "", name or ""), **context,
        )
        response = HTMLResponse(body, status_code=status)
        if lang in LANGS:
            response.set_cookie("lang", lang, max_age=365 * 24 * 3600, samesite="lax")
        return response

    def error(self, request: Request, error: QuipuError) -> HTMLResponse:
        code = status_of(error)
        response = self.render(request, "error.html", status=code, message=error.message, code=code)
        response.headers.update(headers_of(error))
        return response


# ------------------------------------------------------------------ SVG pictures


def _svg_text(x: float, y: float, text: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _short(text: str, n: int = 30) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def neighbourhood_svg(hood: dict[str, Any], t: dict[str, Any], limit: int = MAX_NEIGHBOURS) -> tuple[Markup, int]:
    """A radial picture of an entity and its neighbours; returns the SVG and how many were left out."""
    center = hood["center"]
    neighbours = [n for n in hood["nodes"] if n["distance"] == 1]
    left_out = max(0, len(neighbours) - limit)
    neighbours = neighbours[:limit]
    width, height = 900, 460
    cx, cy = width / 2, height / 2
    radius = 175 if len(neighbours) > 6 else 140
    position = {center["key"]: (cx, cy)}
    for i, node in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(neighbours))
        position[node["key"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    names: dict[tuple[str, str], list[str]] = {}
    for edge in hood["edges"]:
        if edge["source"] in position and edge["target"] in position:
            pair = tuple(sorted((edge["source"], edge["target"])))
            names.setdefault(pair, []).append(edge["name"])  # type: ignore[arg-type]
    label = center["label"] or center["key"]
    title = t["neighbourhood_desc"].format(label=label)
    parts = [
        f'<svg class="hood" viewBox="0 0 {width} {height}" role="group" aria-labelledby="hood-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="hood-title">{escape(title)}</title>',
        '<g class="edges">',
    ]
    for (a, b), props in sorted(names.items()):
        (x1, y1), (x2, y2) = position[a], position[b]
        cls = "edge" if center["key"] in (a, b) else "edge side"
        parts.append(
            f'<line class="{cls}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
            f"<title>{escape(', '.join(sorted(set(props))))}</title></line>"
        )
    parts.append("</g><g class=\"nodes\">")
    for node in neighbours:
        x, y = position[node["key"]]
        colour = TYPE_COLOURS.get(node["type"] or "", "#555")
        kind = t["entity_types"].get(node["type"] or "", node["type"] or "")
        anchor = "start" if x > cx + 1 else "end" if x < cx - 1 else "middle"
        dx = 12 if anchor == "start" else -12 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (-14 if y < cy else 22)
        node_label = node["label"] or node["key"]
        parts.append(
            f'<a class="node" href="{escape(entity_href(node["key"]))}" data-key="{escape(node["key"])}">'
            f"<title>{escape(node_label)} ({escape(kind)})</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="{colour}"/>'
            + _svg_text(x + dx, y + dy, _short(node_label, 32), text_anchor=anchor)
            + "</a>"
        )
    colour = TYPE_COLOURS.get(center["type"] or "", "#555")
    parts.append(
        f'<g class="center"><circle cx="{cx:.1f}" cy="{cy:.1f}" r="14" fill="{colour}"/>'
        + _svg_text(cx, cy + 32, _short(label, 40), text_anchor="middle", class_="center-label")
        + "</g></g></svg>"
    )
    return Markup("".join(parts)), left_out


def _nice_step(span: float) -> float:
    raw = span / 5 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def observations_svg(rows: list[explore.ObservationRow], t: dict[str, Any], label: str) -> Markup | None:
    """Grouped bars of baseline / target / achieved values by period; None when nothing is numeric."""
    values: dict[str, dict[str, float]] = {}
    for row in rows:
        if row.kind in CHART_KINDS and row.value is not None:
            values.setdefault(row.period or "—", {}).setdefault(row.kind, row.value)
    if not values:
        return None
    periods = sorted(values)
    kinds = [k for k in CHART_KINDS if any(k in v for v in values.values())]
    top = max(0.0, *(v for by_kind in values.values() for v in by_kind.values()))
    bottom = min(0.0, *(v for by_kind in values.values() for v in by_kind.values()))
    step = _nice_step(top - bottom)
    top = math.ceil(top / step) * step if top > 0 else 0
    bottom = math.floor(bottom / step) * step if bottom < 0 else 0
    if top == bottom:
        top = bottom + step
    width, left, right, upper, lower = 640, 72, 16, 36, 48
    height = 300
    plot_w, plot_h = width - left - right, height - upper - lower

    def y_of(value: float) -> float:
        return upper + plot_h * (top - value) / (top - bottom)

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(t["chart_desc"].format(label=label))}</title>',
    ]
    tick = bottom
    while tick <= top + step / 1000:
        y = y_of(tick)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(_svg_text(left - 6, y + 4, _number(tick), text_anchor="end", class_="tick"))
        tick += step
    group_w = plot_w / len(periods)
    bar_w = min(48.0, group_w * 0.8 / max(1, len(kinds)))
    for i, period in enumerate(periods):
        gx = left + group_w * i + (group_w - bar_w * len(kinds)) / 2
        for j, kind in enumerate(kinds):
            if kind not in values[period]:
                continue
            value = values[period][kind]
            y0, y1 = y_of(max(value, 0)), y_of(min(value, 0))
            x = gx + j * bar_w
            parts.append(
                f'<rect class="bar {kind}" x="{x:.1f}" y="{y0:.1f}" width="{bar_w - 2:.1f}" height="{max(1.0, y1 - y0):.1f}" '
                f'fill="{KIND_COLOURS[kind]}"><title>{escape(t[kind])} {escape(period)}: {_number(value)}</title></rect>'
            )
            parts.append(_svg_text(x + (bar_w - 2) / 2, y0 - 4, _number(value), text_anchor="middle", class_="value"))
        parts.append(_svg_text(left + group_w * (i + 0.5), height - lower + 18, period, text_anchor="middle", class_="tick"))
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y_of(0):.1f}" y2="{y_of(0):.1f}"/>')
    units = {row.unit for row in rows if row.kind in CHART_KINDS and row.value is not None}
    if len(units) == 1 and (unit := units.pop()):
        parts.append(_svg_text(left - 6, upper - 10, {"percent": "%"}.get(unit, unit), text_anchor="end", class_="tick"))
    lx = left
    for kind in kinds:
        parts.append(f'<rect x="{lx}" y="10" width="12" height="12" fill="{KIND_COLOURS[kind]}"/>')
        parts.append(_svg_text(lx + 16, 20, t[kind], class_="legend"))
        lx += 24 + 8 * len(t[kind])
    parts.append("</svg>")
    return Markup("".join(parts))


# ------------------------------------------------------------------ pages


def _facet_href(params: dict[str, str], name: str, value: str | None) -> str:
    changed = {k: v for k, v in params.items() if v and k != name}
    if value is not None:
        changed[name] = value
    return "/?" + urlencode(changed)


def _value_cell(value: str, kind: str, base: str, data: Data) -> dict[str, str | None]:
    """How a SPARQL result value shows: text, and a link when it names something we have a page for."""
    if kind != "uri":
        return {"text": value, "href": None}
    if value.startswith(base + "passage/"):
        pid = value[len(base) + len("passage/") :]
        doc_id = pid.rsplit("-", 1)[0]
        return {"text": pid, "href": document_href(doc_id, pid)}
    if value.startswith(base + "document/"):
        doc_id = value[len(base) + len("document/") :]
        return {"text": doc_id, "href": document_href(doc_id)}
    summary = data.entities.get(value)
    if summary is not None:
        return {"text": summary.key, "href": entity_href(summary.key)}
    if value.startswith(base):
        return {"text": value[len(base) :], "href": "/id/" + value[len(base) :]}
    return {"text": value, "href": None}


def router(workspace: Workspace) -> APIRouter:
    """Every page of the web interface, and its stylesheet at /static/quipu.css."""
    site = Site(workspace)
    pages = APIRouter(include_in_schema=False)
    css = (STATIC / "quipu.css").read_bytes()

    @pages.get("/static/quipu.css")
    def stylesheet() -> Response:
        return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})

    @pages.get("/", response_class=HTMLResponse)
    @pages.get("/search", response_class=HTMLResponse)
    def search_page(request: Request) -> Response:
        params = {name: request.query_params.get(name, "").strip() for name in ("q", "mode", *FACETS)}
        q = params["q"]
        try:
            data = site.data()
        except QuipuError as error:
            return site.error(request, error)
        context: dict[str, Any] = {"q": q, "params": params, "documents": data.documents}
        if not q:
            counts = Counter(e.type for e in data.entities.values())
            context["stats"] = {
                "documents": len(data.documents), "passages": len(workspace.index.records), "entities": len(data.entities),
            }
            context["type_counts"] = sorted(counts.items(), key=lambda kv: -kv[1])
            return site.render(request, "search.html", **context)
        k = min(SHOWN, workspace.settings.max_k)
        selected = {name: params[name] for name in FACETS if params[name]}
        try:
            found = workspace.search(
                q, k, mode=params["mode"] or "full",
                **{FILTER_ARGS[name]: [value] for name, value in selected.items()},
            )
        except QuipuError as error:
            return site.error(request, error)
        facets = []
        for name in FACETS:
            values = [
                {"value": v.value, "text": v.label, "count": v.count, "selected": params[name] == v.value,
                 "href": _facet_href(params, name, None if params[name] == v.value else v.value)}
                for v in found.facets.get(API_FACETS[name], [])
            ]
            if values:
                facets.append({"name": name, "values": values})
        active = []
        for name, value in selected.items():
            if name == "doc":
                text = data.documents.get(value, {}).get("title", value)
            elif name in ("region", "entity"):
                summary = data.by_key(value)
                text = summary.label if summary else value
            else:
                text = value
            active.append({"name": name, "text": text, "href": _facet_href(params, name, None)})
        try:
            cards = [card for card in answer_cards(workspace, q, limit=2) if any(f.score >= 2 for f in card.facts)]
        except QuipuError:
            cards = []  # the cards are an extra; the passages still answer
        results = []
        for result in found.results:
            results.append(
                {
                    "r": result,
                    "snippet": snippet(result),
                    "doc": data.documents.get(result.document.id, {}),
                    "href": document_href(result.document.id, result.passage_id),
                }
            )
        context.update(
            results=results, total=found.facets_over, facets=facets, cards=cards,
            suggestions=[
                {"text": e.label, "href": _facet_href(params, "region" if e.type == "region" else "entity", e.key)}
                for e in found.query_entities
                if e.key not in (params["region"], params["entity"])
            ],
            active=active,
            clear_href="/?" + urlencode({k: v for k, v in params.items() if v and k in ("q", "mode")}),
        )
        return site.render(request, "search.html", **context)

    @pages.get("/entities", response_class=HTMLResponse)
    def entities_page(request: Request, type: str | None = None, q: str | None = None) -> Response:
        type = type or None
        try:
            found = explore.list_entities(workspace.store, base=site.base, type=type, q=q or None, limit=200)
        except QuipuError as error:
            return site.error(request, error)
        types = sorted({e.type for e in site.data().entities.values() if e.type})
        return site.render(request, "entities.html", entities=found, types=types, type=type, q=q or "")

    @pages.get("/entity/{key:path}", response_class=HTMLResponse)
    def entity_page(request: Request, key: str) -> Response:
        try:
            data = site.data()
            detail = site.entity(key)
            if detail is None:
                raise NotFoundError(f"no entity {key!r}")
        except QuipuError as error:
            return site.error(request, error)
        t = STRINGS[language(request)]
        hood = explore.neighbourhood(explore.graph_of(workspace.store, base=site.base), detail.key, 1)
        svg, left_out = neighbourhood_svg(hood, t) if hood and len(hood["nodes"]) > 1 else (None, 0)
        attributes = []
        for name, values in sorted(detail.attributes.items()):
            cells = []
            for value in values:
                if value.startswith(("http://", "https://")):
                    cells.append(_value_cell(value, "uri", site.base, data))
                else:
                    cells.append({"text": value, "href": None})
            attributes.append({"name": name, "values": cells})
        acronyms = detail.attributes.get("qp:acronym", [])
        chart, observations = None, []
        if detail.type == "indicator":
            observations = site.observations(detail.key)
            chart = observations_svg(observations, t, detail.label)
        return site.render(
            request, "entity.html", e=detail, attributes=attributes, acronyms=acronyms, svg=svg, left_out=left_out,
            observations=observations, chart=chart, documents=data.documents, rdf_href="/id/" + detail.key,
        )

    @pages.get("/documents", response_class=HTMLResponse)
    def documents_page(request: Request) -> Response:
        try:
            data = site.data()
        except QuipuError as error:
            return site.error(request, error)
        return site.render(request, "documents.html", documents=list(data.documents.values()))

    @pages.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, doc_id: str) -> Response:
        try:
            passages = site.passages(doc_id)
            if passages is None:
                raise NotFoundError(f"no document {doc_id!r}")
        except QuipuError as error:
            return site.error(request, error)
        doc = site.data().documents[doc_id]
        blocks: list[dict[str, Any]] = []
        toc: list[dict[str, Any]] = []
        previous: list[str] = []
        for passage in passages:
            path = passage.section_path
            common = 0
            while common < min(len(path), len(previous)) and path[common] == previous[common]:
                common += 1
            for depth in range(common, len(path)):
                anchor = f"s-{passage.id}-{depth}"
                heading = {"heading": path[depth], "level": min(6, depth + 2), "id": anchor}
                blocks.append(heading)
                if depth < 2:
                    toc.append({**heading, "depth": depth})
            previous = path
            blocks.append({"passage": passage})
        return site.render(request, "document.html", doc=doc, blocks=blocks, toc=toc)

    def query_page(request: Request, query: str | None, example: str | None) -> Response:
        examples = site.examples
        if not query and example:
            query = next((e["query"] for e in examples if e["name"] == example), None)
        context: dict[str, Any] = {"examples": examples, "query": query or "", "example": example}
        if query and query.strip():
            context["csv_href"] = "/sparql?" + urlencode({"query": query, "format": "csv"})
            context["json_href"] = "/sparql?" + urlencode({"query": query, "format": "json"})
            try:
                result = workspace.sparql(
                    query, accept=["application/sparql-results+json"], client=client_of(request)
                )
                data = site.data()
            except QuipuError as error:
                context["error"] = error.message
                return site.render(request, "query.html", status=status_of(error), **context)
            if "sparql-results+json" in result.media_type:
                answer = json.loads(result.body)
                if "boolean" in answer:
                    context["boolean"] = answer["boolean"]
                else:
                    variables = answer["head"].get("vars", [])
                    bindings = answer["results"]["bindings"]
                    context["columns"] = variables
                    context["total"] = len(bindings)
                    context["rows"] = [
                        [
                            _value_cell(b[v]["value"], b[v]["type"], site.base, data) if v in b else None
                            for v in variables
                        ]
                        for b in bindings[:MAX_ROWS]
                    ]
                    context["truncated"] = len(bindings) > MAX_ROWS
            else:
                context["graph_text"] = result.body.decode("utf-8", "replace")
                context["csv_href"] = None
                context["json_href"] = "/sparql?" + urlencode({"query": query, "format": "turtle"})
        return site.render(request, "query.html", **context)

    @pages.get("/query", response_class=HTMLResponse)
    def query_get(request: Request, query: str | None = None, example: str | None = None) -> Response:
        return query_page(request, query, example)

    @pages.post("/query", response_class=HTMLResponse)
    async def query_post(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        try:
            form = await read_form(request)
        except QuipuError as error:
            return site.error(request, error)
        query = (form.get("query") or [None])[0]
        return await run_in_threadpool(query_page, request, query, None)

    return pages


__all__ = ["STRINGS", "router", "snippet", "neighbourhood_svg", "observations_svg"]
