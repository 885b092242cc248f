"""The entity and graph API (/v1/entities, /v1/paths, /v1/observations …) over graph/explore.py."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from quipu.core.errors import NotFoundError, QueryError
from quipu.graph import explore
from quipu.workspace.workspace import Workspace

from .errors import responses
from .params import EntityType, TableFormat


def router(workspace: Workspace) -> APIRouter:
    api = APIRouter(prefix="/v1", tags=["entities"], responses=responses(400, 404, 503))
    base = workspace.settings.base()

    def graph() -> nx.MultiDiGraph:
        return explore.graph_of(workspace.store, base=base)

    @api.get("/entities", summary="List or type-ahead entities by type and label")
    def entities(
        type: Annotated[EntityType | None, Query(description="norm, institution, programme, service, region, indicator, …")] = None,
        q: Annotated[str | None, Query(description="Label, acronym or code, or the start of one")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> dict[str, Any]:
        found = explore.list_entities(workspace.store, base=base, type=type, q=q, limit=limit, offset=offset)
        return {"results": [asdict(e) for e in found]}

    @api.get("/entities/{key:path}/neighbourhood", summary="Entities linked to one, to a depth")
    def neighbourhood(key: str, depth: Annotated[int, Query(ge=1, le=4)] = 1) -> dict[str, Any]:
        found = explore.neighbourhood(graph(), key, depth)
        if found is None:
            raise NotFoundError(f"no entity {key!r}; list entities with /v1/entities?q=…")
        return found

    @api.get("/entities/{key:path}", summary="One entity: labels, facts, sources and incoming links")
    def entity(key: str) -> dict[str, Any]:
        found = explore.entity(workspace.store, key, base=base)
        if found is None:
            raise NotFoundError(f"no entity {key!r}; list entities with /v1/entities?q=…")
        return asdict(found)

    @api.get("/paths", summary="Shortest path between two entities")
    def path(source: Annotated[str, Query(alias="from")], target: Annotated[str, Query(alias="to")]) -> dict[str, Any]:
        found = explore.shortest_path(graph(), source, target)
        if found is None:
            raise NotFoundError(f"no path between {source!r} and {target!r}")
        return found

    @api.get("/top", summary="Most connected entities, per type")
    def top(type: EntityType | None = None, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
        return {"results": explore.most_connected(graph(), type, limit)}

    @api.get("/observations", summary="Indicator values as a table (JSON or CSV)",
             responses={200: {"content": {"application/json": {}, "text/csv": {}}, "description": "The values"}})
    def observations(request: Request, indicator: str | None = None, format: TableFormat = "json") -> Any:
        rows = explore.observations(workspace.store, indicator, base=base)
        if format == "csv" or "text/csv" in request.headers.get("accept", ""):
            return Response(explore.observations_csv(rows), media_type="text/csv")
        if format != "json":
            raise QueryError("format must be json or csv")
        return {"results": [asdict(r) for r in rows]}

    return api
