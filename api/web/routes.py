"""The routes of the web pages: search, documents, entities and the SPARQL form.

Each route reads what it needs through a :class:`~.site.Site` (cached per generation) or
the :class:`~quipu.workspace.workspace.Workspace`, and renders a template with a
:class:`~.renderer.Renderer`. A :class:`~quipu.core.errors.QuipuError` becomes the
error page with the status the JSON API would give, never a JSON body: these are pages
for people, and a bad parameter (an unknown search mode, entity type …) is told on the
page rather than refused by validation, so the routes read plain strings.

The pages are left out of the OpenAPI document (``include_in_schema=False``).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from quipu.api.answers import answer_cards
from quipu.api.errors import status_of
from quipu.api.forms import client_of, first_value, read_form
from quipu.core.errors import NotFoundError, QuipuError
from quipu.graph import explore
from quipu.graph.vocabulary import property_labels
from quipu.workspace.workspace import Workspace

from .charts import neighbourhood_svg, observations_svg
from .links import document_href, search_href, value_link
from .markup import snippet
from .messages import catalog
from .names import Names
from .renderer import Renderer, language
from .site import Site

STATIC = Path(__file__).resolve().parent / "static"

SHOWN = 20  # passages a search page shows
MAX_ROWS = 1000  # rows of a SPARQL result the query page shows
MAX_ENTITIES = 200  # entities the entity list shows
ANSWER_CARDS = 2  # answer cards above the passages, at most
# The facets of the search page: its URL parameter, the facet's name in the search
# outcome, and the workspace filter it sets.
FACETS = ("doc", "year", "type", "region", "entity")
OUTCOME_FACETS = {"doc": "document", "year": "year", "type": "document_type", "region": "region", "entity": "entity"}
FILTER_ARGS = {"doc": "documents", "year": "years", "type": "document_types", "region": "regions", "entity": "entities"}


def facet_text(names: Names, name: str, value: str, label: str, lang: str) -> str:
    """How a facet value or a filter chip reads in ``lang``: a document type by its genre, a
    region or entity by the vocabulary's name for it in that language, else by ``label``."""
    if name == "type":
        return names.genre(value, lang)
    if name in ("region", "entity"):
        return names.entity(value, lang, label)
    return label


