"""Passages in PostgreSQL: pgvector for the vectors, tsvector columns for BM25, filters in SQL.

``QUIPU_SEARCH_URL=postgresql://…`` puts the passage index in a database that any
number of ``quipu serve`` processes, on any machines, search at once; one ingest at a
time writes it (an advisory lock says so to a second one).

What is stored (schema version :data:`SCHEMA_VERSION`, created and migrated by Quipu,
recorded in ``quipu_schema``):

- ``quipu_passages``: one row per passage: its record (JSON), year, type, the keys a
  region or entity filter matches it by (those it mentions and those its document is
  about), its BM25 terms twice (``text_terms``: the passage; ``context_terms``: with
  its document title, section path and table header) as ``tsvector`` with their lengths,
  and its vector (``vector(d)`` with an HNSW index, cosine);
- ``quipu_terms``: per field and term, how many passages hold it (BM25's IDF);
- ``quipu_documents``: per document, a digest of its passages (a sync rewrites only the
  documents that changed);
- ``quipu_meta``: the model, the dimension, the entity catalog, the ingest state, the
  totals BM25 needs (passages, term counts) and a version that every write bumps, so a
  serving process notices a new ingest.

BM25 is computed in SQL exactly as bm25s computes it for the embedded store (Lucene's
variant: k1 1.5, b 0.75, IDF ln(1 + (N − df + 0.5)/(df + 0.5))), over the terms Quipu's
own Spanish analysis makes (:class:`~quipu.search.analysis.SpanishAnalyzer`: the
Snowball stemmer of PostgreSQL's ``spanish`` configuration, with stop words and accents
folded). The terms are made in Python, not by ``to_tsvector('spanish', …)``, so that
both backends index the same terms and rank a query alike; a GIN index on each
``tsvector`` finds the passages that hold a query term. A document's passages are
replaced in one transaction, so a reader never sees half a document.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

import numpy as np

from quipu.core.errors import ConfigError, StoreError

from .analysis import SpanishAnalyzer, spanish_analyzer
from .catalog import EntityCatalog
from .filters import SearchFilters
from .passages import context_text, heading_text
from .records import PassageRecord
from .store import EmbedderSource, Field, LazyEmbedder, Neighbours, Scored, StoreStats

SCHEMA_VERSION = 2
K1, B = 1.5, 0.75  # bm25s defaults (its Lucene variant leaves out the (k1 + 1) factor)
FIELDS: dict[str, int] = {"text": 0, "context": 1, "heading": 2}
# A tsvector keeps at most 256 positions of a lexeme; a passage repeats no term that often.
MAX_POSITIONS = 255
# Nearest neighbours an HNSW search visits: at least the depth the full retrieval fuses.
EF_SEARCH = 200
# Below this many passages every vector is compared (exact, as the embedded store's flat index
# is): a scan of a few MB costs less than what an HNSW walk misses, and both stores then rank
# alike.
EXACT_BELOW = 10_000
LOCK_ID = 0x5155_4950  # "QUIP": the advisory lock of the one ingest that writes

MIGRATIONS: dict[int, list[str]] = {
    1: [
        "CREATE EXTENSION IF NOT EXISTS vector",
        """CREATE TABLE quipu_meta (key text PRIMARY KEY, value jsonb NOT NULL)""",
        """CREATE TABLE quipu_documents (
            id text PRIMARY KEY,
            digest text NOT NULL,
            passages integer NOT NULL
        )""",
        """CREATE TABLE quipu_passages (
            key bigserial PRIMARY KEY,
            id text NOT NULL UNIQUE,
            document_id text NOT NULL REFERENCES quipu_documents (id) ON DELETE CASCADE,
            ord integer NOT NULL,
            record jsonb NOT NULL,
            year integer,
            document_type text,
            keys text[] NOT NULL DEFAULT '{}',
            text_terms tsvector NOT NULL,
            text_length integer NOT NULL,
            context_terms tsvector NOT NULL,
            context_length integer NOT NULL,
            embedding vector NOT NULL
        )""",
        "CREATE INDEX quipu_passages_document ON quipu_passages (document_id, ord)",
        "CREATE INDEX quipu_passages_text_terms ON quipu_passages USING gin (text_terms)",
        "CREATE INDEX quipu_passages_context_terms ON quipu_passages USING gin (context_terms)",
        "CREATE INDEX quipu_passages_keys ON quipu_passages USING gin (keys)",
        """CREATE TABLE quipu_terms (
            field smallint NOT NULL,
            term text NOT NULL,
            df integer NOT NULL,
            PRIMARY KEY (field, term)
        )""",
    ],
    # The headings as a field of their own. Passages are derived data (the ingest's ledger
    # holds them), so they are emptied rather than analysed here: the next `quipu ingest`
    # sees an empty database and fills it, without embedding anything again.
    2: [
        "DELETE FROM quipu_documents",
        "DELETE FROM quipu_terms",
        "DELETE FROM quipu_meta WHERE key IN ('totals', 'state', 'catalog')",
        "ALTER TABLE quipu_passages ADD COLUMN heading_terms tsvector NOT NULL DEFAULT ''",
        "ALTER TABLE quipu_passages ADD COLUMN heading_length integer NOT NULL DEFAULT 1",
        "CREATE INDEX quipu_passages_heading_terms ON quipu_passages USING gin (heading_terms)",
    ],
}


def _psycopg() -> Any:
    try:
        import psycopg  # noqa: PLC0415 - only a PostgreSQL store needs it
        import psycopg_pool  # noqa: F401, PLC0415
    except ImportError:  # pragma: no cover - they are dependencies of Quipu
        raise ConfigError(
            "QUIPU_SEARCH_URL names PostgreSQL, but psycopg is not installed; run `pip install -e .`",
            setting="QUIPU_SEARCH_URL",
        ) from None
    return psycopg


class PostgresDatabase:
    """A pool of connections to one database, its schema made current on first use."""

    def __init__(self, url: str, *, max_connections: int = 4, timeout: float = 10.0) -> None:
        psycopg = _psycopg()
        from pgvector.psycopg import register_vector  # noqa: PLC0415
        from psycopg_pool import ConnectionPool  # noqa: PLC0415

        self.url = url
        self._migrated = False
        self._lock = threading.Lock()
        self._psycopg = psycopg
        self._register_vector = register_vector

        def configure(connection: Any) -> None:
            connection.execute(f"SET hnsw.ef_search = {EF_SEARCH}")
            connection.commit()
            try:
                register_vector(connection)
            except psycopg.ProgrammingError:
                pass  # the extension is not created yet: migrate() creates it, then registers
            connection.commit()

        self.pool = ConnectionPool(
            url, min_size=1, max_size=max_connections, configure=configure, open=False, timeout=timeout,
            kwargs={"autocommit": True},
        )
        try:
            self.pool.open(wait=True, timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - any failure to connect says the same
            self.pool.close()  # its threads would go on trying
            raise StoreError(
                f"cannot connect to the PostgreSQL database of QUIPU_SEARCH_URL ({safe_url(url)}): "
                f"{type(exc).__name__}: {exc}. Check that the server runs and the URL, user and password are right",
                location=safe_url(url),
            ) from None
        self.migrate()

    @contextmanager
    def connection(self) -> Iterator[Any]:
        with self.pool.connection() as connection:
            yield connection

    def migrate(self) -> None:
        """Create or update the schema to :data:`SCHEMA_VERSION`, one migration per transaction."""
        with self._lock, self.connection() as conn:
            if self._migrated:
                return
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_ID + 1,))
                conn.execute("CREATE TABLE IF NOT EXISTS quipu_schema (version integer NOT NULL)")
                row = conn.execute("SELECT max(version) FROM quipu_schema").fetchone()
                current = row[0] or 0
                if current > SCHEMA_VERSION:
                    raise ConfigError(
                        f"the database of QUIPU_SEARCH_URL has schema version {current}, newer than this "
                        f"Quipu's {SCHEMA_VERSION}; upgrade Quipu",
                        setting="QUIPU_SEARCH_URL",
                    )
                for version in range(current + 1, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                    conn.execute("INSERT INTO quipu_schema (version) VALUES (%s)", (version,))
            self._register_vector(conn)
            self._migrated = True
        # Connections opened before the extension existed have no vector type registered.
        self.pool.check()

    def close(self) -> None:
        self.pool.close()


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
    return url


def _meta(conn: Any, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM quipu_meta WHERE key = %s", (key,)).fetchone()
    return default if row is None else row[0]


def _set_meta(conn: Any, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO quipu_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (key, json.dumps(value, ensure_ascii=False)),
    )


def _tsvector(terms: list[str]) -> str:
    """The tsvector literal of analysed terms, with each term's positions (1-based)."""
    positions: dict[str, list[int]] = {}
    for at, term in enumerate(terms, start=1):
        found = positions.setdefault(term, [])
        if len(found) < MAX_POSITIONS:
            found.append(min(at, 16383))
    return " ".join(
        "'" + term.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(map(str, at))
        for term, at in positions.items()
    )


