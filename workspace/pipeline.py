"""The ingest pipeline: documents → passages → graph store and search index.

It lives downstream of ``ingest``, ``graph`` and ``search`` because it feeds the
output of the first into the other two. Work is proportional to what changed:
unchanged files are skipped by fingerprint, their passages and vectors are carried
over from the previous generation, and a run with nothing to do loads no model.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import queue
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from quipu.core.errors import ConfigError, DocumentError, NotReadyError
from quipu.core.settings import Settings
from quipu.graph import OxigraphStore
from quipu.graph.policy import check_query
from quipu.graph.remote import SparqlEndpointStore
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
from quipu.ingest.facts import Facts
from quipu.ingest.ocr import find_engine
from quipu.ontology import turtle_files
from quipu.search import Embedder, embedder_from_settings

from .build import GenerationBuilder, PublishClock, Reporter, search_behind
from .datadir import DataDir, DocumentState, Generation, IngestState
from .status import Progress, StatusFile

log = logging.getLogger("quipu.ingest")

# Bump when reading, cleaning or splitting changes, so every document is redone.
PIPELINE_VERSION = "3"


class _Silent:
    def start(self, task: str, total: int) -> None:
        pass

    def advance(self, task: str, amount: int = 1) -> None:
        pass

    def extend(self, task: str, amount: int) -> None:
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
        [
            PIPELINE_VERSION,
            _extraction_digest(),
            sha256,
            vars(meta),
            settings.passage_chars,
            settings.model,
            settings.base(),
            [(e.name, e.order) for e in extractors_of(settings)],
            ocr,
        ],
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
        doc_id
        for doc_id, old in previous.documents.items()
        if old.file not in listed and not _is_within(old.file, roots)
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
    publish_every: float | None = None,
) -> IngestReport:
    """Bring the data directory up to date with the documents under ``paths``.

    ``paths`` defaults to the configured corpus folder. Documents previously ingested
    from under these paths whose files are gone are removed; others are kept.

    ``publish_every`` (seconds) makes a first ingest, into an empty data directory,
    publish the documents ready so far as it goes: the first at once, then at most
    every so often. A later ingest publishes once, at the end, as always.
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
    _fewer_malloc_arenas()
    with data.lock():
        status = StatusFile(settings.data_dir, progress)
        try:
            return _ingest_locked(settings, data, roots, status, embedder, publish_every, report, began)
        finally:
            status.close()


def _fewer_malloc_arenas() -> None:
    """Have glibc give the ingest's threads (reader, embedder, the store's) two heaps to
    share rather than one each: freed memory in many half-empty heaps is never returned,
    and at 30x the corpus this took the peak RSS from 850 to under 780 MB."""
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, 2)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass  # not glibc: nothing to tune


def _ingest_locked(
    settings: Settings,
    data: DataDir,
    roots: list[Path],
    progress: Progress,
    embedder: Embedder | Callable[[], Embedder] | None,
    publish_every: float | None,
    report: IngestReport,
    began: float,
) -> IngestReport:
    """The ingest, once the data directory's lock is held."""
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

    if not to_read and not report.removed and previous is not None and not search_behind(settings, previous, state):
        report.generation = previous.name
        report.passages = sum(d.passages for d in state.documents.values())
        report.seconds = time.perf_counter() - began
        return report

    generation = data.new_generation()
    builder = GenerationBuilder(
        settings,
        previous,
        generation,
        state,
        Reporter(progress.advance, progress.extend),
        embedder if embedder is not None else (lambda: _resolve(None, settings)),
    )
    clock = PublishClock(publish_every) if publish_every is not None and previous is None else None
    try:
        builder.remove(report.removed)
        builder.carry_over(d for d in state.documents)
        progress.start("files", len(to_read))
        progress.start("passages", 0)
        # Read and extract the changed files on a thread of their own, one document ahead;
        # a failure keeps that document's previous version.
        for (path, doc_id, sha, fingerprint), outcome in _read_ahead(to_read, metas, settings, progress):
            if isinstance(outcome, DocumentError):
                report.failed.append(outcome)
                if doc_id in old_state.documents:
                    state.documents[doc_id] = old_state.documents[doc_id]
            else:
                document, facts = outcome
                report.warnings.extend(f"{path}: {warning}" for warning in document.warnings)
                (report.updated if doc_id in old_state.documents else report.added).append(doc_id)
                state.documents[doc_id] = DocumentState(
                    file=str(path),
                    fingerprint=fingerprint,
                    sha256=sha,
                    title=document.title,
                    passages=len(document.passages),
                    triples=0,
                )
                builder.add(document, facts)
                del document, facts
            progress.advance("files")
            if clock is not None and clock.due(len(builder.ready())):
                _publish_partial(data, builder, clock, generation)

        if clock is not None:  # read ahead of the embedder: publish as its documents are done
            for _ in builder.embedded():
                ready = len(builder.ready())
                if ready < builder.added and clock.due(ready):  # all of them: the end publishes
                    _publish_partial(data, builder, clock, generation)
        finished = bool(report.changed) or search_behind(settings, previous, state)
        if finished:
            builder.finish()
    except BaseException:
        builder.close()
        shutil.rmtree(generation.path, ignore_errors=True)
        raise
    builder.close()
    report.embedded = builder.reporter.embedded
    report.triples = builder.reporter.triples
    report.entities = builder.reporter.entities
    report.passages = sum(d.passages for d in state.documents.values())
    if not finished:  # every changed file failed: the data stays as it was
        shutil.rmtree(generation.path, ignore_errors=True)
        report.generation = previous.name if previous else None
    else:
        data.publish(generation)
        report.generation = generation.name
    report.seconds = time.perf_counter() - began
    return report


