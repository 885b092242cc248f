"""The HTTP service: health, search and a SPARQL 1.1 Protocol endpoint."""


import hmac
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from quipu.core.errors import ForbiddenError, NotFoundError, QueryError
from quipu.core.settings import Settings, get_settings
from quipu.graph.formats import GRAPH_FORMATS, RESULTS_FORMATS, expand, parse_accept
from quipu.ingest.source import MEDIA_TYPES
from quipu.ontology import ONTOLOGY_IRI
from quipu.workspace.pipeline import apply_update
from quipu.workspace.workspace import Workspace, executor_for

from . import docs, entities, errors, linkeddata, web
from .answers import AskResponse, answer_question
from .errors import responses
from .forms import client_of, first_value, public_root, read_form, read_text
from .params import AnyFormat, GraphFormat, Language, SearchMode
from .schemas import MAX_CONTEXT, Health, IngestProgress, SearchResponse

# What the routes that return RDF or SPARQL results declare they may answer with.
RDF_CONTENT: dict[str, Any] = {media: {} for media in GRAPH_FORMATS}
SPARQL_CONTENT: dict[str, Any] = {media: {} for media in [*RESULTS_FORMATS, *GRAPH_FORMATS]}
# A question: at least one character that is not a space.
QUESTION = r"\S"