def _tsquery(terms: Iterable[str]) -> str:
    return " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)


def _array(vector: Any) -> np.ndarray:
    """A stored vector as float32 (pgvector gives a ``Vector`` or an array, by version)."""
    return np.asarray(vector.to_numpy() if hasattr(vector, "to_numpy") else vector, dtype=np.float32)


def _record(data: dict) -> PassageRecord:
    data["section"] = tuple(data.get("section") or ())
    return PassageRecord(**data)


def document_digest(records: Sequence[PassageRecord], model: str) -> str:
    """What a document's rows depend on: its passages and the model of their vectors."""
    digest = hashlib.sha256(model.encode())
    for record in records:
        digest.update(json.dumps(asdict(record), ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()


class PostgresPassages(LazyEmbedder):
    """The passages of a PostgreSQL database as a :class:`~quipu.search.store.PassageStore`.

    One is opened per version of the database (what the last write left): its catalog
    and totals are read once, and records, which never change under a key, are cached.
    """

    RECORD_CACHE = 50_000

    def __init__(self, database: PostgresDatabase, *, embedder: EmbedderSource | None = None) -> None:
        self.database = database
        self._embedder = embedder
        with database.connection() as conn:
            self.version = int(_meta(conn, "version", 0))
            self.model = str(_meta(conn, "model", ""))
            self._dimension = int(_meta(conn, "dimension", 0))
            totals = _meta(conn, "totals", {}) or {}
            catalog = _meta(conn, "catalog")
        self._passages = int(totals.get("passages", 0))
        self._lengths = {name: float(totals.get(f"{name}_length", 0)) for name in FIELDS}
        self.catalog = EntityCatalog.from_dict(catalog) if catalog else EntityCatalog([], {})
        self._records: OrderedDict[int, PassageRecord] = OrderedDict()
        self._idf: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------ what it holds

    @property
    def analyzer(self) -> SpanishAnalyzer:
        return spanish_analyzer()

    @property
    def dimension(self) -> int:
        return self._dimension

    def __len__(self) -> int:
        return self._passages

    def stats(self) -> StoreStats:
        with self.database.connection() as conn:
            documents = conn.execute("SELECT count(*) FROM quipu_documents").fetchone()[0]
        return StoreStats("postgresql", self._passages, int(documents), self._dimension, "hnsw")

    # ------------------------------------------------------------ ranking

    def lexical(
        self, weights: Mapping[str, float], k: int, filters: SearchFilters | None = None, *, field: Field = "text"
    ) -> list[Scored]:
        if k <= 0:
            return []
        where, params = _filters_sql(filters)
        return self._bm25(weights, field, where, params, f"ORDER BY score DESC, p.key LIMIT {int(k)}")

    def lexical_scores(self, weights: Mapping[str, float], keys: Sequence[int], *, field: Field = "text") -> np.ndarray:
        if not len(keys):
            return np.zeros(0)
        scored = self._bm25(weights, field, "", {"keys": [int(k) for k in keys]}, "", keyed=True)
        found = {s.key: s.score for s in scored}
        return np.array([found.get(int(k), 0.0) for k in keys])

    def _bm25(
        self, weights: Mapping[str, float], field: Field, where: str, params: dict[str, Any], tail: str,
        *, keyed: bool = False,
    ) -> list[Scored]:
        """BM25 of the passages that ``where`` keeps, computed as bm25s does (module docstring);
        ``keyed``: of the passages whose keys ``params["keys"]`` lists, read by key first (the
        full search scores a few hundred candidates, and the GIN index would find thousands)."""
        terms = [t for t, w in weights.items() if w]
        if not terms or not self._passages:
            return []
        average = self._lengths[field] / self._passages
        column, length = f"{field}_terms", f"{field}_length"
        # OFFSET 0 keeps the planner from folding the key lookup into a GIN scan.
        source = (
            f"(SELECT key, {column}, {length} FROM quipu_passages WHERE key = ANY(%(keys)s) OFFSET 0)"
            if keyed
            else "quipu_passages"
        )
        match = "true" if keyed else f"p.{column} @@ %(query)s::tsquery"
        sql = f"""
            WITH q AS (
                SELECT t.term, t.weight * ln(1 + (%(n)s - d.df + 0.5) / (d.df + 0.5)) AS w
                FROM unnest(%(terms)s::text[], %(weights)s::float8[]) AS t(term, weight)
                JOIN quipu_terms d ON d.field = %(field)s AND d.term = t.term
            )
            SELECT p.key, sum(
                q.w * array_length(u.positions, 1)
                / (array_length(u.positions, 1) + {K1} * (1 - {B} + {B} * p.{length} / %(average)s))
            ) AS score
            FROM {source} p
            -- Only the query's terms are unnested: setweight marks their positions A (every
            -- stored position is D) and ts_filter keeps those (half the time of the whole vector).
            CROSS JOIN LATERAL unnest(ts_filter(setweight(p.{column}, 'A', %(terms)s::text[]), '{{a}}'))
                AS u(lexeme, positions, weights)
            JOIN q ON q.term = u.lexeme
            WHERE {match} {where}
            GROUP BY p.key
            {tail}
        """
        params = params | {
            "n": self._passages, "terms": terms, "weights": [float(weights[t]) for t in terms],
            "field": FIELDS[field], "average": average, "query": _tsquery(terms),
        }
        with self.database.connection() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [Scored(int(key), float(score)) for key, score in rows if score > 0]

    def dense(self, vector: np.ndarray, k: int, filters: SearchFilters | None = None) -> list[Scored]:
        if not self._passages or k <= 0:
            return []
        where, params = _filters_sql(filters)
        # With a filter, every passage that passes it is compared (exact): an HNSW search
        # filters after its walk and could return fewer than k. So is every passage of a small
        # store (EXACT_BELOW). "+ 0" keeps the planner off the index.
        exact = bool(where) or self._passages < EXACT_BELOW
        order = "(embedding <=> %(vector)s) + 0" if exact else "embedding <=> %(vector)s"
        sql = f"""
            SELECT key, 1 - (embedding <=> %(vector)s) AS similarity FROM quipu_passages p
            WHERE true {where} ORDER BY {order} LIMIT %(k)s
        """
        params |= {"vector": np.asarray(vector, dtype=np.float32).reshape(-1), "k": k}
        with self.database.connection() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [Scored(int(key), float(similarity)) for key, similarity in rows]

    def similarities(self, vector: np.ndarray, keys: Sequence[int]) -> np.ndarray:
        if not len(keys):
            return np.zeros(0, dtype=np.float32)
        sql = "SELECT key, 1 - (embedding <=> %(vector)s) FROM quipu_passages WHERE key = ANY(%(keys)s)"
        params = {"vector": np.asarray(vector, dtype=np.float32).reshape(-1), "keys": [int(k) for k in keys]}
        with self.database.connection() as conn:
            found = dict(conn.execute(sql, params).fetchall())
        return np.array([float(found.get(int(k), 0.0)) for k in keys], dtype=np.float32)

    def idf(self, term: str, *, field: Field = "context") -> float:
        found = self._idf.get((field, term))
        if found is None:
            with self.database.connection() as conn:
                row = conn.execute(
                    "SELECT df FROM quipu_terms WHERE field = %s AND term = %s", (FIELDS[field], term)
                ).fetchone()
            df = row[0] if row else 0
            found = 0.0 if not df else float(np.log(1 + (self._passages - df + 0.5) / (df + 0.5)))
            with self._lock:
                self._idf[(field, term)] = found
        return found

    def knows(self, term: str) -> bool:
        return self.idf(term) > 0  # the IDF of a term any passage holds is above 0

    # ------------------------------------------------------------ reading passages

    def record(self, key: int) -> PassageRecord:
        return self.records_of([key])[0]

    def records_of(self, keys: Sequence[int]) -> list[PassageRecord]:
        missing = [key for key in keys if key not in self._records]
        if missing:
            with self.database.connection() as conn:
                rows = conn.execute(
                    "SELECT key, record FROM quipu_passages WHERE key = ANY(%s)", (list(missing),)
                ).fetchall()
            fetched = {int(key): _record(data) for key, data in rows}
            with self._lock:
                self._records.update(fetched)
                while len(self._records) > self.RECORD_CACHE:
                    self._records.popitem(last=False)
        else:
            fetched = {}
        try:
            # What this call read is used even if another thread's reads pushed it out of the cache.
            with self._lock:
                return [fetched[key] if key in fetched else self._records[key] for key in keys]
        except KeyError as exc:
            raise StoreError(
                f"passage {exc.args[0]} is no longer in the database (a newer ingest replaced it); search again",
                location=safe_url(self.database.url),
            ) from None

    def key_of(self, passage_id: str) -> int | None:
        with self.database.connection() as conn:
            row = conn.execute("SELECT key FROM quipu_passages WHERE id = %s", (passage_id,)).fetchone()
        return int(row[0]) if row else None

    def iter_records(self) -> Iterator[PassageRecord]:
        with self.database.connection() as conn, conn.transaction():
            cursor = conn.cursor(name="quipu_records")
            cursor.itersize = 2000
            cursor.execute("SELECT record FROM quipu_passages ORDER BY document_id, ord")
            for (data,) in cursor:
                yield _record(data)

    def embeddings_of(self, passage_ids: list[str]) -> np.ndarray | None:
        if not passage_ids:
            return np.zeros((0, self._dimension), dtype=np.float32)
        with self.database.connection() as conn:
            rows = dict(
                conn.execute(
                    "SELECT id, embedding FROM quipu_passages WHERE id = ANY(%s)", (list(passage_ids),)
                ).fetchall()
            )
        if len(rows) < len(set(passage_ids)):
            return None
        return np.stack([_array(rows[pid]) for pid in passage_ids])

    def neighbours(self, passage_ids: Sequence[str], n: int) -> list[Neighbours]:
        """The passages around each of these in its document, by their order there (``ord``:
        a document's passages are written in their order), in one query."""
        if n <= 0 or not passage_ids:
            return [Neighbours() for _ in passage_ids]
        with self.database.connection() as conn:
            rows = conn.execute(
                """SELECT h.id, p.ord - h.ord, p.record FROM quipu_passages h
                   JOIN quipu_passages p ON p.document_id = h.document_id
                        AND p.ord BETWEEN h.ord - %(n)s AND h.ord + %(n)s AND p.ord <> h.ord
                   WHERE h.id = ANY(%(ids)s) ORDER BY h.id, p.ord""",
                {"ids": list(set(passage_ids)), "n": int(n)},
            ).fetchall()
        around: dict[str, tuple[list[PassageRecord], list[PassageRecord]]] = {}
        for pid, offset, data in rows:
            before, after = around.setdefault(pid, ([], []))
            (before if offset < 0 else after).append(_record(data))
        return [Neighbours(*map(tuple, around.get(pid, ([], [])))) for pid in passage_ids]


def _filters_sql(filters: SearchFilters | None) -> tuple[str, dict[str, Any]]:
    """The WHERE conditions (each starting with AND) of a filter, and their parameters."""
    if not filters:
        return "", {}
    parts: list[str] = []
    params: dict[str, Any] = {}
    if filters.documents:
        parts.append("p.document_id = ANY(%(f_documents)s)")
        params["f_documents"] = sorted(filters.documents)
    if filters.years:
        parts.append("p.year = ANY(%(f_years)s)")
        params["f_years"] = sorted(filters.years)
    if filters.document_types:
        parts.append("p.document_type = ANY(%(f_types)s)")
        params["f_types"] = sorted(filters.document_types)
    for name, wanted in (("f_regions", filters.regions), ("f_entities", filters.entities)):
        if wanted:
            parts.append(f"p.keys && %({name})s::text[]")
            params[name] = sorted(wanted)
    return "".join(f" AND {part}" for part in parts), params


# ---------------------------------------------------------------- writing


class PostgresWriter:
    """Brings a database to hold exactly a set of documents' passages: the one writer.

    It holds the database's advisory lock while it lives, so a second ingest is told at
    once that another is writing.
    """

    def __init__(self, database: PostgresDatabase, model: str) -> None:
        self.database = database
        self.model = model
        self._analyzer = spanish_analyzer()
        self._conn_context = database.pool.connection()
        self._conn = self._conn_context.__enter__()
        locked = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_ID,)).fetchone()[0]
        if not locked:
            self._conn_context.__exit__(None, None, None)
            raise StoreError(
                "another ingest is writing to the database of QUIPU_SEARCH_URL; wait for it to finish "
                "(one ingest writes at a time; any number of processes can search)",
                location=safe_url(database.url),
            )

    def close(self) -> None:
        try:
            self._conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_ID,))
        finally:
            self._conn_context.__exit__(None, None, None)

    def sync(
        self,
        documents: Mapping[str, Sequence[PassageRecord]],
        vectors: Mapping[str, np.ndarray],
        catalog: EntityCatalog,
        state: dict,
    ) -> int:
        """Make the database hold these documents' passages (and no others), each document
        replaced in one transaction when its passages changed; returns how many were written.

        ``vectors[doc]`` holds the vectors of ``documents[doc]``, row for row.
        """
        conn = self._conn
        dimension = next((int(v.shape[1]) for v in vectors.values() if v.ndim == 2 and len(v)), 0)
        self._check_model(dimension)
        held = dict(conn.execute("SELECT id, digest FROM quipu_documents").fetchall())
        written = 0
        for doc_id in sorted(held.keys() - documents.keys()):
            with conn.transaction():
                self._remove(doc_id)
                self._bump()
        for doc_id in sorted(documents):
            records = documents[doc_id]
            digest = document_digest(records, self.model)
            if held.get(doc_id) == digest:
                continue
            with conn.transaction():
                if doc_id in held:
                    self._remove(doc_id)
                self._insert(doc_id, records, vectors[doc_id], catalog, digest)
                self._bump()
            written += 1
        with conn.transaction():
            self._update_keys(documents, catalog)
            _set_meta(conn, "catalog", catalog.to_dict())
            _set_meta(conn, "state", state)
            _set_meta(conn, "model", self.model)
            self._bump()
        return written

    def _check_model(self, dimension: int) -> None:
        """Vectors of two models cannot share an index: a new model empties it first."""
        conn = self._conn
        held_model = _meta(conn, "model")
        held_dimension = int(_meta(conn, "dimension", 0))
        with conn.transaction():
            if held_model is not None and held_model != self.model:
                conn.execute("DELETE FROM quipu_documents")
                conn.execute("DELETE FROM quipu_terms")
                _set_meta(conn, "totals", {})
                held_dimension = 0
            if dimension and held_dimension != dimension:
                conn.execute("DROP INDEX IF EXISTS quipu_passages_embedding")
                conn.execute(f"ALTER TABLE quipu_passages ALTER COLUMN embedding TYPE vector({dimension})")
                conn.execute(
                    "CREATE INDEX quipu_passages_embedding ON quipu_passages USING hnsw (embedding vector_cosine_ops)"
                )
                _set_meta(conn, "dimension", dimension)
            _set_meta(conn, "model", self.model)

    def _bump(self) -> None:
        self._conn.execute(
            """INSERT INTO quipu_meta (key, value) VALUES ('version', '1')
               ON CONFLICT (key) DO UPDATE SET value = to_jsonb((quipu_meta.value)::text::bigint + 1)"""
        )

    def _totals(self, sign: int, rows: int, lengths: Mapping[str, int]) -> None:
        totals = _meta(self._conn, "totals", {}) or {}
        totals["passages"] = totals.get("passages", 0) + sign * rows
        for name in FIELDS:
            totals[f"{name}_length"] = totals.get(f"{name}_length", 0) + sign * lengths[name]
        _set_meta(self._conn, "totals", totals)

    def _remove(self, doc_id: str) -> None:
        conn = self._conn
        for name, number in FIELDS.items():
            conn.execute(
                f"""UPDATE quipu_terms d SET df = d.df - c.n
                    FROM (SELECT u.lexeme AS term, count(*) AS n FROM quipu_passages p,
                          unnest(p.{name}_terms) AS u(lexeme, positions, weights)
                          WHERE p.document_id = %s GROUP BY u.lexeme) c
                    WHERE d.field = %s AND d.term = c.term""",
                (doc_id, number),
            )
        conn.execute("DELETE FROM quipu_terms WHERE df <= 0")
        sums = ", ".join(f"coalesce(sum({name}_length), 0)" for name in FIELDS)
        row = conn.execute(f"SELECT count(*), {sums} FROM quipu_passages WHERE document_id = %s", (doc_id,)).fetchone()
        self._totals(-1, int(row[0]), {name: int(value) for name, value in zip(FIELDS, row[1:])})
        conn.execute("DELETE FROM quipu_documents WHERE id = %s", (doc_id,))

    def _insert(
        self, doc_id: str, records: Sequence[PassageRecord], vectors: np.ndarray, catalog: EntityCatalog, digest: str
    ) -> None:
        conn = self._conn
        conn.execute(
            "INSERT INTO quipu_documents (id, digest, passages) VALUES (%s, %s, %s)", (doc_id, digest, len(records))
        )
        totals = dict.fromkeys(FIELDS, 0)
        columns = ", ".join(f"{name}_terms, {name}_length" for name in FIELDS)
        with conn.cursor().copy(
            f"COPY quipu_passages (id, document_id, ord, record, year, document_type, keys, {columns}, embedding) "
            "FROM STDIN"
        ) as copy:
            for ord_, (record, vector) in enumerate(zip(records, vectors)):
                fields: list[Any] = []
                for name, text in zip(FIELDS, (record.text, context_text(record), heading_text(record))):
                    terms = self._analyzer.terms(text)
                    # An empty field counts one (empty) term, as the embedded BM25 counts it.
                    totals[name] += max(len(terms), 1)
                    fields += [_tsvector(terms), max(len(terms), 1)]
                copy.write_row((
                    record.id, doc_id, ord_, json.dumps(asdict(record), ensure_ascii=False), record.year,
                    record.document_type, list(catalog.keys_of(record.id, record.document_id)), *fields,
                    "[" + ",".join(f"{x:.8g}" for x in np.asarray(vector, dtype=np.float32)) + "]",
                ))
        for name, number in FIELDS.items():
            conn.execute(
                f"""INSERT INTO quipu_terms (field, term, df)
                    SELECT %s, u.lexeme, count(*) FROM quipu_passages p,
                           unnest(p.{name}_terms) AS u(lexeme, positions, weights)
                    WHERE p.document_id = %s GROUP BY u.lexeme
                    ON CONFLICT (field, term) DO UPDATE SET df = quipu_terms.df + EXCLUDED.df""",
                (number, doc_id),
            )
        self._totals(1, len(records), totals)

    def _update_keys(self, documents: Mapping[str, Sequence[PassageRecord]], catalog: EntityCatalog) -> None:
        """The filter keys of every passage under the new catalog, where they changed."""
        keys = {r.id: list(catalog.keys_of(r.id, r.document_id)) for records in documents.values() for r in records}
        if not keys:
            return
        self._conn.execute(
            """UPDATE quipu_passages p SET keys = ARRAY(SELECT jsonb_array_elements_text(v.value))
               FROM jsonb_each(%s::jsonb) AS v
               WHERE p.id = v.key AND p.keys IS DISTINCT FROM ARRAY(SELECT jsonb_array_elements_text(v.value))""",
            (json.dumps(keys, ensure_ascii=False),),
        )


def database_version(database: PostgresDatabase) -> int:
    """The version every write bumps: a serving process reopens the store when it changes."""
    with database.connection() as conn:
        return int(_meta(conn, "version", 0))


def held_documents(database: PostgresDatabase) -> int:
    with database.connection() as conn:
        return int(conn.execute("SELECT count(*) FROM quipu_documents").fetchone()[0])


def ingest_state(database: PostgresDatabase) -> dict | None:
    """The ingest state the last ingest stored (documents, their files and digests)."""
    with database.connection() as conn:
        return _meta(conn, "state")


__all__ = [
    "SCHEMA_VERSION",
    "PostgresDatabase",
    "PostgresPassages",
    "PostgresWriter",
    "database_version",
    "document_digest",
    "held_documents",
    "ingest_state",
    "safe_url",
]
