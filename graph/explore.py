"""The entities of the graph and the links between them, as plain JSON-ready values.

Every function takes a *store*: any object with ``select(sparql) -> list[dict[str, str]]``
whose default graph is the union of all named graphs (both
:class:`~quipu.graph.store.OxigraphStore` and :class:`~quipu.graph.remote.SparqlEndpointStore`
qualify), and the base IRI under which the entities were minted (``Settings.base()``). The
base has no default: a default would quietly find nothing in a store written under another.
An entity is named by its *key*, the IRI's path after the base (``institution/mtpe``);
a full IRI is accepted too.

- :func:`list_entities`: typeahead and browsing (type filter, accent- and case-insensitive match);
- :func:`entity`: one entity with its labels, attributes, links and the passages that mention it;
- :func:`graph_of`: a networkx ``MultiDiGraph`` of entity-to-entity links, for
  :func:`neighbourhood`, :func:`shortest_path` and :func:`most_connected`;
- :func:`observations` and :func:`observations_csv`: indicator values with their sources.

:func:`graph_of` and the entity index behind :func:`list_entities` are built once per store
object and cached; call :func:`invalidate` after writing to a store that stays open (a new
generation opens a new store object, which starts with an empty cache).
"""

from __future__ import annotations

import copy
import csv
import io
import re
import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypeVar, get_args

import networkx as nx
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from quipu.core.errors import QueryError
from quipu.core.iris import normal_base
from quipu.core.namespace import QP
from quipu.core.text import fold
from quipu.ingest.facts import ObservationKind

from .facts import CLASSES, ELI, OA, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE, UNITS
from .terms import iri_term

ENTITY_TYPES: dict[str, str] = {name: str(cls) for name, cls in CLASSES.items()} | {"country": str(QP.Country)}
_TYPE_OF_CLASS = {cls: name for name, cls in ENTITY_TYPES.items()}
_UNIT_NAMES = {str(iri): name for name, iri in UNITS.items()}
_LABELS = {str(SKOS.prefLabel), str(SKOS.altLabel), str(RDFS.label)}
_NOT_LINKS = {str(RDF.type), str(QP.mentionedIn)}

PREFIXES: dict[str, str] = {
    "qp": str(QP._NS),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA),
    "dct": str(DCTERMS),
    "eli": str(ELI),
    "qb": str(QB),
    "xsd": str(XSD),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "geo": "http://www.opengis.net/ont/geosparql#",
}
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
# Characters an IRI reference cannot hold in SPARQL: a key with one of them names nothing.
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')

# Where a mention (or a statement's mention) was read: bind ?m first.
_SOURCE_PATTERN = """
  ?m prov:wasDerivedFrom ?passage ; oa:hasTarget ?t .
  ?t oa:hasSource ?doc ; oa:hasSelector ?qs , ?ps .
  ?qs oa:exact ?quote .
  ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL { ?doc dct:identifier ?docid }
  OPTIONAL { ?doc dct:title ?title }
  OPTIONAL { ?passage qp:section ?section }
"""


class Selectable(Protocol):
    def select(self, sparql: str, bindings: Mapping[str, str] | None = None) -> list[dict[str, str]]: ...


# ------------------------------------------------------------------ values


@dataclass(frozen=True)
class EntityRef:
    """An entity named in a link or a path."""

    iri: str
    key: str
    type: str | None
    label: str


@dataclass
class EntitySummary:
    """One row of :func:`list_entities`."""

    iri: str
    key: str
    type: str | None
    label: str
    alt_labels: list[str]
    mentions: int


@dataclass(frozen=True)
class DocumentRef:
    id: str
    title: str | None


@dataclass
class Source:
    """A span of a document that states something: the quote and where it is."""

    quote: str
    document: DocumentRef
    section: str | None
    start: int
    end: int
    passage: str  # the passage's IRI
    passage_id: str


