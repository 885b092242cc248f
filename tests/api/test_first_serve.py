"""A first `quipu serve` on an empty data directory answers while it ingests.

It says "ingesting" on /health with the progress, searches the documents published
so far, and ends with every document, as a later ingest would leave them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = [pytest.mark.server, pytest.mark.model, pytest.mark.slow]

# Four small documents of our own, each long enough (about 20 passages) that the model
# takes a few seconds on it, so the server is seen answering mid-ingest.
TOPICS = [
    ("centros-empleo", "Centros de empleo", "orientación vocacional y colocación en los centros de empleo"),
    ("capacitacion", "Capacitación laboral", "cursos de capacitación para jóvenes desempleados"),
    ("certificacion", "Certificación de competencias", "certificación de competencias de trabajadores"),
    ("migracion", "Migración laboral", "información para migrantes que retornan al país"),
]


def _write_documents(folder: Path) -> None:
    folder.mkdir()
    for slug, title, topic in TOPICS:
        sections = []
        for n in range(1, 21):
            sections.append(
                f"## {n}. Tema {n}\n\nEn el año 20{10 + n} la región atendió a {100 * n} personas con {topic}. "
                f"La meta del servicio para el periodo {n} era de {120 * n} atenciones, y el avance fue de "
                f"{80 + n % 20} por ciento. Las oficinas informan que la demanda de {topic} creció en las "
                "provincias, y que el personal necesita más formación y equipos para atenderla.\n"
            )
        (folder / f"{slug}.md").write_text(f"# {title}\n\n" + "\n".join(sections), encoding="utf-8")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_first_serve_answers_while_it_ingests(tmp_path: Path) -> None:
    corpus = tmp_path / "documents"
    _write_documents(corpus)
    port = _free_port()
    env = {**os.environ, "QUIPU_DATA_DIR": str(tmp_path / "data"), "QUIPU_CORPUS_DIR": str(corpus)}
    log = tmp_path / "server.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "quipu.api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    seen: list[tuple[str, int]] = []  # (status, documents) of each /health, in order
    found_mid_ingest = False
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            try:
                health = httpx.get(f"{url}/health", timeout=5).json()
            except httpx.HTTPError:
                time.sleep(0.2)
                continue
            seen.append((health["status"], health["documents"]))
            if health["status"] == "ingesting":
                # The files to read are counted once the folder is listed and fingerprinted.
                assert health["ingest"]["files_total"] in (0, len(TOPICS))
                if health["documents"] and not found_mid_ingest:
                    hits = httpx.get(f"{url}/v1/search", params={"q": "personas atendidas", "k": 3}, timeout=30)
                    found_mid_ingest = hits.status_code == 200 and bool(hits.json()["results"])
            elif health["status"] == "ok":
                break
            time.sleep(0.3)
        # The server answered before any document was ready, said so, and ended with all of them.
        assert seen[0] == ("ingesting", 0), seen
        assert seen[-1] == ("ok", len(TOPICS)), seen
        # Documents were published, and searched, before the ingest ended.
        assert any(status == "ingesting" and 0 < docs < len(TOPICS) for status, docs in seen), seen
        assert found_mid_ingest
        assert health["ingest"] is None
        final = httpx.get(f"{url}/v1/search", params={"q": "certificación de competencias", "k": 3}, timeout=30)
        assert final.json()["results"][0]["document"]["id"] == "certificacion"
    finally:
        process.terminate()
        process.wait(timeout=30)