Reading = tuple[tuple[Path, str, str, str], "tuple[Document, Facts] | DocumentError"]


def _read_ahead(
    to_read: list[tuple[Path, str, str, str]], metas: dict[Path, DocumentMeta], settings: Settings, progress: Progress
) -> Iterator[Reading]:
    """Each file to read with its document and facts (or the error that stopped it), read and
    extracted on a thread of its own at most two documents ahead of the caller, so that the
    caller's graph writing and the embedder's work overlap the reading."""
    results: queue.Queue[Reading | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in to_read:
                if stop.is_set():
                    return
                path, doc_id = item[0], item[1]
                outcome: tuple[Document, Facts] | DocumentError
                try:
                    outcome = _read_one(path, metas[path], doc_id, settings, _page_bar(progress, path))
                except DocumentError as error:
                    outcome = error
                results.put((item, outcome))
            results.put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            results.put(exc)

    thread = threading.Thread(target=work, name="quipu-read", daemon=True)
    thread.start()
    try:
        while (got := results.get()) is not None:
            if isinstance(got, BaseException):
                raise got
            yield got
    finally:
        stop.set()
        while thread.is_alive():  # unblock a reader waiting on a full queue
            try:
                results.get(timeout=0.1)
            except queue.Empty:
                pass
        thread.join()


def _publish_partial(data: DataDir, builder: GenerationBuilder, clock: PublishClock, working: Generation) -> None:
    """Publish the documents ready so far as a generation of their own, so that a server
    started on an empty data directory searches them while the ingest goes on."""
    began = time.perf_counter()
    partial = data.new_generation()
    held = builder.snapshot(partial)
    data.publish(partial, keep=[working])
    clock.published(held, time.perf_counter() - began)


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
            path,
            meta,
            target_chars=settings.passage_chars,
            doc_id=doc_id,
            limits=settings.limits(),
            ocr=find_engine(settings.ocr, settings.ocr_languages),
            on_page=on_page,
        )
        return document, extract_facts(document, extractors_of(settings))
    except DocumentError:
        raise
    except MemoryError:
        raise DocumentError(path, "ran out of memory while reading; split the file") from None
    except Exception as exc:  # noqa: BLE001 - one file's failure must not stop the others
        log.exception("reading %s failed", path)
        raise DocumentError(path, f"could not be read ({type(exc).__name__}: {exc})") from None


_EMBEDDERS: dict[str, Embedder] = {}


def _resolve(embedder: Embedder | Callable[[], Embedder] | None, settings: Settings) -> Embedder:
    if embedder is None:
        key = f"{settings.model} {settings.embeddings_url or ''}"
        if key not in _EMBEDDERS:
            _EMBEDDERS[key] = embedder_from_settings(settings)
        return _EMBEDDERS[key]
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
