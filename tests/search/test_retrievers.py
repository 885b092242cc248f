"""Every search mode is a Retriever over one PassageIndex, and search/ is layered.

The retrievers are tested here through their contract; what each mode finds is tested
in test_index.py, test_full_mode.py and test_filters.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from quipu.search import SEARCH_MODES, PassageRecord, Ranked, Retriever, SearchIndex
from quipu.search.full_retrieval import FullRetriever
from quipu.search.retrievers import DenseRetriever, LexicalRetriever, RankFusionRetriever

SEARCH = Path(__file__).resolve().parents[2] / "search"

TEXTS = [
    "La bolsa de trabajo colocó a 412 personas en el primer semestre.",
    "El presupuesto del programa se ejecutó al 95 por ciento.",
    "Los jóvenes recibieron orientación vocacional en la ventanilla única.",
    "La bolsa de trabajo regional amplió su horario de atención.",
]


@pytest.fixture(scope="module")
def index(embedder, on_backend) -> SearchIndex:
    records = [
        PassageRecord(id=f"r-{i:04d}", document_id="r", document_title="Informe", text=t, start=0, end=len(t))
        for i, t in enumerate(TEXTS)
    ]
    return on_backend(SearchIndex.build(records, embedder.embed_passages(TEXTS), model=embedder.name, embedder=embedder))


def test_every_mode_has_a_retriever_over_the_same_passages(index):
    assert set(index.retrievers) == set(SEARCH_MODES)
    assert isinstance(index.retrievers["full"], FullRetriever)
    for retriever in index.retrievers.values():
        found = retriever.retrieve("bolsa de trabajo", 2)
        assert found and all(isinstance(r, Ranked) for r in found)


def test_lexical_retriever_ranks_by_bm25(index):
    found = LexicalRetriever(index.passages).retrieve("bolsa de trabajo", 10)
    assert {index.passages.record(r.key).id for r in found} == {"r-0000", "r-0003"}  # only passages sharing a term
    assert [r.lexical_rank for r in found] == [1, 2] and found[0].score >= found[1].score > 0
    assert all(r.dense_rank is None for r in found)


def test_dense_retriever_ranks_every_passage_by_similarity(index):
    found = DenseRetriever(index.passages).retrieve("empleo para jóvenes", 10)
    assert sorted(index.passages.record(r.key).id for r in found) == ["r-0000", "r-0001", "r-0002", "r-0003"]
    assert [r.dense_rank for r in found] == [1, 2, 3, 4]
    assert [r.score for r in found] == sorted((r.score for r in found), reverse=True)


def test_rank_fusion_keeps_the_ranks_of_its_rankings(index):
    lexical, dense = LexicalRetriever(index.passages), DenseRetriever(index.passages)
    hybrid = RankFusionRetriever([lexical, dense]).retrieve("bolsa de trabajo", 4)
    lexical_rank = {r.key: r.lexical_rank for r in lexical.retrieve("bolsa de trabajo", 50)}
    dense_rank = {r.key: r.dense_rank for r in dense.retrieve("bolsa de trabajo", 50)}
    assert all(r.lexical_rank == lexical_rank.get(r.key) and r.dense_rank == dense_rank[r.key] for r in hybrid)
    # One ranking fused alone keeps its order: the lexical mode is BM25's order.
    alone = RankFusionRetriever([lexical]).retrieve("bolsa de trabajo", 4)
    assert [r.key for r in alone] == [r.key for r in lexical.retrieve("bolsa de trabajo", 4)]


def test_a_retriever_is_anything_with_retrieve():
    class Fixed:
        def retrieve(self, query, k, filters=None):
            return [Ranked(row, 1.0 / (row + 1)) for row in range(k)]

    retriever: Retriever = Fixed()
    fused = RankFusionRetriever([retriever]).retrieve("any", 2)
    assert [r.key for r in fused] == [0, 1]


# ------------------------------------------------------------ layering


def _imports(path: Path) -> set[str]:
    """The search modules ``path`` imports, at any depth of the file (TYPE_CHECKING too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 1:
                found |= {module.split(".")[0]} if module else {alias.name for alias in node.names}
            elif module.startswith("quipu.search."):
                found.add(module.split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names if a.name.startswith("quipu.search.")}
    return found


def test_no_search_module_imports_itself_back():
    graph = {path.stem: _imports(path) for path in SEARCH.glob("*.py")}

    def reaches(start: str, seen: set[str]) -> set[str]:
        for module in graph.get(start, set()) - seen:
            seen.add(module)
            reaches(module, seen)
        return seen

    cycles = sorted(module for module in graph if module in reaches(module, set()))
    assert not cycles, {module: sorted(graph[module]) for module in cycles}


def test_no_search_module_reaches_into_another_objects_private_parts():
    # `thing._name` only on self, cls, or a class of the same module.
    reaches = []
    for path in SEARCH.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own = {"self", "cls"} | {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in own)
            ):
                reaches.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    assert not reaches
