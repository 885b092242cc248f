"""Media types of SPARQL results and RDF serialisations, and how a request picks one."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

# Results of SELECT and ASK.
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
# Results of CONSTRUCT and DESCRIBE, and exports.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# Short names accepted by `format=` and the CLI's --format.
ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
}
DEFAULT_RESULTS = "application/sparql-results+json"
DEFAULT_GRAPH = "text/turtle"


def format_names(graph_only: bool = False) -> tuple[str, ...]:
    """What ``format=`` accepts: short names and media types (graph formats only, or all)."""
    offered = set(GRAPH_FORMATS) if graph_only else set(GRAPH_FORMATS) | set(RESULTS_FORMATS)
    return tuple(dict.fromkeys([*(n for n, m in ALIASES.items() if m in offered), *sorted(offered)]))


def expand(name: str) -> str:
    """A media type for a short name such as 'csv', or the name itself."""
    return ALIASES.get(name.strip().lower(), name.strip().lower())


def choose(accepted: Sequence[str], offered: Sequence[str], default: str) -> str:
    """The first accepted media type that is offered; the default for '*/*' or no match.

    ``accepted`` is already ordered by preference (see :func:`parse_accept`).
    """
    for media_type in accepted:
        media_type = expand(media_type)
        if media_type in offered:
            return media_type
        # application/json is what generic HTTP clients send for SPARQL JSON.
        if media_type == "application/json" and DEFAULT_RESULTS in offered:
            return DEFAULT_RESULTS
    return default


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, most preferred first (q-values honoured)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            weighted.append((-q, position, fields[0].lower()))
    return [media for _, _, media in sorted(weighted)]
