"""Two `quipu serve` processes share one PostgreSQL (passages) and one Oxigraph server (graph).

The first ingests its folder as it starts; the second, with an empty data directory of
its own, serves what the first wrote, and sees a later ingest without a restart.
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

# Small documents of our own words, each about one service.
DOCUMENTS = {
    "bolsa-cusco": (
        "# Bolsa de trabajo en Cusco\n\n## Resultados\n\nLa bolsa de trabajo de la región Cusco colocó a 412 "
        "personas en empresas de turismo durante el año 2019.\n\n## Retos\n\nEl servicio necesita más "
        "consejeros de empleo para atender a los jóvenes de las provincias altas.\n"
    ),
    "certificacion-puno": (
        "# Certificación de competencias en Puno\n\n## Resultados\n\nEl centro de certificación de Puno "
        "evaluó a 230 trabajadores de la construcción y certificó a 198 de ellos en 2020.\n"
    ),
}
LATER = (
    "# Ventanilla única de promoción del empleo en Tacna\n\n## Avances\n\nLa ventanilla única de Tacna "
    "orientó a 1,250 migrantes que retornaron al país y los derivó a cursos de capacitación.\n"
)


def _until_ok(url: str) -> None:
    """Wait for a server's first ingest to end."""
    deadline = time.monotonic() + 300
    while httpx.get(f"{url}/health", timeout=10).json()["status"] != "ok":
        assert time.monotonic() < deadline, "the first ingest did not end"
        time.sleep(0.3)


def _top(url: str, query: str) -> str:
    answer = httpx.get(f"{url}/v1/search", params={"q": query, "k": 3}, timeout=60)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"][0]["document"]["id"]


def test_two_servers_share_one_database(tmp_path: Path, postgres, oxigraph_server, serve_data) -> None:
    corpus = tmp_path / "documents"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / f"{name}.md").write_text(text, encoding="utf-8")
    graph = oxigraph_server()
    shared = {
        "QUIPU_SEARCH_URL": postgres(),
        "QUIPU_SPARQL_ENDPOINT": f"{graph}/query",
        "QUIPU_SPARQL_UPDATE_ENDPOINT": f"{graph}/update",
    }
    first = {**shared, "QUIPU_CORPUS_DIR": str(corpus)}

    # The first ingests its folder as it starts; the second has an empty data directory and no corpus.
    with serve_data(tmp_path / "first", tmp_path / "first.log", ingest=True, **first) as one:
        _until_ok(one)
        with serve_data(tmp_path / "second", tmp_path / "second.log", **shared) as two:
            _serve_the_same(one, two, corpus, {**os.environ, **first, "QUIPU_DATA_DIR": str(tmp_path / "first")}, tmp_path)


def _serve_the_same(one: str, two: str, corpus: Path, first: dict[str, str], tmp_path: Path) -> None:
    # The second process searches what the first ingested, and reads the same graph.
    health = httpx.get(f"{two}/health", timeout=10).json()
    assert (health["documents"], health["passages"]) == (2, httpx.get(f"{one}/health").json()["passages"])
    assert _top(two, "certificación de trabajadores de la construcción") == "certificacion-puno"
    assert _top(two, "job placement in tourism companies") == "bolsa-cusco"
    ask = "ASK { ?doc <http://purl.org/dc/terms/title> ?title FILTER(CONTAINS(STR(?title), 'Puno')) }"
    answer = httpx.get(f"{two}/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json()["boolean"] is True, answer.text
    assert not (tmp_path / "second" / "generations").exists()  # nothing was written beside it

    # A later ingest, by the first process's data directory, reaches the second at once.
    (corpus / "ventanilla-tacna.md").write_text(LATER, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "quipu.api.cli", "ingest", str(corpus)], env=first, capture_output=True,
        text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _top(two, "migrantes que retornaron orientados por la ventanilla") == "ventanilla-tacna"
    assert httpx.get(f"{two}/health", timeout=10).json()["documents"] == 3


def test_a_data_directory_moves_between_backends(tmp_path: Path, postgres, embedder) -> None:
    from quipu.core.errors import ConfigError
    from quipu.core.settings import Settings
    from quipu.workspace.pipeline import ingest
    from quipu.workspace.workspace import Workspace

    corpus = tmp_path / "documents"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / f"{name}.md").write_text(text, encoding="utf-8")
    query = "certificación de trabajadores de la construcción"

    def top(settings: Settings) -> str:
        return Workspace(settings, embedder=embedder).search(query, 3).hits[0].record.document_id

    database = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, search_url=postgres())
    assert ingest(database, embedder=embedder).embedded > 0
    assert top(database) == "certificacion-puno"

    # Without QUIPU_SEARCH_URL, the data directory says where its passages are...
    embedded = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    with pytest.raises(ConfigError, match="QUIPU_SEARCH_URL"):
        top(embedded)
    # ...and an ingest builds the embedded index from the vectors it kept: nothing is embedded again.
    assert ingest(embedded, embedder=embedder).embedded == 0
    assert top(embedded) == "certificacion-puno"

    # A new, empty database is filled by the next ingest though no file changed.
    fresh = Settings(data_dir=tmp_path / "data", corpus_dir=corpus, search_url=postgres())
    assert ingest(fresh, embedder=embedder).embedded == 0
    assert top(fresh) == "certificacion-puno"
