"""The retrieval benchmark's txtai peer (benchmarks/peers.py): it indexes the passages with
the vectors it is given, embeds queries with the function it is given (no model loaded
or downloaded), and returns row numbers, best first, in each of txtai's fusions.

Slow only because importing txtai imports torch, transformers and sentence-transformers
(about 6 s on 2 cores); the searches take milliseconds. txtai is imported by the tests,
not at collection, so a run that leaves slow tests out never pays for it.
"""

from __future__ import annotations

import importlib.util
import sys
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_spec("txtai") is None, reason="txtai is in the bench and test extras"),
]

REPO = Path(__file__).resolve().parents[2]

PASSAGES = [
    "El presupuesto institucional de apertura del ministerio fue aprobado en enero.",
    "Las ventanillas únicas de promoción del empleo atienden a jóvenes buscadores de trabajo.",
    "El servicio INFOMIGRA orienta al migrante y a su familia antes de viajar.",
    "La bolsa de trabajo registró más vacantes en la región durante el segundo semestre.",
    "Los talleres de capacitación laboral se dictaron en tres provincias del sur.",
    "La evaluación recomienda fortalecer el seguimiento de los indicadores del plan.",
    "El convenio con los gobiernos regionales amplió la cobertura del programa.",
    "Las oficinas de empleo coordinan con las empresas la colocación de los egresados.",
]


def _peers():
    """benchmarks/peers.py (benchmarks/ is not a package)."""
    if "peers" not in sys.modules:
        spec = importlib.util.spec_from_file_location("peers", REPO / "benchmarks" / "peers.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["peers"] = module
        spec.loader.exec_module(module)
    return sys.modules["peers"]


def _vectors() -> np.ndarray:
    """Fake passage vectors: each passage mostly its own axis, L2-normalised."""
    vectors = np.full((len(PASSAGES), len(PASSAGES)), 0.1, dtype=np.float32) + np.eye(len(PASSAGES), dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _neutral_query(text: str) -> np.ndarray:
    """A query vector equally close to every passage, so the keywords decide."""
    return np.full(len(PASSAGES), 1 / np.sqrt(len(PASSAGES)), dtype=np.float32)


@pytest.mark.parametrize("normalize", [True, "bb25", False], ids=["convex", "bb25", "rrf"])
def test_an_exact_keyword_ranks_its_passage_first(normalize):
    asked: list[str] = []

    def embed(text: str) -> np.ndarray:
        asked.append(text)
        return _neutral_query(text)

    # keywords weighted 0.7: rank fusion still ranks the tied cosines, in some order
    peer = _peers().TxtaiPeer(PASSAGES, _vectors(), embed, normalize=normalize, weights=0.3)
    try:
        assert len(peer) == len(PASSAGES)
        # with common words beside it, so that several passages are keyword candidates
        assert peer.search("el servicio INFOMIGRA", 3)[0] == 2
        assert peer.search("las ventanillas únicas de empleo", 3)[0] == 1
        assert peer.search("oficinas de empleo", 3)[0] == 7
        assert asked == ["el servicio INFOMIGRA", "las ventanillas únicas de empleo", "oficinas de empleo"]
    finally:
        peer.close()


@pytest.mark.parametrize("normalize", [True, False], ids=["convex", "rrf"])
def test_a_word_only_one_passage_has_ranks_it_first(normalize):
    # Not so with bb25: txtai calibrates the keyword scores on each query's candidates
    # (sigmoid centred on their median), so a lone candidate gets probability 0.5, no evidence.
    peer = _peers().TxtaiPeer(PASSAGES, _vectors(), _neutral_query, normalize=normalize, weights=0.3)
    try:
        assert peer.search("INFOMIGRA", 3)[0] == 2
        assert peer.search("egresados", 3)[0] == 7
    finally:
        peer.close()


def test_the_vectors_decide_when_the_keywords_do_not_match():
    vectors = _vectors()
    peer = _peers().TxtaiPeer(PASSAGES, vectors, lambda text: vectors[5], weights=0.5)
    try:
        rows = peer.search("zzz", 3)
        assert rows[0] == 5 and len(rows) == 3 and all(isinstance(row, int) for row in rows)
    finally:
        peer.close()


def test_the_configurations_are_named_uniquely_and_share_indexes_by_scoring():
    peers = _peers()
    names = [c.name for c in peers.TXTAI_CONFIGS]
    assert len(names) == len(set(names)) and all(n.startswith("txtai-") for n in names)
    vectors = _vectors()
    configs = [c for c in peers.TXTAI_CONFIGS if c.scoring == "bm25" and c.normalize is True]
    searchers = peers.txtai_searchers(PASSAGES, vectors, _neutral_query, configs)
    assert list(searchers) == [c.name for c in configs]
    assert all(search("INFOMIGRA", 2)[0] == 2 for search in searchers.values())


def test_vectors_must_match_the_passages():
    with pytest.raises(ValueError):
        _peers().TxtaiPeer(PASSAGES, _vectors()[:3], _neutral_query)
