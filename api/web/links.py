"""Where things are on the site: the URLs of entities, documents, their files and searches.

Keys and ids are percent-quoted here, once, so a template or a picture never builds a
URL by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, urlencode

from quipu.graph.explore import EntitySummary


def entity_href(key: str) -> str:
    """The page of an entity, by key (``institution/mtpe``: its slash stays a slash)."""
    return "/entity/" + quote(key, safe="/")


def file_href(doc_id: str, page: int | None = None) -> str:
    """The original file of a document, served read-only; ``#page=N`` opens a PDF at page N."""
    href = "/v1/documents/" + quote(doc_id, safe="") + "/file"
    return f"{href}#page={page}" if page is not None else href


def document_href(doc_id: str, passage_id: str | None = None) -> str:
    """The page of a document, scrolled to one of its passages when one is given."""
    href = "/documents/" + quote(doc_id, safe="")
    return f"{href}#p-{passage_id}" if passage_id else href


def search_href(params: Mapping[str, str], name: str, value: str | None) -> str:
    """The search page with the parameters of this one, ``name`` set to ``value`` (None: dropped).

    Empty parameters are left out, so the URLs of facets and filter chips stay short.
    """
    changed = {k: v for k, v in params.items() if v and k != name}
    if value is not None:
        changed[name] = value
    return "/?" + urlencode(changed)


def value_link(value: str, kind: str, base: str, entities: Mapping[str, EntitySummary]) -> dict[str, str | None]:
    """How a value of the graph shows: its text, and a link when it names something with a page.

    ``kind`` is the SPARQL JSON term type (``uri``, ``literal``, ``bnode``); ``entities`` are
    the entities that have a page, by IRI. A passage links into its document, a document to
    its page, an entity to its page, any other IRI of ours to its ``/id/`` description.
    """
    if kind != "uri":
        return {"text": value, "href": None}
    if value.startswith(base + "passage/"):
        pid = value[len(base) + len("passage/") :]
        doc_id = pid.rsplit("-", 1)[0]
        return {"text": pid, "href": document_href(doc_id, pid)}
    if value.startswith(base + "document/"):
        doc_id = value[len(base) + len("document/") :]
        return {"text": doc_id, "href": document_href(doc_id)}
    summary = entities.get(value)
    if summary is not None:
        return {"text": summary.key, "href": entity_href(summary.key)}
    if value.startswith(base):
        return {"text": value[len(base) :], "href": "/id/" + value[len(base) :]}
    return {"text": value, "href": None}


__all__ = ["document_href", "entity_href", "file_href", "search_href", "value_link"]