@dataclass
class Link:
    """A link from or to an entity: the property, the entity at the other end, and where it is stated."""

    property: str  # IRI
    name: str  # compact, e.g. "qp:runBy"
    entity: EntityRef  # the other end
    sources: list[Source] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # the extraction rules that read it (IRIs)


@dataclass
class EntityDetail:
    """Everything :func:`entity` knows about one entity."""

    iri: str
    key: str
    type: str | None
    types: list[str]  # class IRIs
    label: str
    alt_labels: list[str]
    attributes: dict[str, list[str]]  # compact property name -> values (literals, or IRIs of non-entities)
    outgoing: list[Link]
    incoming: list[Link]
    sources: list[Source]  # where documents mention it (at most ``max_sources``)
    mention_count: int  # how many mentions there are in all

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ObservationRow:
    """One value of an indicator as a document prints it (see :func:`observations`)."""

    observation: str  # IRI
    indicator: str  # IRI
    indicator_key: str
    indicator_label: str | None
    kind: str  # baseline, target, achieved, executionRate, cost
    period: str | None
    raw: str  # the value as printed
    value: float | None
    unit: str | None  # percent, PEN, USD, count (or a unit IRI)
    document: str | None  # document id
    quote: str | None
    passage: str | None  # IRI
    breakdown: str | None = None  # the table row (place, course, service) the value is of


# ------------------------------------------------------------------ helpers


def _key_of(iri: str, base: str) -> str:
    return iri[len(base) :] if iri.startswith(base) else iri


def _iri_of(key: str, base: str) -> str | None:
    """The IRI an entity key (or IRI) names; None when it cannot be an IRI."""
    key = key.strip()
    iri = key if key.startswith(base) or re.match(r"^[a-z][a-z0-9+.-]*://", key) else base + key.lstrip("/")
    if _BAD_IRI.search(iri) or iri == base:
        return None
    try:
        iri_term(iri)  # the same check as when it is bound into a query
    except QueryError:
        return None
    return iri


