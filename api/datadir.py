"""The data directory: generations of graph store + search index, switched atomically.

Layout::

    quipu-data/
      CURRENT            name of the generation that readers open
      PREVIOUS           the one before it, kept for readers still holding it
      generations/g-…/   graph/ (Oxigraph), index/ (passages, BM25, FAISS), state.json
      .lock              held by the one process that is ingesting

An ingest writes a new generation and only then rewrites CURRENT (write, fsync,
rename), so a crash at any moment leaves the last complete generation in use.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from quipu.ingest.errors import StoreError


@dataclass
class DocumentState:
    """What an ingest recorded about one document, to skip it next time if unchanged."""

    file: str
    fingerprint: str
    sha256: str
    title: str
    passages: int
    triples: int
    facts_digest: str = ""


@dataclass
class IngestState:
    model: str = ""
    documents: dict[str, DocumentState] = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> "IngestState":
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        documents = {k: DocumentState(**v) for k, v in data.get("documents", {}).items()}
        return cls(model=data.get("model", ""), documents=documents)

    def write(self, path: Path) -> None:
        data = {"model": self.model, "documents": {k: vars(v) for k, v in sorted(self.documents.items())}}
        _write_durably(path, json.dumps(data, indent=2, ensure_ascii=False))


@dataclass(frozen=True)
class Generation:
    """One complete (or, while being written, incomplete) copy of the derived data."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def graph_path(self) -> Path:
        return self.path / "graph"

    @property
    def index_path(self) -> Path:
        return self.path / "index"

    @property
    def facts_path(self) -> Path:
        return self.path / "facts"

    @property
    def state_path(self) -> Path:
        return self.path / "state.json"

    def state(self) -> IngestState:
        return IngestState.read(self.state_path)


def _write_durably(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


class DataDir:
    """The generations under a data directory, and the lock that serialises ingests."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.generations = root / "generations"

    def _pointer(self, name: str) -> Generation | None:
        pointer = self.root / name
        if not pointer.exists():
            return None
        generation = Generation(self.generations / pointer.read_text(encoding="utf-8").strip())
        return generation if generation.path.is_dir() else None

    def current(self) -> Generation | None:
        """The generation readers should open, or None before the first ingest."""
        return self._pointer("CURRENT")

    def current_marker(self) -> str | None:
        """Cheap token that changes whenever a new generation is published."""
        try:
            return (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None

    def new_generation(self) -> Generation:
        self.generations.mkdir(parents=True, exist_ok=True)
        path = self.generations / f"g-{time.time_ns()}"
        path.mkdir()
        return Generation(path)

    def publish(self, generation: Generation) -> None:
        """Make ``generation`` current, atomically, and forget all but the one before it."""
        previous = self.current()
        if previous is not None and previous != generation:
            _write_durably(self.root / "PREVIOUS", previous.name)
        _write_durably(self.root / "CURRENT", generation.name)
        self.prune()

    def prune(self) -> None:
        """Delete generations that are neither current nor previous (e.g. crashed ingests)."""
        keep = {g.name for g in (self.current(), self._pointer("PREVIOUS")) if g is not None}
        if not self.generations.is_dir():
            return
        for path in self.generations.iterdir():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the ingest lock; fail at once if another process holds it.

        ``flock`` is released by the kernel when a process dies, so a killed ingest
        never leaves a stale lock behind.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise StoreError(
                    f"another quipu ingest is writing to {self.root}; wait for it to finish",
                    location=str(self.root),
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
