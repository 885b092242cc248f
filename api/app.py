"""The HTTP service: health, search and a SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from quipu.graph.formats import expand, parse_accept
from quipu.ingest.errors import ForbiddenError, QueryError
from quipu.ingest.settings import Settings, get_settings

from . import errors
from .schemas import Health, SearchResponse
from .workspace import Workspace

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

HOME = """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Quipu</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Quipu</h1><p>Knowledge graph and search over employment-policy documents.</p>
<ul><li><a href="/v1/search?q=Ventanilla%20%C3%9Anica%20de%20Promoci%C3%B3n%20del%20Empleo">/v1/search?q=…</a> passage search</li>
<li><a href="/sparql">/sparql</a> SPARQL 1.1 endpoint</li>
<li><a href="/health">/health</a> status</li><li><a href="/docs">/docs</a> API reference</li></ul></body></html>"""


def create_app(settings: Settings | None = None, *, workspace: Workspace | None = None) -> FastAPI:
    """A FastAPI app over the data directory of ``settings`` (default: the environment)."""
    settings = settings or get_settings()
    workspace = workspace or Workspace(settings)
    app = FastAPI(
        title="Quipu",
        version="0.1.0",
        description="Knowledge graph and semantic search over public-policy documents.",
    )
    app.state.workspace = workspace
    errors.install(app)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> str:
        return HOME

    @app.get("/health", response_model=Health, tags=["service"])
    def health() -> Health:
        if workspace.is_empty():
            return Health(status="empty", generation=None, documents=0, passages=0, triples=0, model=settings.model)
        state = workspace.state
        return Health(
            status="ok",
            generation=workspace.generation,
            documents=len(state.documents),
            passages=len(workspace.index.records),
            triples=len(workspace.store),
            model=settings.model,
        )

    @app.get("/v1/search", response_model=SearchResponse, tags=["search"])
    def search(
        q: Annotated[str, Query(description="Question or keywords, in Spanish or English")],
        k: Annotated[int, Query(description="How many passages to return")] = 10,
        mode: Annotated[str, Query(description="hybrid (default), lexical or dense")] = "hybrid",
    ) -> SearchResponse:
        return workspace.search(q, k, mode=mode)

    def answer(request: Request, query: str | None, fmt: str | None) -> Response:
        if query is None:
            endpoint = str(request.url.replace(query=""))
            return Response(SERVICE_DESCRIPTION.format(endpoint=endpoint), media_type="text/turtle")
        accept = [expand(fmt)] if fmt else parse_accept(request.headers.get("accept"))
        result = workspace.sparql(query, accept=accept)
        return Response(result.body, media_type=result.media_type)

    @app.get("/sparql", tags=["sparql"], summary="SPARQL query (GET); no query gives the service description")
    def sparql_get(
        request: Request,
        query: Annotated[str | None, Query(description="SPARQL 1.1 query")] = None,
        format: Annotated[str | None, Query(description="json, xml, csv, tsv, turtle, nt, trig")] = None,
    ) -> Response:
        return answer(request, query, format)

    @app.post("/sparql", tags=["sparql"], summary="SPARQL query by POST (form or application/sparql-query)")
    async def sparql_post(request: Request) -> Response:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8")
        fmt = request.query_params.get("format")
        if content_type == "application/sparql-query":
            query = body
        elif content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                raise ForbiddenError("SPARQL updates are not accepted by this endpoint")
            query = (form.get("query") or [None])[0]
            fmt = fmt or (form.get("format") or [None])[0]
            if query is None:
                raise QueryError("the form has no 'query' field")
        elif content_type == "application/sparql-update":
            raise ForbiddenError("SPARQL updates are not accepted by this endpoint")
        else:
            raise QueryError(
                "POST a SPARQL query as application/sparql-query or as a form with a 'query' field"
            )
        return await run_in_threadpool(answer, request, query, fmt)

    return app