def compact(iri: str) -> str:
    """``qp:runBy`` for the IRI of qp:runBy; the IRI itself when no known prefix fits."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w.-]+", iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _select(store: Selectable, body: str, **bindings: str) -> list[dict[str, str]]:
    """Rows of a query; ``bindings`` bind variables to IRIs (as terms: a key from a request
    is never written into the query text)."""
    return store.select(PROLOGUE + body, bindings or None)


def _entities_graph(base: str) -> str:
    return f"<{base}graph/entities>"


def _int(value: str | None) -> int:
    try:
        return int(float(value)) if value is not None else 0
    except ValueError:
        return 0


def _source(row: dict[str, str], base: str) -> Source:
    doc = row.get("doc", "")
    passage = row.get("passage", "")
    return Source(
        quote=row.get("quote", ""),
        document=DocumentRef(row.get("docid") or _key_of(doc, base + "document/"), row.get("title")),
        section=row.get("section"),
        start=_int(row.get("start")),
        end=_int(row.get("end")),
        passage=passage,
        passage_id=_key_of(passage, base + "passage/"),
    )


def _source_order(source: Source) -> tuple[str, int, int]:
    return (source.document.id, source.start, source.end)


# ------------------------------------------------------------------ per-store cache

_T = TypeVar("_T")
_cache: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], Any]] = weakref.WeakKeyDictionary()
_cache_by_id: dict[int, dict[tuple[str, str], Any]] = {}  # stores that cannot be weakly referenced
_cache_lock = threading.Lock()


def _cached(store: Selectable, what: str, base: str, build: Callable[[], _T]) -> _T:
    with _cache_lock:
        try:
            slot = _cache.setdefault(store, {})
        except TypeError:
            slot = _cache_by_id.setdefault(id(store), {})
        if (what, base) in slot:
            return slot[(what, base)]
    value = build()
    with _cache_lock:
        slot[(what, base)] = value
    return value


def invalidate(store: Selectable | None = None) -> None:
    """Forget what was cached for ``store`` (for every store when None), after writing to it."""
    with _cache_lock:
        if store is None:
            _cache.clear()
            _cache_by_id.clear()
            return
        try:
            _cache.pop(store, None)
        except TypeError:
            pass
        _cache_by_id.pop(id(store), None)


@dataclass
class _Indexed:
    summary: EntitySummary
    names: list[str]  # folded label, alt labels, acronym, notation, key slug


def _index(store: Selectable, base: str) -> dict[str, _Indexed]:
    """Every entity of the entities graph, by IRI, with folded names to match against."""

    def build() -> dict[str, _Indexed]:
        graph = _entities_graph(base)
        found: dict[str, _Indexed] = {}
        rows = _select(
            store, f"SELECT ?e ?type ?label WHERE {{ GRAPH {graph} {{ ?e a ?type ; skos:prefLabel ?label }} }}"
        )
        for row in sorted(rows, key=lambda r: (r["e"], r["type"] not in _TYPE_OF_CLASS, r["type"])):
            iri = row["e"]
            if iri in found:
                continue
            key = _key_of(iri, base)
            summary = EntitySummary(iri, key, _TYPE_OF_CLASS.get(row["type"]), row["label"], [], 0)
            found[iri] = _Indexed(summary, [fold(row["label"]), fold(key.rsplit("/", 1)[-1].replace("-", " "))])
        names = _select(
            store,
            f"SELECT ?e ?p ?name WHERE {{ GRAPH {graph} {{ "
            "VALUES ?p { skos:altLabel qp:acronym skos:notation } ?e ?p ?name } }",
        )
        for row in names:
            if (item := found.get(row["e"])) is None:
                continue
            if row["p"] == str(SKOS.altLabel) and row["name"] not in item.summary.alt_labels:
                item.summary.alt_labels.append(row["name"])
            item.names.append(fold(row["name"]))
        counts = _select(
            store,
            f"SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH {graph} {{ ?e a ?type }} ?e qp:mentionedIn ?m }} "
            "GROUP BY ?e",
        )
        for row in counts:
            if (item := found.get(row["e"])) is not None:
                item.summary.mentions = _int(row.get("n"))
        for item in found.values():
            item.summary.alt_labels.sort()
        return found

    return _cached(store, "index", base, build)


_WORD = re.compile(r"\w+")


def _match(needle: str, names: list[str]) -> int | None:
    """0 when a name starts with ``needle``; 1 when a name contains it, or when each of its
    words starts a word of one name ("min trab" finds "Ministerio de Trabajo"); else None."""
    if any(name.startswith(needle) for name in names):
        return 0
    if any(needle in name for name in names):
        return 1
    tokens = _WORD.findall(needle)
    if len(tokens) > 1:
        for name in names:
            words = _WORD.findall(name)
            if all(any(w.startswith(t) for w in words) for t in tokens):
                return 1
    return None


def _check_type(type: str | None) -> None:
    if type is not None and type not in ENTITY_TYPES:
        raise QueryError(f"unknown entity type {type!r}; use one of {', '.join(ENTITY_TYPES)}")


# ------------------------------------------------------------------ entities


def list_entities(
    store: Selectable,
    *,
    base: str,
    type: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EntitySummary]:
    """Entities of the entities graph, for browsing and typeahead.

    ``type`` is one of :data:`ENTITY_TYPES` (norm, institution, programme, service, region,
    indicator, objective, action, activity, plan, country). ``q`` matches, ignoring case and
    accents, anywhere in the preferred or an alternative label, the acronym, the code
    (skos:notation) or the key, or word by word ("min trab"). Entities whose name *starts*
    with ``q`` come first, then by how often documents mention them, then by label.
    """
    _check_type(type)
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    base = normal_base(base)
    items = list(_index(store, base).values())
    if type is not None:
        items = [i for i in items if i.summary.type == type]
    needle = fold(q or "")
    if needle:
        scored = []
        for item in items:
            rank = _match(needle, item.names)
            if rank is not None:
                scored.append((rank, item))
    else:
        scored = [(0, i) for i in items]
    scored.sort(key=lambda pair: (pair[0], -pair[1].summary.mentions, fold(pair[1].summary.label), pair[1].summary.key))
    return [
        EntitySummary(**{**asdict(item.summary), "alt_labels": list(item.summary.alt_labels)})
        for _, item in scored[offset : offset + limit]
    ]


def entity(
    store: Selectable, key: str, *, base: str, max_sources: int | None = 200
) -> EntityDetail | None:
    """One entity with its labels, attributes, links (with the quotes that state them) and mentions.

    None when the entities graph does not describe ``key``. ``max_sources`` caps the mentions
    returned (``mention_count`` tells how many there are); None returns them all.

    Kept per store, like the entity index: a store is one generation, which never changes,
    and the same entities are asked for again and again (answer cards, entity pages). Each
    caller gets its own copy.
    """
    base = normal_base(base)
    iri = _iri_of(key, base)
    if iri is None:
        return None
    found = _cached(store, f"entity {iri} {max_sources}", base, lambda: _entity(store, iri, base, max_sources))
    return copy.deepcopy(found)


def _entity(store: Selectable, iri: str, base: str, max_sources: int | None) -> EntityDetail | None:
    graph = _entities_graph(base)
    described = _select(store, f"SELECT ?p ?o WHERE {{ GRAPH {graph} {{ ?this ?p ?o }} }}", this=iri)
    if not described:
        return None
    index = _index(store, base)

    def ref(other: str) -> EntityRef:
        item = index.get(other)
        if item is not None:
            s = item.summary
            return EntityRef(s.iri, s.key, s.type, s.label)
        return EntityRef(other, _key_of(other, base), None, _key_of(other, base))

    types = sorted({r["o"] for r in described if r["p"] == str(RDF.type)})
    labels = [r["o"] for r in described if r["p"] == str(SKOS.prefLabel)]
    alt_labels = sorted({r["o"] for r in described if r["p"] == str(SKOS.altLabel)})

    # Attributes and links may come from any graph (a region's ubigeo is in the ontology graph).
    rows = _select(
        store,
        "SELECT DISTINCT ?p ?o (isLiteral(?o) AS ?literal) WHERE { ?this ?p ?o }",
        this=iri,
    )
    attributes: dict[str, list[str]] = {}
    outgoing: dict[tuple[str, str], Link] = {}
    for row in rows:
        p, o = row["p"], row["o"]
        if p in _LABELS or p in _NOT_LINKS:
            continue
        if row.get("literal") != "true" and o in index and o != iri:
            outgoing.setdefault((p, o), Link(p, compact(p), ref(o)))
        else:
            values = attributes.setdefault(compact(p), [])
            if o not in values:
                values.append(o)
    for values in attributes.values():
        values.sort()
    incoming: dict[tuple[str, str], Link] = {}
    for row in _select(store, f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p ?this . GRAPH {graph} {{ ?s a ?type }} }}", this=iri):
        if row["p"] not in _NOT_LINKS and row["s"] != iri:
            incoming.setdefault((row["p"], row["s"]), Link(row["p"], compact(row["p"]), ref(row["s"])))

    # The statements that cite each link.
    statements = _select(
        store,
        f"""SELECT DISTINCT ?dir ?p ?other ?m ?quote ?doc ?docid ?title ?passage ?section ?start ?end WHERE {{
  {{ ?st rdf:subject ?this ; rdf:predicate ?p ; rdf:object ?other . BIND("out" AS ?dir) }}
  UNION
  {{ ?st rdf:object ?this ; rdf:predicate ?p ; rdf:subject ?other . BIND("in" AS ?dir) }}
  ?st a qp:Statement ; qp:mentionedIn ?m .
  {_SOURCE_PATTERN}
}}""",
        this=iri,
    )
    seen: set[tuple[str, str, str, str]] = set()
    for row in statements:
        links = outgoing if row["dir"] == "out" else incoming
        link = links.get((row["p"], row["other"]))
        mark = (row["dir"], row["p"], row["other"], row["m"])
        if link is None or mark in seen:
            continue
        seen.add(mark)
        link.sources.append(_source(row, base))
    # The rules that read each link (a query of its own: joined to the sources above, Oxigraph
    # plans it far slower).
    rules = _select(
        store,
        """SELECT DISTINCT ?dir ?p ?other ?rule WHERE {
  { ?st rdf:subject ?this ; rdf:predicate ?p ; rdf:object ?other . BIND("out" AS ?dir) }
  UNION
  { ?st rdf:object ?this ; rdf:predicate ?p ; rdf:subject ?other . BIND("in" AS ?dir) }
  ?st qp:extractionRule ?rule .
}""",
        this=iri,
    )
    for row in rules:
        link = (outgoing if row["dir"] == "out" else incoming).get((row["p"], row["other"]))
        if link is not None and row["rule"] not in link.rules:
            link.rules.append(row["rule"])

    mentions = _select(
        store,
        f"""SELECT DISTINCT ?m ?quote ?doc ?docid ?title ?passage ?section ?start ?end WHERE {{
  ?this qp:mentionedIn ?m .
  {_SOURCE_PATTERN}
}}""",
        this=iri,
    )
    by_mention: dict[str, Source] = {}
    for row in mentions:
        by_mention.setdefault(row["m"], _source(row, base))
    sources = sorted(by_mention.values(), key=_source_order)

    def ordered(links: dict[tuple[str, str], Link]) -> list[Link]:
        for link in links.values():
            link.sources.sort(key=_source_order)
            link.rules.sort()
        return sorted(links.values(), key=lambda l: (l.name, fold(l.entity.label), l.entity.key))

    return EntityDetail(
        iri=iri,
        key=_key_of(iri, base),
        type=next((_TYPE_OF_CLASS[t] for t in types if t in _TYPE_OF_CLASS), None),
        types=types,
        label=labels[0] if labels else _key_of(iri, base),
        alt_labels=alt_labels,
        attributes=dict(sorted(attributes.items())),
        outgoing=ordered(outgoing),
        incoming=ordered(incoming),
        sources=sources if max_sources is None else sources[:max_sources],
        mention_count=len(sources),
    )


# ------------------------------------------------------------------ the link graph


def graph_of(store: Selectable, *, base: str) -> nx.MultiDiGraph:
    """Every entity of the entities graph as a node (keyed by entity key; attributes iri, label,
    type) and every link between two of them, in any graph, as an edge (keyed by the compact
    property name; attributes property, name). Cached per store object: see :func:`invalidate`."""
    base = normal_base(base)

    def build() -> nx.MultiDiGraph:
        index = _index(store, base)
        g = nx.MultiDiGraph()
        for item in index.values():
            s = item.summary
            g.add_node(s.key, iri=s.iri, label=s.label, type=s.type)
        graph = _entities_graph(base)
        rows = _select(
            store,
            f"""SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH {graph} {{ ?s a ?sType }}
  ?s ?p ?o .
  FILTER(isIRI(?o) && ?p != rdf:type && ?p != qp:mentionedIn && ?s != ?o)
  GRAPH {graph} {{ ?o a ?oType }}
}}""",
        )
        for row in rows:
            if row["s"] not in index or row["o"] not in index:
                continue
            name = compact(row["p"])
            g.add_edge(_key_of(row["s"], base), _key_of(row["o"], base), key=name, property=row["p"], name=name)
        return g

    return _cached(store, "graph", base, build)


def _node(graph: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    data = graph.nodes[key]
    return {"key": key, "iri": data.get("iri"), "label": data.get("label"), "type": data.get("type")}


def _edges_between(graph: nx.MultiDiGraph, a: str, b: str) -> list[dict[str, Any]]:
    edges = []
    for u, v in ((a, b), (b, a)) if a != b else ((a, b),):
        for name, data in sorted((graph.get_edge_data(u, v) or {}).items()):
            edges.append({"source": u, "target": v, "property": data.get("property"), "name": name})
    return edges


def _resolve_node(graph: nx.MultiDiGraph, key: str) -> str | None:
    if key in graph:
        return key
    for node, data in graph.nodes(data=True):  # a full IRI
        if data.get("iri") == key:
            return node
    return None


def neighbourhood(graph: nx.MultiDiGraph, key: str, depth: int = 1, *, max_nodes: int = 500) -> dict[str, Any] | None:
    """The entities within ``depth`` links of ``key`` (either direction) and every link among them.

    ``{"center", "depth", "nodes": [{key, iri, label, type, distance}], "edges": [{source, target,
    property, name}], "truncated"}``; None when ``key`` is not a node. At most ``max_nodes``
    nodes, nearest (then most connected) first; ``truncated`` says whether some were left out.
    """
    center = _resolve_node(graph, key)
    if center is None:
        return None
    if depth < 0:
        raise QueryError("depth must not be negative")
    distances = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), center, cutoff=depth)
    ordered = sorted(distances, key=lambda n: (distances[n], -graph.degree(n), n))
    kept = ordered[:max_nodes]
    keep = set(kept)
    nodes = [{**_node(graph, n), "distance": distances[n]} for n in kept]
    edges = [
        {"source": u, "target": v, "property": data.get("property"), "name": name}
        for u, v, name, data in graph.edges(kept, keys=True, data=True)
        if v in keep
    ]
    edges.sort(key=lambda e: (e["source"], e["target"], e["name"]))
    return {
        "center": _node(graph, center),
        "depth": depth,
        "nodes": nodes,
        "edges": edges,
        "truncated": len(ordered) > len(kept),
    }


def shortest_path(graph: nx.MultiDiGraph, a: str, b: str) -> dict[str, Any] | None:
    """The shortest chain of links from ``a`` to ``b``, followed in either direction.

    ``{"nodes": [...], "edges": [...]}`` (the edges between consecutive nodes, with their real
    direction), or None when either is unknown or nothing connects them.
    """
    start, end = _resolve_node(graph, a), _resolve_node(graph, b)
    if start is None or end is None:
        return None
    try:
        path = nx.shortest_path(graph.to_undirected(as_view=True), start, end)
    except nx.NetworkXNoPath:
        return None
    edges = [e for u, v in zip(path, path[1:]) for e in _edges_between(graph, u, v)]
    return {"nodes": [_node(graph, n) for n in path], "edges": edges}


def most_connected(graph: nx.MultiDiGraph, type: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """The entities with the most links (in + out), optionally of one type."""
    _check_type(type)
    candidates = [n for n, data in graph.nodes(data=True) if type is None or data.get("type") == type]
    candidates.sort(key=lambda n: (-graph.degree(n), fold(str(graph.nodes[n].get("label") or "")), n))
    return [
        {**_node(graph, n), "degree": graph.degree(n), "out": graph.out_degree(n), "in": graph.in_degree(n)}
        for n in candidates[:limit]
    ]


# ------------------------------------------------------------------ observations


def observations(
    store: Selectable, indicator_key: str | None = None, *, base: str
) -> list[ObservationRow]:
    """Indicator values (baseline, target, achieved, execution rate, cost) with the quote and
    document each was read from; all indicators', or one's. Ordered by indicator, period, kind."""
    base = normal_base(base)
    bound: dict[str, str] = {}
    if indicator_key is not None:
        iri = _iri_of(indicator_key, base)
        if iri is None:
            return []
        bound["wanted"] = iri
    rows = _select(
        store,
        f"""SELECT DISTINCT ?obs ?indicator ?label ?kind ?period ?breakdown ?raw ?value ?unit ?m ?quote ?docid ?doc ?passage