def router(workspace: Workspace) -> APIRouter:
    """Every page of the web interface, and its stylesheet at /static/quipu.css."""
    site = Site(workspace)
    renderer = Renderer(names=site.names)
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
        lang = language(request)
        try:
            data = site.data()
        except QuipuError as error:
            return renderer.error(request, error)
        context: dict[str, Any] = {"q": q, "params": params, "documents": data.documents}
        if not q:
            counts = Counter(e.type for e in data.entities.values())
            context["stats"] = {
                "documents": len(data.documents), "passages": len(workspace.index), "entities": len(data.entities),
            }
            context["type_counts"] = sorted(counts.items(), key=lambda kv: -kv[1])
            return renderer.render(request, "search.html", **context)
        k = min(SHOWN, workspace.settings.max_k)
        selected = {name: params[name] for name in FACETS if params[name]}
        try:
            found = workspace.search(
                q, k, mode=params["mode"] or "full",
                **{FILTER_ARGS[name]: [value] for name, value in selected.items()},
            )
        except QuipuError as error:
            return renderer.error(request, error)
        facets = []
        for name in FACETS:
            values = [
                {"value": v.value, "text": facet_text(site.names, name, v.value, v.label, lang), "count": v.count,
                 "selected": params[name] == v.value,
                 "href": search_href(params, name, None if params[name] == v.value else v.value)}
                for v in found.facets.fields.get(OUTCOME_FACETS[name], [])
            ]
            if values:
                facets.append({"name": name, "values": values})
        active = []
        for name, value in selected.items():
            if name == "doc":
                doc = data.documents.get(value)
                text = doc.title if doc else value
            elif name in ("region", "entity"):
                summary = data.by_key(value)
                text = facet_text(site.names, name, summary.key, summary.label, lang) if summary else value
            else:
                text = facet_text(site.names, name, value, value, lang)
            active.append({"name": name, "text": text, "href": search_href(params, name, None)})
        try:
            cards = answer_cards(workspace, q, limit=ANSWER_CARDS, lang=lang)
        except QuipuError:
            cards = []  # the cards are an extra; the passages still answer
        # A question the graph answers is not one nothing is close to, whatever the passages'
        # words: the card is the answer, and the passages are shown as usual beside it.
        far = found.low_confidence and not cards
        results = []
        for hit in found.hits:
            record = hit.record
            doc = data.documents.get(record.document_id)
            results.append(
                {
                    "title": record.document_title,
                    "doc_id": record.document_id,
                    "section": record.section_title,
                    "page": record.page,
                    "year": doc.year if doc else None,
                    # a passage far from the query has no sentence that answers: none is marked
                    "snippet": snippet(record.text, None if far else hit.highlight),
                    "href": document_href(record.document_id, record.id),
                }
            )
        context.update(
            # facets of passages far from the query would only count noise
            results=results, total=found.facets.considered, facets=[] if far else facets, cards=cards,
            nothing_close=far,
            try_instead=[{"text": s, "href": search_href(params, "q", s)} for s in found.suggestions],
            suggestions=[
                {"text": site.names.entity(e.key, lang, e.label),
                 "href": search_href(params, "region" if e.type == "region" else "entity", e.key)}
                for e in found.query_entities
                if e.key not in (params["region"], params["entity"])
            ],
            active=active,
            clear_href="/?" + urlencode({k: v for k, v in params.items() if v and k in ("q", "mode")}),
        )
        return renderer.render(request, "search.html", **context)

    @pages.get("/entities", response_class=HTMLResponse)
    def entities_page(request: Request, type: str | None = None, q: str | None = None) -> Response:
        # `type` stays a plain string: the form's "all types" sends type= (empty), and an
        # unknown type is told on the page (explore.list_entities refuses it).
        chosen = type or None
        try:
            found = explore.list_entities(workspace.store, base=site.base, type=chosen, q=q or None, limit=MAX_ENTITIES)
        except QuipuError as error:
            return renderer.error(request, error)
        types = sorted({e.type for e in site.data().entities.values() if e.type})
        return renderer.render(request, "entities.html", entities=found, types=types, type=chosen, q=q or "")

    @pages.get("/entity/{key:path}", response_class=HTMLResponse)
    def entity_page(request: Request, key: str) -> Response:
        try:
            data = site.data()
            detail = site.entity(key)
            if detail is None:
                raise NotFoundError(f"no entity {key!r}")
        except QuipuError as error:
            return renderer.error(request, error)
        words = catalog(language(request))
        names = property_labels(words.lang)  # property IRI -> its label in the page's language
        hood = explore.neighbourhood(explore.graph_of(workspace.store, base=site.base), detail.key, 1)
        svg, left_out = neighbourhood_svg(hood, words, names=names) if hood and len(hood["nodes"]) > 1 else (None, 0)
        attributes = []
        for name, values in sorted(detail.attributes.items()):
            cells = []
            for value in values:
                if value.startswith(("http://", "https://")):
                    cells.append(value_link(value, "uri", site.base, data.entities))
                else:
                    cells.append({"text": value, "href": None})
            prefix, _, local = name.partition(":")
            label = names.get(explore.PREFIXES.get(prefix, "") + local, name) if local else name
            attributes.append({"name": name, "label": label, "values": cells})
        acronyms = detail.attributes.get("qp:acronym", [])
        chart, observations = None, []
        if detail.type == "indicator":
            observations = site.observations(detail.key)
            chart = observations_svg(
                observations, words, site.names.entity(detail.key, words.lang, detail.label),
                unit_sign=lambda unit: site.names.unit_sign(unit, words.lang),
            )
        return renderer.render(
            request, "entity.html", e=detail, attributes=attributes, acronyms=acronyms, svg=svg, left_out=left_out,
            observations=observations, chart=chart, documents=data.documents, rdf_href="/id/" + detail.key,
            names=names, sources=site.sources(detail.key),
        )

    @pages.get("/documents", response_class=HTMLResponse)
    def documents_page(request: Request) -> Response:
        try:
            data = site.data()
        except QuipuError as error:
            return renderer.error(request, error)
        return renderer.render(request, "documents.html", documents=list(data.documents.values()))

    @pages.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document_page(request: Request, doc_id: str) -> Response:
        try:
            passages = site.passages(doc_id)
            if passages is None:
                raise NotFoundError(f"no document {doc_id!r}")
        except QuipuError as error:
            return renderer.error(request, error)
        doc = site.data().documents[doc_id]
        blocks: list[dict[str, Any]] = []
        toc: list[dict[str, Any]] = []
        previous: tuple[str, ...] = ()
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
        return renderer.render(request, "document.html", doc=doc, blocks=blocks, toc=toc)

    def query_page(request: Request, query: str | None, example: str | None) -> Response:
        examples = site.examples
        if not query and example:
            query = next((e.query for e in examples if e.name == example), None)
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
                return renderer.render(request, "query.html", status=status_of(error), **context)
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
                            value_link(b[v]["value"], b[v]["type"], site.base, data.entities) if v in b else None
                            for v in variables
                        ]
                        for b in bindings[:MAX_ROWS]
                    ]
                    context["truncated"] = len(bindings) > MAX_ROWS
            else:
                context["graph_text"] = result.body.decode("utf-8", "replace")
                context["csv_href"] = None
                context["json_href"] = "/sparql?" + urlencode({"query": query, "format": "turtle"})
        return renderer.render(request, "query.html", **context)

    @pages.get("/query", response_class=HTMLResponse)
    def query_get(request: Request, query: str | None = None, example: str | None = None) -> Response:
        return query_page(request, query, example)

    @pages.post("/query", response_class=HTMLResponse)
    async def query_post(request: Request) -> Response:
        try:
            form = await read_form(request)
        except QuipuError as error:
            return renderer.error(request, error)
        query = first_value(form, "query")
        return await run_in_threadpool(query_page, request, query, None)

    return pages


__all__ = ["router"]
