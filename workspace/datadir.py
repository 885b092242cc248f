"""The data directory: generations of graph store + search index, switched atomically.

Layout::

    quipu-data/
      CURRENT            name of the generation that readers open
      PREVIOUS           the one before it, kept for readers still holding it
      generations/g-…/   graph/ (Oxigraph), index/ (passages, BM25, FAISS), facts/,
                         state.json, checksums.json (SHA-256 of every other file)
      .lock              held by the one process that is ingesting

An ingest writes a new generation, seals it (records the checksum of each of its
files) and only then rewrites CURRENT (write, fsync, rename), so a crash at any moment
leaves the last complete generation in use. Readers verify a generation's checksums
before opening it; a damaged one is reported by file name and the previous one is
used instead (``quipu verify``, ``quipu restore``).

A published generation is never written again, so backing up is copying: copy
``CURRENT``, ``PREVIOUS`` and the generations they name (``cp -a``, ``rsync``), even
while the server runs.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from quipu.core.errors import StoreError


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
    def read(cls, path: Path) -> IngestState:
        if not path.exists():
            return cls()
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError, AttributeError, UnicodeDecodeError) as exc:
            raise StoreError(
                f"{path} is damaged ({exc}); run `quipu restore` to use the previous generation, "
                "or delete the data directory and ingest again",
                location=str(path),
            ) from None

    @classmethod
    def from_dict(cls, data: dict) -> IngestState:
        documents = {k: DocumentState(**v) for k, v in data.get("documents", {}).items()}
        return cls(model=data.get("model", ""), documents=documents)

    def to_dict(self) -> dict:
        return {"model": self.model, "documents": {k: vars(v) for k, v in sorted(self.documents.items())}}

    def write(self, path: Path) -> None:
        _write_durably(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False))


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

    @property
    def checksums_path(self) -> Path:
        return self.path / CHECKSUMS

    def state(self) -> IngestState:
        return IngestState.read(self.state_path)

    def files(self) -> list[Path]:
        """The data files of this generation (not the checksums, nor the store's log and lock)."""
        found = []
        for path in sorted(self.path.rglob("*")):
            if path.is_file() and path != self.checksums_path and not _NOT_DATA.match(path.name):
                found.append(path)
        return found

    def seal(self) -> None:
        """Record the SHA-256 of every data file, so that damage can be found later."""
        sums = {p.relative_to(self.path).as_posix(): _sha256(p) for p in self.files()}
        _write_durably(self.checksums_path, json.dumps(sums, indent=1, sort_keys=True))

    def verify(self) -> list[str]:
        """The damaged or missing files of this generation, each with what is wrong; empty when
        it is intact. A generation written before checksums existed cannot be checked: []."""
        if not self.path.is_dir():
            return [f"{self.path}: missing"]
        if not self.checksums_path.exists():
            return []
        try:
            sums = json.loads(self.checksums_path.read_text(encoding="utf-8"))
            if not isinstance(sums, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError) as exc:
            return [f"{self.checksums_path}: damaged ({exc})"]
        problems = []
        for name, expected in sorted(sums.items()):
            path = self.path / name
            if not path.is_file():
                problems.append(f"{path}: missing")
            elif _sha256(path) != expected:
                problems.append(f"{path}: changed since it was written (checksum mismatch)")
        return problems


CHECKSUMS = "checksums.json"
# RocksDB's informational log and lock file change without the data changing.
_NOT_DATA = re.compile(r"^(?:LOG(?:\.old\..*)?|LOCK|.*\.tmp)$")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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

    def intact_current(self) -> Generation | None:
        """The current generation, checked: an ingest or update builds on it, so damage
        must stop it rather than be copied into the next generation."""
        current = self.current()
        if current is not None and (problems := current.verify()):
            raise StoreError(
                f"the current data is damaged: {'; '.join(problems[:5])}. Run `quipu restore` to go back to "
                f"the previous generation, or delete {self.root} and ingest again",
                location=str(current.path),
            )
        return current

    def previous(self) -> Generation | None:
        """The generation before the current one, kept to fall back on."""
        return self._pointer("PREVIOUS")

    def restore(self) -> Generation:
        """Make the previous generation current again (after checking it), and the current
        one previous; returns the generation now current."""
        current, previous = self.current(), self.previous()
        if previous is None or previous == current:
            raise StoreError(
                f"{self.root} has no previous generation to restore; ingest again to rebuild",
                location=str(self.root),
            )
        problems = previous.verify()
        if problems:
            raise StoreError(
                f"the previous generation is damaged too: {'; '.join(problems[:5])}; delete {self.root} and ingest again",
                location=str(previous.path),
            )
        _write_durably(self.root / "CURRENT", previous.name)
        if current is not None:
            _write_durably(self.root / "PREVIOUS", current.name)
        return previous

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

    def publish(self, generation: Generation, *, keep: Sequence[Generation] = ()) -> None:
        """Seal ``generation`` and make it current, atomically; forget all but the one before it
        and those in ``keep`` (an ingest's generation still being written)."""
        generation.seal()
        previous = self.current()
        if previous is not None and previous != generation:
            _write_durably(self.root / "PREVIOUS", previous.name)
        _write_durably(self.root / "CURRENT", generation.name)
        self.prune(keep=keep)

    def prune(self, *, keep: Sequence[Generation] = ()) -> None:
        """Delete generations that are neither current nor previous (e.g. crashed ingests),
        nor in ``keep``."""
        kept = {g.name for g in (self.current(), self._pointer("PREVIOUS"), *keep) if g is not None}
        if not self.generations.is_dir():
            return
        for path in self.generations.iterdir():
            if path.name not in kept:
                shutil.rmtree(path, ignore_errors=True)

    def locked(self) -> bool:
        """Whether an ingest (in this process or another) holds the lock now."""
        try:
            handle = (self.root / ".lock").open("r")
        except FileNotFoundError:
            return False
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False

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