WHERE {{
  {"BIND(?wanted AS ?indicator)" if bound else ""}
  ?obs a qp:Observation ; qp:indicator ?indicator ; qp:observationKind ?kind ; qp:rawValue ?raw .
  OPTIONAL {{ GRAPH {_entities_graph(base)} {{ ?indicator skos:prefLabel ?label }} }}
  OPTIONAL {{ ?obs sdmx-dimension:refPeriod ?period }}
  OPTIONAL {{ ?obs qp:breakdown ?breakdown }}
  OPTIONAL {{ ?obs sdmx-measure:obsValue ?value }}
  OPTIONAL {{ ?obs sdmx-attribute:unitMeasure ?unit }}
  OPTIONAL {{
    ?obs qp:mentionedIn ?m .
    ?m prov:wasDerivedFrom ?passage ; oa:hasTarget ?t .
    ?t oa:hasSource ?doc ; oa:hasSelector ?qs .
    ?qs oa:exact ?quote .
    OPTIONAL {{ ?doc dct:identifier ?docid }}
  }}
}}""",
        **bound,
    )
    found: dict[str, ObservationRow] = {}
    for row in rows:
        if row["obs"] in found:
            continue
        try:
            value = float(row["value"]) if "value" in row else None
        except ValueError:
            value = None
        unit = row.get("unit")
        found[row["obs"]] = ObservationRow(
            observation=row["obs"],
            indicator=row["indicator"],
            indicator_key=_key_of(row["indicator"], base),
            indicator_label=row.get("label"),
            kind=row["kind"].rsplit("/", 1)[-1],
            period=row.get("period"),
            raw=row["raw"],
            value=value,
            unit=_UNIT_NAMES.get(unit, unit) if unit else None,
            document=row.get("docid") or (_key_of(row["doc"], base + "document/") if "doc" in row else None),
            quote=row.get("quote"),
            passage=row.get("passage"),
            breakdown=row.get("breakdown"),
        )
    kinds = list(get_args(ObservationKind))
    return sorted(
        found.values(),
        key=lambda r: (
            fold(r.indicator_label or r.indicator_key),
            r.indicator_key,
            r.period or "",
            kinds.index(r.kind) if r.kind in kinds else len(kinds),
            r.breakdown or "",
            r.document or "",
            r.observation,
        ),
    )


def observed(store: Selectable, *, base: str) -> dict[str, str]:
    """Every entity that has values (an indicator, or an activity, action, objective, plan or
    programme a table gives figures for), by key, with its label; cached per store."""
    base = normal_base(base)

    def build() -> dict[str, str]:
        rows = _select(
            store,
            f"""SELECT DISTINCT ?indicator ?label WHERE {{
  ?obs a qp:Observation ; qp:indicator ?indicator .
  OPTIONAL {{ GRAPH {_entities_graph(base)} {{ ?indicator skos:prefLabel ?label }} }}
}}""",
        )
        found: dict[str, str] = {}
        for row in rows:
            key = _key_of(row["indicator"], base)
            found.setdefault(key, row.get("label") or key.rsplit("/", 1)[-1].replace("-", " "))
        return found

    return _cached(store, "observed", base, build)


OBSERVATION_COLUMNS = (
    "indicator_key", "indicator_label", "kind", "period", "raw", "value", "unit", "document", "quote", "passage",
    "indicator", "observation", "breakdown",
)


def observations_csv(rows: list[ObservationRow]) -> str:
    """The rows of :func:`observations` as CSV (RFC 4180, a header row first)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(OBSERVATION_COLUMNS)
    for row in rows:
        data = asdict(row)
        writer.writerow(["" if data[c] is None else data[c] for c in OBSERVATION_COLUMNS])
    return out.getvalue()