SERVICE_DESCRIPTION = """@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .
[] a sd:Service ;
   sd:endpoint <{endpoint}> ;
   sd:supportedLanguage sd:SPARQL11Query ;
   sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
       fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:TriG ;
   sd:feature sd:UnionDefaultGraph ;
   sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""

def create_app(settings: Settings | None = None, *, workspace: Workspace | None = None) -> FastAPI:
    """A FastAPI app over the data directory of ``settings`` (default: the environment)."""
    settings = settings or get_settings()
    if workspace is None:
        workspace = Workspace(settings, executor=executor_for(settings))
    app = FastAPI(
        title="Quipu",
        version="0.1.0",
        description="Knowledge graph and semantic search over public-policy documents.",
        docs_url=None,  # FastAPI's pages load their scripts from a CDN; docs.install serves them from here
        redoc_url=None,
    )
    docs.install(app)
    app.state.workspace = workspace
    errors.install(app)
    app.add_middleware(errors.SizeLimits, max_url=settings.max_url_bytes, max_body=settings.max_body_bytes)
    app.include_router(entities.router(workspace))
    app.include_router(web.router(workspace))

    @app.get("/health", response_model=Health, tags=["service"], responses=responses(503))
    def health() -> Health:
        running = workspace.ingest_status()
        ingest = None
        if running is not None:
            ingest = IngestProgress(
                files_done=running.files_done, files_total=running.files_total,
                passages_done=running.passages_done, passages_total=running.passages_total,
                seconds=round(time.time() - running.started, 1),
            )
        if workspace.is_empty():
            return Health(
                status="ingesting" if ingest else "empty", generation=None, documents=0, passages=0, triples=0,
                model=settings.model, ingest=ingest,
            )
        state = workspace.state
        damaged = workspace.damaged
        return Health(
            status="degraded" if damaged else "ingesting" if ingest else "ok",
            ingest=ingest,
            damaged=damaged,
            generation=workspace.generation,
            documents=len(state.documents),
            passages=len(workspace.index),
            triples=workspace.triples,
            model=settings.model,
        )

    @app.get("/v1/documents/{doc_id}/file", tags=["documents"], responses=responses(404, 503),
             summary="The original file of an ingested document, read-only (add #page=N to open a PDF at a page)")
    def document_file(doc_id: str) -> FileResponse:
        # Only files recorded by an ingest are served, looked up by their document id, so
        # no request can name a path: nothing outside the ingested roots is reachable.
        if workspace.is_empty():
            raise NotFoundError(f"no document {doc_id!r}: nothing is ingested yet")
        recorded = workspace.state.documents.get(doc_id)
        if recorded is None:
            raise NotFoundError(f"no document {doc_id!r}; GET /documents lists them")
        path = Path(recorded.file)
        if not path.is_file():
            raise NotFoundError(f"the file of {doc_id!r} is no longer at {path.name}; ingest its folder again")
        media_type = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
        if media_type.startswith("text/"):
            media_type += "; charset=utf-8"
        return FileResponse(path, media_type=media_type, content_disposition_type="inline", filename=path.name)

    @app.get("/v1/search", response_model=SearchResponse, tags=["search"], responses=responses(400, 413, 414, 503))
    def search(
        q: Annotated[str, Query(description="Question or keywords, in Spanish or English", pattern=QUESTION)],
        k: Annotated[int, Query(description="How many passages to return", ge=1, le=settings.max_k)] = 10,
        mode: Annotated[
            SearchMode, Query(description="full (default: graph- and glossary-aware), hybrid, lexical or dense")
        ] = "full",
        document: Annotated[list[str], Query(description="Only these documents (ids); repeat for several")] = [],
        year: Annotated[list[int], Query(description="Only documents of these years")] = [],
        type: Annotated[list[str], Query(description="Only documents of these types (as in the manifest)")] = [],
        region: Annotated[list[str], Query(description="Only passages naming this region: key (region/puno) or name")] = [],
        entity: Annotated[list[str], Query(description="Only passages naming this entity: key, label or acronym")] = [],
        context: Annotated[
            int,
            Query(description="Also return, for each result, this many passages before and after it in its "
                  "document (`before`, `after`); the results and their order stay the same", ge=0, le=MAX_CONTEXT),
        ] = 0,
    ) -> SearchResponse:
        found = workspace.search(
            q, k, mode=mode, documents=document, years=year, document_types=type, regions=region, entities=entity
        )
        if not context:
            return SearchResponse.of(found)
        return SearchResponse.of(found, workspace.index.neighbours([h.record.id for h in found.hits], context))

    @app.get("/v1/ask", response_model=AskResponse, tags=["search"], responses=responses(400, 413, 414, 503))
    def ask(
        q: Annotated[str, Query(description="A question, in Spanish or English", pattern=QUESTION)],
        k: Annotated[int, Query(description="How many passages to return beside the answer cards", ge=1,
                                le=settings.max_k)] = 5,
        lang: Annotated[Language, Query(description="The language of the cards' labels (properties, kinds of value)")]
        = "es",
    ) -> AskResponse:
        """Passages that answer the question, and answer cards: the entities it names, with
        only the facts of the graph that bear on it, each with the sentence that states it."""
        return answer_question(workspace, q, k, lang=lang)

    def answer(
        request: Request, query: str | None, fmt: str | None, default: list[str], named: list[str]
    ) -> Response:
        if query is None:
            if default or named:
                raise QueryError("default-graph-uri and named-graph-uri go with a query; give one in `query`")
            endpoint = public_root(request, settings) + "/sparql"
            return Response(SERVICE_DESCRIPTION.format(endpoint=endpoint), media_type="text/turtle")
        accept = [expand(fmt)] if fmt else parse_accept(request.headers.get("accept"))
        result = workspace.sparql(
            query, accept=accept, default_graphs=default, named_graphs=named, client=client_of(request)
        )
        return Response(result.body, media_type=result.media_type)

    def authorise_update(request: Request) -> None:
        token = settings.admin_token
        sent = request.headers.get("authorization", "")
        if not token:
            raise ForbiddenError("SPARQL updates are disabled; set QUIPU_ADMIN_TOKEN to allow them")
        if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
            raise ForbiddenError("SPARQL updates need 'Authorization: Bearer <QUIPU_ADMIN_TOKEN>'")

    sparql_responses = {200: {"content": SPARQL_CONTENT, "description": "Results, or the service description"},
                        **responses(400, 403, 413, 414, 503)}

    @app.get("/sparql", tags=["sparql"], summary="SPARQL query (GET); no query gives the service description",
             response_class=Response, responses=sparql_responses)
    def sparql_get(
        request: Request,
        query: Annotated[str | None, Query(description="SPARQL 1.1 query")] = None,
        format: Annotated[AnyFormat | None, Query(description="json, xml, csv, tsv, turtle, nt, trig, jsonld")] = None,
        default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
        named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
    ) -> Response:
        return answer(request, query, format, default_graph_uri or [], named_graph_uri or [])

    @app.options("/sparql", tags=["sparql"], summary="The methods /sparql takes", status_code=204,
                 response_class=Response, responses={204: {"description": "Allow lists the methods",
                 "headers": {"Allow": {"schema": {"type": "string"}}}}})
    def sparql_options() -> Response:
        return Response(status_code=204, headers={"Allow": "GET, POST, OPTIONS"})

    @app.post("/sparql", tags=["sparql"], summary="SPARQL query or update by POST (form, sparql-query, sparql-update)",
              response_class=Response, responses={**sparql_responses, 204: {"description": "Update applied"}},
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/sparql-query": {"schema": {"type": "string"}},
                  "application/sparql-update": {"schema": {"type": "string"}},
                  "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                      "query": {"type": "string"}, "update": {"type": "string"}}}},
              }}})
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        params = request.query_params
        fmt = params.get("format")
        default, named = params.getlist("default-graph-uri"), params.getlist("named-graph-uri")
        update = None
        if content_type == "application/sparql-query":
            query = await read_text(request)
        elif content_type == "application/sparql-update":
            query, update = None, await read_text(request)
        elif content_type == "application/x-www-form-urlencoded":
            form = await read_form(request)
            update = first_value(form, "update")
            query = first_value(form, "query")
            fmt = fmt or first_value(form, "format")
            default = default or form.get("default-graph-uri", [])
            named = named or form.get("named-graph-uri", [])
            if query is None and update is None:
                raise QueryError("the form has neither a 'query' nor an 'update' field")
        else:
            raise QueryError(
                "POST a SPARQL query as application/sparql-query, an update as application/sparql-update, "
                "or a form with a 'query' or 'update' field"
            )
        if update is not None:
            authorise_update(request)
            generation = await run_in_threadpool(apply_update, settings, update)
            return Response(status_code=204, headers={"X-Quipu-Generation": generation})
        return await run_in_threadpool(answer, request, query, fmt, default, named)

    def negotiate_rdf(request: Request, fmt: str | None) -> str | None:
        """The RDF media type asked for, or None when the client wants HTML."""
        if fmt:
            media = expand(fmt)
            if media not in GRAPH_FORMATS:
                raise QueryError(f"unknown format {fmt!r}; use turtle, nt, jsonld, rdfxml or trig")
            return media
        for media in parse_accept(request.headers.get("accept")):
            if media in ("text/html", "application/xhtml+xml"):
                return None
            if media in GRAPH_FORMATS:
                return media
            if media == "application/json":
                return "application/ld+json"
        return None if "text/html" in request.headers.get("accept", "") else "text/turtle"

    rdf_responses = {200: {"content": {**RDF_CONTENT, "text/html": {}}, "description": "RDF, or HTML for browsers"},
                     **responses(400, 404, 414, 503)}

    @app.get("/id/{path:path}", tags=["linked data"], summary="Dereference an entity IRI (HTML or RDF by Accept)",
             response_class=Response, responses=rdf_responses)
    def resource(request: Request, path: str, format: GraphFormat | None = None) -> Response:
        iri = linkeddata.iri_of_key(path, settings.base())
        if iri is None or not linkeddata.exists(workspace, iri):
            raise NotFoundError(
                f"nothing is known about /id/{path[:200]}; search with /v1/search or list entities with /v1/entities"
            )
        media = negotiate_rdf(request, format)
        if media is None:
            return HTMLResponse(linkeddata.entity_html(workspace, iri), headers={"Vary": "Accept"})
        result = linkeddata.describe(workspace, iri, media)
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    @app.get("/ontology", tags=["linked data"], summary="The Quipu ontology (Turtle, JSON-LD, …)",
             response_class=Response, responses=rdf_responses)
    def ontology(request: Request, format: GraphFormat | None = None) -> Response:
        media = negotiate_rdf(request, format) or "text/turtle"
        result = workspace.store.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ONTOLOGY_IRI}> {{ ?s ?p ?o }} }}", accept=[media]
        )
        return Response(result.body, media_type=result.media_type, headers={"Vary": "Accept"})

    @app.get("/.well-known/void", tags=["linked data"], summary="VoID description of the dataset",
             response_class=Response, responses={200: {"content": {"text/turtle": {}}, "description": "VoID"},
                                                 **responses(503)})
    def void(request: Request) -> Response:
        root = public_root(request, settings)
        return Response(linkeddata.void_description(workspace, f"{root}/sparql", root), media_type="text/turtle")

    @app.get("/context.jsonld", tags=["linked data"], summary="JSON-LD context of Quipu's terms",
             response_class=Response, responses={200: {"content": {"application/ld+json": {}}, "description": "Context"}})
    def context() -> Response:
        return Response(linkeddata.jsonld_context(), media_type="application/ld+json")

    @app.get("/v1/dump", tags=["linked data"], summary="The whole graph: trig (default), nquads, jsonld, turtle, nt",
             response_class=Response, responses={200: {"content": RDF_CONTENT, "description": "The dataset"},
                                                 **responses(400, 503)})
    def dump(format: GraphFormat = "trig") -> Response:
        media = expand(format)
        if media not in GRAPH_FORMATS:
            raise QueryError(f"unknown format {format!r}; use trig, nquads, jsonld, turtle or nt")
        return Response(workspace.store.dump(media), media_type=media)

    return app
