"""The ingest pipeline: documents → passages → graph store and search index.

It lives downstream of ``ingest``, ``graph`` and ``search`` because it feeds the
output of the first into the other two. Work is proportional to what changed:
unchanged files are skipped by fingerprint, their passages and vectors are carried
over from the previous generation, and a run with nothing to do loads no model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from quipu.core.errors import ConfigError, DocumentError, NotReadyError
from quipu.core.settings import Settings
from quipu.graph import ONTOLOGY_GRAPH, GraphStore, IRIs, OxigraphStore, document_triples
from quipu.graph.facts import document_fact_triples, entity_triples
from quipu.graph.mapping import document_subject_triples
from quipu.graph.policy import check_query
from quipu.graph.remote import SparqlEndpointStore
from quipu.graph.vocabulary import vocabulary_graph
from quipu.ingest import (
    Document,
    DocumentMeta,
    discover,
    document_id,
    load_manifest,
    read_document,
    sha256_file,
)
from quipu.ingest.extract.extractor import Extractor, enabled, extract_facts
from quipu.ingest.extract.resolve import merge_entities, resolve
from quipu.ingest.facts import Entity, Facts, facts_from_dict, facts_to_dict
from quipu.ingest.ocr import find_engine
from quipu.ontology import turtle_files
from quipu.search import Embedder, EntityCatalog, PassageRecord, SearchIndex, load_embedder

from .datadir import DataDir, DocumentState, Generation, IngestState

log = logging.getLogger("quipu.ingest")

# Bump when reading, cleaning or splitting changes, so every document is redone.
PIPELINE_VERSION = "3"


class Progress(Protocol):
    """Where the pipeline reports progress; the CLI draws bars, tests pass nothing."""

    def start(self, task: str, total: int) -> None: ...

    def advance(self, task: str, amount: int = 1) -> None: ...


class _Silent:
    def start(self, task: str, total: int) -> None:
        pass

    def advance(self, task: str, amount: int = 1) -> None:
        pass


@dataclass
class IngestReport:
    """What one ingest did, for the CLI to print and tests to check."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[DocumentError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # repaired, not lost: "file: what"
    passages: int = 0
    embedded: int = 0
    triples: int = 0
    entities: int = 0
    seconds: float = 0.0
    generation: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def extractors_of(settings: Settings) -> list[Extractor]:
    """The extractors the settings leave on (QUIPU_EXTRACTORS_DISABLED), in their order."""
    return enabled(settings.extractors_disabled.split(","))


@lru_cache(maxsize=1)
def _extraction_digest() -> str:
    """Changes when the ontology, a vocabulary or the ingest code changes, so that an
    upgrade re-extracts every document (passages whose text is unchanged keep their vectors)."""
    import quipu.ingest

    digest = hashlib.sha256()
    for path in turtle_files():
        digest.update(path.read_bytes())
    for pattern in ("*.py", "*.toml"):  # the code, and the cue lexicon kept as data
        for path in sorted(Path(quipu.ingest.__file__).parent.rglob(pattern)):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _fingerprint(sha256: str, meta: DocumentMeta, settings: Settings, suffix: str = "") -> str:
    """Changes when the file, its manifest entry or anything that shapes passages or facts
    changes; for a PDF, also the OCR engine (installing Tesseract reads skipped scans)."""
    ocr = find_engine(settings.ocr, settings.ocr_languages).name if suffix.lower() == ".pdf" else ""
    basis = json.dumps(
        [PIPELINE_VERSION, _extraction_digest(), sha256, vars(meta), settings.passage_chars, settings.model,
         settings.base(), [(e.name, e.order) for e in extractors_of(settings)], ocr],
        sort_keys=True,
        default=list,
    )
    return hashlib.sha256(basis.encode()).hexdigest()


