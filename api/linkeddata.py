"""Linked Data: entity IRIs that dereference, the ontology, VoID and a JSON-LD context.

An IRI under ``QUIPU_BASE_IRI`` is served at the same path below ``/id/`` (with the
default base, ``https://w3id.org/quipu/id/institution/mtpe`` is ``/id/institution/mtpe``),
so a proxy or a w3id redirect makes every IRI resolvable.
"""

from __future__ import annotations

import html
import json
import re

import pyoxigraph as ox

from quipu.core.codegen import ontology_terms
from quipu.core.errors import QueryError
from quipu.graph import QP, QueryResult
from quipu.graph.formats import GRAPH_FORMATS
from quipu.graph.terms import iri_term
from quipu.ontology import NAMESPACE, ONTOLOGY_IRI
from quipu.workspace.workspace import Workspace

PREFIXES = {
    "qp": NAMESPACE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "qb": "http://purl.org/linked-data/cube#",
    "schema": "https://schema.org/",
    "void": "http://rdfs.org/ns/void#",
}
# Incoming links that are bookkeeping (mentions, reified statements), not facts about the thing.
_BOOKKEEPING = (
    "http://www.w3.org/ns/oa#hasBody",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#object",
)


# What a key below /id/ may look like: the path segments Quipu mints (document/…,
# institution/mtpe, norm/DS-1-2012-TR …). Anything else cannot name a resource of ours.
_SEGMENT = r"(?:[A-Za-z0-9._~+-]|%[0-9A-Fa-f]{2})+"
KEY = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
MAX_KEY = 512
# Most triples a description lists in each direction; an entity with more is cut.
DESCRIBE_LIMIT = 20_000


def iri_of_key(key: str, base: str) -> str | None:
    """The IRI a path below ``/id/`` names, or None when it cannot be one of ours."""
    if len(key) > MAX_KEY or not KEY.fullmatch(key):
        return None
    try:
        iri_term(base + key)  # the base itself may make it invalid
    except QueryError:
        return None
    return base + key


def exists(workspace: Workspace, iri: str) -> bool:
    """Whether the graph says anything of ``iri``: two index lookups, no query."""
    store = workspace.store
    return bool(store.quads(subject=iri, limit=1) or store.quads(object=iri, limit=1))


def describe(workspace: Workspace, iri: str, media_type: str) -> QueryResult:
    """What the graph says of ``iri`` (its own statements and the links to it, without
    bookkeeping), each triple once, read by pattern lookups and written in ``media_type``."""
    store = workspace.store
    triples: dict[ox.Triple, None] = {}
    for quad in store.quads(subject=iri, limit=DESCRIBE_LIMIT):
        triples.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
    for quad in store.quads(object=iri, limit=DESCRIBE_LIMIT):
        if quad.predicate.value not in _BOOKKEEPING:
            triples.setdefault(ox.Triple(quad.subject, quad.predicate, quad.object), None)
    fmt = GRAPH_FORMATS[media_type]
    body = ox.serialize(list(triples), format=fmt, prefixes=PREFIXES if fmt in _PREFIXED else None)
    return QueryResult(body or b"", media_type)


_PREFIXED = {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG}


