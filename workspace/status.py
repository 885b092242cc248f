"""How far a running ingest has come, readable by any process that shares the data directory.

The ingest writes ``ingest-status.json`` in the data directory as it goes (at most a
few times a second) and removes it when it ends; a server, in the same process or
another, reads it for ``/health``. The file says nothing once the ingest lock is free,
so one left behind by a killed ingest is ignored.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from .datadir import DataDir

STATUS_FILE = "ingest-status.json"


@dataclass
class IngestStatus:
    """Counts of a running ingest: files read of those to read, passages embedded of those known."""

    files_done: int = 0
    files_total: int = 0
    passages_done: int = 0
    passages_total: int = 0
    started: float = 0.0  # seconds since the epoch


class Progress(Protocol):
    """Where an ingest reports progress; the CLI draws bars, tests pass nothing."""

    def start(self, task: str, total: int) -> None: ...

    def advance(self, task: str, amount: int = 1) -> None: ...

    def extend(self, task: str, amount: int) -> None:
        """More work joined ``task`` (passages to embed are known only once their document is read)."""


class StatusFile:
    """A progress sink that keeps ``ingest-status.json`` current, and passes every event on."""

    INTERVAL = 0.5  # seconds between writes

    def __init__(self, data_dir: Path, inner: Progress) -> None:
        self.path = data_dir / STATUS_FILE
        self.inner = inner
        self.status = IngestStatus(started=time.time())
        self._written = 0.0
        self._write(force=True)

    def start(self, task: str, total: int) -> None:
        if task == "files":
            self.status.files_total, self.status.files_done = total, 0
        elif task == "passages":
            self.status.passages_total, self.status.passages_done = total, 0
        self.inner.start(task, total)
        self._write()

    def advance(self, task: str, amount: int = 1) -> None:
        if task == "files":
            self.status.files_done += amount
        elif task == "passages":
            self.status.passages_done += amount
        self.inner.advance(task, amount)
        self._write()

    def extend(self, task: str, amount: int) -> None:
        if task == "passages":
            self.status.passages_total += amount
        self.inner.extend(task, amount)
        self._write()

    def _write(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written < self.INTERVAL:
            return
        self._written = now
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(asdict(self.status)), encoding="utf-8")
        os.replace(tmp, self.path)

    def close(self) -> None:
        self.path.unlink(missing_ok=True)


def read_status(data: DataDir) -> IngestStatus | None:
    """The progress of the ingest running on ``data``, or None when none is."""
    if not data.locked():
        return None
    try:
        found = json.loads((data.root / STATUS_FILE).read_text(encoding="utf-8"))
        return IngestStatus(**found)
    except (OSError, ValueError, TypeError):
        return None


__all__ = ["STATUS_FILE", "IngestStatus", "Progress", "StatusFile", "read_status"]