def _metadata_for(files: Sequence[Path], report: IngestReport) -> dict[Path, DocumentMeta]:
    """Manifest entries of each file, read once per folder; a bad manifest is reported."""
    manifests: dict[Path, dict[str, DocumentMeta]] = {}
    metas: dict[Path, DocumentMeta] = {}
    for path in files:
        folder = path.parent
        if folder not in manifests:
            try:
                manifests[folder] = load_manifest(folder)
            except DocumentError as error:
                report.failed.append(error)
                manifests[folder] = {}
        metas[path] = manifests[folder].get(path.name, DocumentMeta())
    return metas


def _relative(path: Path, roots: Sequence[Path]) -> str:
    """A file's path relative to the ingested root it was found under (its name when named alone)."""
    for root in roots:
        if root in path.parents:
            return path.relative_to(root).as_posix()
    return path.name


def assign_ids(files: Sequence[Path], roots: Sequence[Path], previous: IngestState) -> dict[Path, str]:
    """Document ids that never collide, and stay the same from one ingest to the next.

    A file keeps the id the previous ingest gave it. Otherwise its id is the slug of its
    name ("Evaluación POI 2024.pdf" → "evaluacion-poi-2024") when no other file has that
    slug, and the slug plus a short hash of its path relative to its root when some do
    ("x y.txt", "x-y.txt" and "x_y.txt" all slug to "x-y"; names in non-Latin scripts all
    slug to "document"). Ids of documents ingested from other folders are never reused.
    """
    listed = {str(p) for p in files}
    taken: set[str] = {
        doc_id for doc_id, old in previous.documents.items() if old.file not in listed and not _is_within(old.file, roots)
    }
    earlier = {old.file: doc_id for doc_id, old in previous.documents.items()}
    ids: dict[Path, str] = {}
    for path in files:  # first, files that were ingested before keep their ids
        doc_id = earlier.get(str(path))
        if doc_id is not None and doc_id not in taken:
            ids[path] = doc_id
            taken.add(doc_id)
    slugs = {path: document_id(path) for path in files}
    shared = Counter(slugs.values())
    for path in files:
        if path in ids:
            continue
        slug = slugs[path]
        candidate = slug
        if shared[slug] > 1 or candidate in taken:
            digest = hashlib.sha256(_relative(path, roots).encode("utf-8")).hexdigest()
            size = 8
            candidate = f"{slug}-{digest[:size]}"
            while candidate in taken:  # never in practice; keeps ids unique by construction
                size += 4
                candidate = f"{slug}-{digest[:size]}"
        ids[path] = candidate
        taken.add(candidate)
    return ids


def _is_within(file: str, roots: Iterable[Path]) -> bool:
    path = Path(file)
    return any(path == root or root in path.parents for root in roots)