def local_path(iri: str, base: str) -> str:
    """Where an IRI is served on this service, or the IRI itself when it is not ours."""
    if iri.startswith(base):
        return "/id/" + iri[len(base):]
    if iri.startswith(ONTOLOGY_IRI):
        return "/ontology"
    return iri


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def entity_html(workspace: Workspace, iri: str) -> str:
    """A readable page of one resource: its facts, what links to it, where it is mentioned."""
    base = workspace.settings.base()
    e = html.escape
    bound = {"this": iri}  # the IRI is bound as a term, never written into the query
    outgoing = workspace.store.select(
        f"SELECT ?p ?o ?label WHERE {{ ?this ?p ?o OPTIONAL {{ ?o <{PREFIXES['skos']}prefLabel> ?label }} }} "
        "ORDER BY ?p ?o LIMIT 2000",
        bound,
    )
    excluded = ", ".join(f"<{p}>" for p in _BOOKKEEPING + (str(QP.mentionedIn),))
    incoming = workspace.store.select(
        f"SELECT ?s ?p ?label WHERE {{ ?s ?p ?this FILTER(?p NOT IN ({excluded})) "
        f"OPTIONAL {{ ?s <{PREFIXES['skos']}prefLabel> ?label }} }} ORDER BY ?p ?s LIMIT 500",
        bound,
    )
    sources = workspace.store.select(
        f"""PREFIX oa: <{PREFIXES['oa']}> PREFIX prov: <{PREFIXES['prov']}> PREFIX qp: <{NAMESPACE}>
        PREFIX dct: <{PREFIXES['dct']}>
        SELECT ?quote ?passage ?title ?start WHERE {{ ?this qp:mentionedIn ?m . ?m prov:wasDerivedFrom ?passage ;
          oa:hasTarget ?t . ?t oa:hasSelector ?q , ?pos . ?q oa:exact ?quote . ?pos oa:start ?start .
          ?passage qp:inDocument/dct:title ?title }} ORDER BY ?title ?start LIMIT 200""",
        bound,
    )
    labels = [r["o"] for r in outgoing if r["p"].endswith("#prefLabel") or r["p"].endswith("dc/terms/title")]
    title = labels[0] if labels else iri.rsplit("/", 1)[-1]

    def value(iri_or_literal: str, label: str | None) -> str:
        if iri_or_literal.startswith(("http://", "https://")):
            return f'<a href="{e(local_path(iri_or_literal, base))}">{e(label or _short(iri_or_literal))}</a>'
        return e(iri_or_literal)

    rows = "".join(f"<tr><th scope=row>{e(_short(r['p']))}</th><td>{value(r['o'], r.get('label'))}</td></tr>" for r in outgoing)
    links = "".join(f"<li>{value(r['s'], r.get('label'))} <small>{e(_short(r['p']))}</small></li>" for r in incoming)
    quotes = "".join(
        f"<li><blockquote>{e(r['quote'])}</blockquote> — {e(r['title'])}, "
        f"<a href=\"{e(local_path(r['passage'], base))}\">passage</a></li>"
        for r in sources
    )
    return f"""<!doctype html><html lang="es"><head><meta charset="utf-8"><title>{e(title)} · Quipu</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;line-height:1.5}}
th{{text-align:left;vertical-align:top;padding-right:1rem;color:#333}}blockquote{{margin:0;display:inline;color:#222}}
a{{color:#0645ad}}small{{color:#555}}</style></head><body>
<p><a href="/">Quipu</a></p><h1>{e(title)}</h1><p><code>{e(iri)}</code> ·
<a href="{e(local_path(iri, base))}?format=turtle">Turtle</a> · <a href="{e(local_path(iri, base))}?format=jsonld">JSON-LD</a></p>
<h2>Facts</h2><table>{rows}</table>
<h2>Linked from</h2><ul>{links or '<li>nothing</li>'}</ul>
<h2>Sources</h2><ul>{quotes or '<li>none</li>'}</ul></body></html>"""


def void_description(workspace: Workspace, endpoint: str, base_url: str) -> str:
    """A VoID description of the dataset, with counts read from the graph."""
    base = workspace.settings.base()
    triples = workspace.store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]
    classes = workspace.store.select(
        f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c FILTER(STRSTARTS(STR(?c), \"{NAMESPACE}\")) }} GROUP BY ?c ORDER BY ?c"
    )
    partitions = "".join(
        f"    void:classPartition [ void:class <{r['c']}> ; void:entities {r['n']} ] ;\n" for r in classes
    )
    return f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dct: <http://purl.org/dc/terms/> .
<{base_url}/.well-known/void#quipu> a void:Dataset ;
    dct:title "Quipu: employment-policy documents as a knowledge graph"@en ;
    void:sparqlEndpoint <{endpoint}> ;
    void:uriSpace "{base}" ;
    void:vocabulary <{NAMESPACE}> , <http://data.europa.eu/eli/ontology#> , <http://www.w3.org/ns/org#> ,
        <http://purl.org/vocab/cpsv#> , <http://purl.org/linked-data/cube#> , <http://www.w3.org/ns/prov#> ,
        <http://www.w3.org/ns/oa#> , <http://www.w3.org/2004/02/skos/core#> ;
    void:dataDump <{base_url}/v1/dump?format=trig> ;
{partitions}    void:triples {triples} .
"""


def jsonld_context() -> str:
    """A JSON-LD context with our prefixes and every qp: term by its bare name."""
    context: dict[str, object] = dict(PREFIXES)
    for term in ontology_terms():
        context[term] = f"qp:{term}"
    return json.dumps({"@context": context}, indent=2, ensure_ascii=False)
