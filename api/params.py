"""The closed sets of values that parameters of the API take, as types.

Written out as ``Literal`` types so that the OpenAPI document lists each set (an ``enum``)
and a type checker sees it; each mirrors a set that another package owns at run time,
and ``tests/api/test_params.py`` checks that they agree (a mode or format added there
must be added here, which is when the API's contract changes).
"""

from __future__ import annotations

from typing import Literal

# quipu.search.SEARCH_MODES: how /v1/search ranks passages.
SearchMode = Literal["full", "hybrid", "lexical", "dense"]

# quipu.graph.formats.format_names(): what `format=` of /sparql accepts, short names first.
AnyFormat = Literal[
    "json", "xml", "csv", "tsv", "turtle", "ttl", "nt", "ntriples", "rdfxml", "trig", "nquads", "jsonld", "json-ld",
    "application/ld+json", "application/n-quads", "application/n-triples", "application/rdf+xml",
    "application/sparql-results+json", "application/sparql-results+xml", "application/trig", "text/csv",
    "text/tab-separated-values", "text/turtle",
]

# quipu.graph.formats.format_names(graph_only=True): the RDF formats (/id/…, /ontology, /v1/dump).
GraphFormat = Literal[
    "turtle", "ttl", "nt", "ntriples", "rdfxml", "trig", "nquads", "jsonld", "json-ld", "application/ld+json",
    "application/n-quads", "application/n-triples", "application/rdf+xml", "application/trig", "text/turtle",
]

# quipu.graph.explore.ENTITY_TYPES: the ontology's entity classes, by short name.
EntityType = Literal[
    "norm", "institution", "programme", "service", "region", "indicator", "objective", "action", "activity", "plan",
    "country",
]

# The two ways /v1/observations writes its table.
TableFormat = Literal["json", "csv"]
# The languages labels are given in (the web pages' catalogs, api/web/locales).
Language = Literal["es", "en"]

__all__ = ["AnyFormat", "EntityType", "GraphFormat", "Language", "SearchMode", "TableFormat"]