def ingest(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    *,
    progress: Progress | None = None,
    embedder: Embedder | Callable[[], Embedder] | None = None,
) -> IngestReport:
    """Bring the data directory up to date with the documents under ``paths``.

    ``paths`` defaults to the configured corpus folder. Documents previously ingested
    from under these paths whose files are gone are removed; others are kept.
    """
    began = time.perf_counter()
    progress = progress or _Silent()
    if not paths:
        if settings.corpus_dir is None:
            raise ConfigError(
                "no documents to ingest: name files or folders, or set QUIPU_CORPUS_DIR",
                setting="QUIPU_CORPUS_DIR",
            )
        paths = [settings.corpus_dir]
    roots = [Path(p).resolve() for p in paths]
    for root in roots:
        if not root.exists():
            raise ConfigError(f"{root} does not exist; give an existing file or folder of documents")

    report = IngestReport()
    data = DataDir(settings.data_dir)
    with data.lock():
        previous = data.intact_current()
        old_state = previous.state() if previous else IngestState()
        files = discover(roots)
        metas = _metadata_for(files, report)
        ids = assign_ids(files, roots, old_state)

        # Decide what changed before doing any expensive work.
        state = IngestState(model=settings.model)
        to_read: list[tuple[Path, str, str, str]] = []  # path, id, sha256, fingerprint
        for path in files:
            doc_id = ids[path]
            try:
                sha = sha256_file(path)
            except OSError as exc:
                report.failed.append(DocumentError(path, f"cannot read the file: {exc.strerror or exc}"))
                continue
            fingerprint = _fingerprint(sha, metas[path], settings, path.suffix)
            old = old_state.documents.get(doc_id)
            if old is not None and old.fingerprint == fingerprint:
                state.documents[doc_id] = old
                report.unchanged.append(doc_id)
            else:
                to_read.append((path, doc_id, sha, fingerprint))
        seen = {ids[p] for p in files}
        for doc_id, old in old_state.documents.items():
            if doc_id in seen:
                continue
            if _is_within(old.file, roots):
                report.removed.append(doc_id)
            else:
                state.documents[doc_id] = old  # ingested from elsewhere: keep it

        # Read and extract the changed files; a failure keeps that document's previous version.
        documents: list[Document] = []
        fresh_facts: dict[str, Facts] = {}
        progress.start("files", len(to_read))
        for path, doc_id, sha, fingerprint in to_read:
            try:
                document, facts = _read_one(path, metas[path], doc_id, settings, _page_bar(progress, path))
            except DocumentError as error:
                report.failed.append(error)
                if doc_id in old_state.documents:
                    state.documents[doc_id] = old_state.documents[doc_id]
            else:
                documents.append(document)
                fresh_facts[doc_id] = facts
                report.warnings.extend(f"{path}: {warning}" for warning in document.warnings)
                (report.updated if doc_id in old_state.documents else report.added).append(doc_id)
                state.documents[doc_id] = DocumentState(
                    file=str(path), fingerprint=fingerprint, sha256=sha, title=document.title,
                    passages=len(document.passages), triples=0,
                )
            progress.advance("files")

        if not report.changed and previous is not None:
            report.generation = previous.name
            report.passages = sum(d.passages for d in state.documents.values())
            report.seconds = time.perf_counter() - began
            return report
        if not state.documents and previous is None:
            report.seconds = time.perf_counter() - began
            return report  # nothing readable at all: publish nothing

        generation = data.new_generation()
        all_facts = _write_facts(previous, generation, fresh_facts, state)
        mapping = resolve(all_facts)
        entities = merge_entities(all_facts, mapping)
        _write_graph(settings, previous, generation, documents, all_facts, mapping, entities, report, state)
        subjects = {f.document_id: [mapping.get(key, key) for key in f.subjects] for f in all_facts}
        catalog = EntityCatalog.of(entities, subjects)
        _write_index(settings, previous, generation.index_path, documents, state, report, progress, embedder, catalog)
        state.write(generation.state_path)
        data.publish(generation)
        report.generation = generation.name
        report.passages = sum(d.passages for d in state.documents.values())
        report.seconds = time.perf_counter() - began
        return report


def _page_bar(progress: Progress, path: Path) -> Callable[[int, int], None]:
    """Progress per page of a long PDF (its own bar, from 10 pages up)."""
    task = f"pages of {path.name}"

    def on_page(done: int, total: int) -> None:
        if total < 10:
            return
        if done == 1:
            progress.start(task, total)
        progress.advance(task)

    return on_page


def _read_one(
    path: Path, meta: DocumentMeta, doc_id: str, settings: Settings, on_page: Callable[[int, int], None] | None = None
) -> tuple[Document, Facts]:
    """Read, clean, split and extract one file. Any failure, including a bug or a library
    error on a damaged file, becomes a :class:`DocumentError` naming the file, so the
    other files are still ingested."""
    try:
        document = read_document(
            path, meta, target_chars=settings.passage_chars, doc_id=doc_id, limits=settings.limits(),
            ocr=find_engine(settings.ocr, settings.ocr_languages), on_page=on_page,
        )
        return document, extract_facts(document, extractors_of(settings))
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError(path, "ran out of memory while reading; split the file") from None
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the others
        log.exception("reading %s failed", path)
        raise DocumentError(path, f"could not be read ({type(exc).__name__}: {exc})") from None


def _write_facts(
    previous: Generation | None, generation: Generation, fresh: dict[str, Facts], state: IngestState
) -> list[Facts]:
    """Write the facts of changed documents; carry over the others' from the previous generation."""
    generation.facts_path.mkdir(exist_ok=True)
    all_facts = []
    for doc_id in sorted(state.documents):
        target = generation.facts_path / f"{doc_id}.json"
        if doc_id in fresh:
            facts = fresh[doc_id]
            target.write_text(json.dumps(facts_to_dict(facts), ensure_ascii=False), encoding="utf-8")
        else:
            source = previous.facts_path / f"{doc_id}.json" if previous else None
            if source is None or not source.exists():
                continue  # ingested before extraction existed; re-ingest to extract
            shutil.copyfile(source, target)
            facts = facts_from_dict(json.loads(source.read_text(encoding="utf-8")))
        all_facts.append(facts)
    return all_facts


def _digest(triples: list) -> str:
    return hashlib.sha256("\n".join(sorted(" ".join(map(str, t)) for t in triples)).encode()).hexdigest()


def _write_graph(
    settings: Settings,
    previous: Generation | None,
    generation: Generation,
    documents: list[Document],
    all_facts: list[Facts],
    mapping: dict[str, str],
    entities: dict[str, Entity],
    report: IngestReport,
    state: IngestState,
) -> None:
    """Copy the previous graph, then replace what changed.

    A changed document's passages and facts graphs are replaced; another document's
    facts graph is rewritten only when entity resolution now maps its entities
    differently. The entities graph is rebuilt from all documents' facts.
    """
    if settings.sparql_endpoint:
        # An external store is written in place: it keeps no generations of its own.
        if not settings.sparql_update_endpoint:
            raise ConfigError(
                "QUIPU_SPARQL_ENDPOINT is set but QUIPU_SPARQL_UPDATE_ENDPOINT is not; ingest needs to write",
                setting="QUIPU_SPARQL_UPDATE_ENDPOINT",
            )
        store: GraphStore = SparqlEndpointStore.from_settings(settings)
    else:
        target = generation.graph_path
        if previous is not None and previous.graph_path.is_dir():
            source = OxigraphStore(previous.graph_path, read_only=True)
            source.backup(target)
            source.close()
        store = OxigraphStore(target)
    try:
        iris = IRIs(settings.base())
        # The vocabularies under the configured base, so that a region minted from a
        # document is the region of regions.ttl, with its ubigeo code.
        store.replace_graph(ONTOLOGY_GRAPH, vocabulary_graph(iris.base))
        for doc_id in report.removed:
            store.drop_graph(iris.document_graph(doc_id))
            store.drop_graph(iris.facts_graph(doc_id))
        for document in documents:
            count = store.replace_graph(iris.document_graph(document.id), document_triples(document, iris))
            state.documents[document.id].triples = count
            report.triples += count

        for facts in all_facts:
            triples = [*document_fact_triples(facts, iris, mapping), *document_subject_triples(facts, iris, mapping)]
            digest = _digest(triples)
            doc_state = state.documents[facts.document_id]
            if doc_state.facts_digest != digest:
                count = store.replace_graph(iris.facts_graph(facts.document_id), triples)
                doc_state.facts_digest = digest
                report.triples += count
        report.entities = len(entities)
        store.replace_graph(
            iris.entities_graph, (t for e in entities.values() for t in entity_triples(e, iris, entities.keys()))
        )
    finally:
        store.close()


def _write_index(
    settings: Settings,
    previous: Generation | None,
    target: Path,
    documents: list[Document],
    state: IngestState,
    report: IngestReport,
    progress: Progress,
    embedder: Embedder | Callable[[], Embedder] | None,
    catalog: EntityCatalog,
) -> None:
    """Build the new search index, embedding only the passages of changed documents."""
    fresh = {d.id: [PassageRecord.of(d, p) for p in d.passages] for d in documents}
    old_index = None
    if previous is not None and (previous.index_path / SearchIndex.INFO).exists():
        old_index = SearchIndex.load(previous.index_path)
        if old_index.model != settings.model:
            old_index = None  # vectors of another model cannot be mixed in
    old_records: dict[str, list[PassageRecord]] = {}
    for record in old_index.records if old_index else []:
        old_records.setdefault(record.document_id, []).append(record)
    # A passage whose text is unchanged keeps its vector, even in a changed document.
    old_vectors: dict[str, np.ndarray] = {}
    if old_index is not None:
        old_vectors = {_text_key(r.embedding_text): v for r, v in zip(old_index.records, old_index.embeddings)}

    records: list[PassageRecord] = []
    vectors: dict[str, np.ndarray] = {}
    for doc_id in sorted(state.documents):
        recs = fresh.get(doc_id) or old_records.get(doc_id, [])
        for record in recs:
            if (vector := old_vectors.get(_text_key(record.embedding_text))) is not None:
                vectors[record.id] = vector
        records.extend(recs)

    to_embed = [r for r in records if r.id not in vectors]
    if to_embed:
        model = _resolve(embedder, settings)
        progress.start("passages", len(to_embed))
        step = settings.batch_size * 4
        for i in range(0, len(to_embed), step):
            batch = to_embed[i : i + step]
            embedded = model.embed_passages([r.embedding_text for r in batch], batch_size=settings.batch_size)
            vectors.update(zip((r.id for r in batch), embedded))
            progress.advance("passages", len(batch))
        report.embedded = len(to_embed)

    if records:
        embeddings = np.stack([vectors[r.id] for r in records]).astype(np.float32)
    else:
        embeddings = np.zeros((0, 1), dtype=np.float32)
    SearchIndex.build(records, embeddings, model=settings.model, catalog=catalog).save(target)


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


_EMBEDDERS: dict[str, Embedder] = {}


def _resolve(embedder: Embedder | Callable[[], Embedder] | None, settings: Settings) -> Embedder:
    if embedder is None:
        if settings.model not in _EMBEDDERS:
            _EMBEDDERS[settings.model] = load_embedder(settings.model)
        return _EMBEDDERS[settings.model]
    if isinstance(embedder, Embedder):
        return embedder
    return embedder()


def apply_update(settings: Settings, update: str) -> str:
    """Apply a SPARQL Update in a new generation and publish it; returns its name.

    The update sees and changes the union of all graphs as SPARQL allows (name graphs
    with GRAPH or WITH). A later ingest of a changed document replaces that
    document's graphs, updates included; other graphs keep what the update wrote.
    """
    check_query(update, service_allow=settings.service_allow())
    data = DataDir(settings.data_dir)
    with data.lock():
        previous = data.intact_current()
        if previous is None:
            raise NotReadyError("nothing has been ingested yet; run `quipu ingest` before updating the graph")
        if settings.sparql_endpoint:
            with SparqlEndpointStore.from_settings(settings) as remote:
                remote.update(update)
            return previous.name
        generation = data.new_generation()
        source = OxigraphStore(previous.graph_path, read_only=True)
        source.backup(generation.graph_path)
        source.close()
        shutil.copytree(previous.index_path, generation.index_path)
        if previous.facts_path.is_dir():
            shutil.copytree(previous.facts_path, generation.facts_path)
        shutil.copyfile(previous.state_path, generation.state_path)
        store = OxigraphStore(generation.graph_path)
        try:
            store.update(update)
        finally:
            store.close()
        data.publish(generation)
        return generation.name
