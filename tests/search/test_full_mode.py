"""The "full" search mode on a small Spanish corpus, with the real model."""

import numpy as np
import pytest

from quipu.search import SEARCH_MODES, PassageRecord, SearchIndex
from quipu.search.analysis import figure_share
from quipu.search.lexical import LexicalIndex

# Small invented Spanish passages (not corpus text); the English questions share no
# word with their answers, so BM25 on the question alone cannot find them.
TEXTS = [
    "La mayor limitación de las ventanillas es el escaso presupuesto asignado por los gobiernos regionales.",
    "Los jóvenes que no estudian ni trabajan recibieron orientación vocacional en los colegios de secundaria.",
    "El programa transfirió fondos a los gobiernos locales para obras de mantenimiento vial en 2024.",
    "Se registraron 412 personas colocadas por la bolsa de trabajo durante el primer semestre.",
    "El informe recomienda fortalecer el sistema de seguimiento y monitoreo de los indicadores.",
    "La sede regional cuenta con cuatro computadoras y una impresora para atender al público.",
    "Las remesas enviadas por los migrantes sostienen a muchas familias de la sierra sur.",
    "El Ministerio de Trabajo y Promoción del Empleo aprobó la directiva en marzo.",
]
SECTIONS = [("Debilidades",), ("Orientación",), ("Transferencias",), ("Resultados",), ("Recomendaciones",), ("Equipamiento",), ("Migración",), ("Normas",)]
# Distractors: English words of the questions used as loanwords, as Spanish reports do.
DISTRACTORS = [
    "El taller de coaching sobre job search tuvo lugar en la sede de Arequipa.",
    "La encuesta online preguntó a los usuarios por el horario de atención.",
    "El report anual de la oficina se publicó en la web institucional.",
    "Se instalaron windows nuevos en las computadoras del área de informática.",
    "Las familias de los migrants fueron entrevistadas en un focus group.",
    "El staff del proyecto viajó a Cusco para la reunión de coordinación.",
    "La feria laboral reunió a cuarenta empresas y tres mil visitantes.",
    "El monitoring de la obra estuvo a cargo del gobierno local.",
]


@pytest.fixture(scope="module")
def index(embedder, on_backend):
    texts = TEXTS + DISTRACTORS
    sections = SECTIONS + [("Otros",)] * len(DISTRACTORS)
    recs = [
        PassageRecord(id=f"d-{i:04d}", document_id="d", document_title="Informe", text=t, start=0, end=len(t), section=s)
        for i, (t, s) in enumerate(zip(texts, sections))
    ]
    return on_backend(SearchIndex.build(recs, embedder.embed_passages(texts), model=embedder.name, embedder=embedder))


def top(index, query, mode, k=1):
    return [h.record.id for h in index.search(query, k, mode=mode)]


CROSS_LINGUAL = [
    pytest.param("What is the biggest weakness of the one-stop windows?", "d-0000", id="weakness → limitación, ventanilla"),
    pytest.param("How many job seekers were placed by the job exchange?", "d-0003", id="job exchange → bolsa de trabajo"),
    pytest.param("What does the report recommend about monitoring?", "d-0004", id="monitoring → monitoreo/seguimiento"),
    pytest.param("How do remittances from migrants help families?", "d-0006", id="remittances → remesas"),
    # "windows" is translated (ventanilla); the loanword "windows" of a distractor must not win.
    pytest.param("What windows equipment does the regional office have?", "d-0005", id="translated words weigh less than loanwords"),
]


@pytest.mark.parametrize(("query", "expected"), CROSS_LINGUAL)
def test_full_mode_finds_the_spanish_passage_for_an_english_question(index, query, expected):
    assert top(index, query, "full") == [expected]


def test_plain_hybrid_misses_at_least_one_of_them(index):
    # Guard that the cases above test the expansion: plain hybrid does not solve them all.
    misses = [p.values[0] for p in CROSS_LINGUAL if top(index, p.values[0], "hybrid") != [p.values[1]]]
    assert misses


def test_full_mode_expands_acronyms(index):
    assert top(index, "¿Qué directiva aprobó el MTPE?", "full") == ["d-0007"]
    assert "MTPE" not in TEXTS[7]


def test_full_mode_keeps_spanish_queries_working(index):
    assert top(index, "remesas de los migrantes", "full") == ["d-0006"]


def test_full_mode_hits_carry_ranks_and_json_fields(index):
    hits = index.search("job exchange placements", 3, mode="full")
    assert 1 <= len(hits) <= 3
    assert all(h.score > 0 for h in hits)
    assert hits[0].lexical_rank == 1
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_full_is_a_search_mode():
    assert "full" in SEARCH_MODES


def test_weighted_scores_match_plain_bm25_at_weight_one():
    lexical = LexicalIndex.build(TEXTS)
    terms = lexical.analyzer.terms("presupuesto de los gobiernos regionales")
    assert np.allclose(lexical.weighted_scores(dict.fromkeys(terms, 1.0)), lexical.scores("presupuesto de los gobiernos regionales"))
    half = lexical.weighted_scores(dict.fromkeys(terms, 0.5))
    assert np.allclose(half * 2, lexical.scores("presupuesto de los gobiernos regionales"))


@pytest.mark.parametrize(
    ("query", "softened", "kept"),
    [
        # "según la evaluación de X" names where to look, not what the answer says.
        pytest.param("¿Qué norma crea la ventanilla según la evaluación del ministerio?", {"ministeri"}, {"norm", "ventanill"},
                     id="según"),
        pytest.param("What was the main weakness according to the ministry report?", {"ministeri"}, {"limit"}, id="according to"),
        # A word that is also asked about outside the clause keeps its weight.
        pytest.param("¿Qué aprobó el ministerio según el informe del ministerio?", set(), {"ministeri"}, id="also outside"),
        pytest.param("¿Qué aprobó el ministerio en marzo?", set(), {"ministeri", "marz"}, id="no clause"),
    ],
)
def test_source_clauses_weigh_less(index, query, softened, kept):
    from quipu.search.full_retrieval import DEFAULT_CONFIG

    weights = index.full.term_weights(index.full.expand(query))
    for term in softened:
        assert weights[term] == DEFAULT_CONFIG.source_weight, term
    for term in kept:
        assert any(t.startswith(term) and w == 1.0 for t, w in weights.items()), term


@pytest.mark.parametrize(
    "query", ["presupuesto de los gobiernos regionales para jóvenes y migrantes", "budget, staff and offices of the regional governments"]
)
def test_the_first_results_do_not_depend_on_k(index, query):
    # The API ranks 100 passages for its facets and shows the first k: they must be the
    # same k a search for k returns.
    from dataclasses import replace

    from quipu.search.full_retrieval import DEFAULT_CONFIG, FullConfig, FullRetriever

    fusion = replace(DEFAULT_CONFIG.fusion, rerank_depth=3, sentence_weight=0.15)
    shallow = FullRetriever(index.passages, FullConfig(dense_depth=4, fusion=fusion))  # k=16 reads deeper
    few = [found.key for found in shallow.retrieve(query, 3)]
    many = [found.key for found in shallow.retrieve(query, 16)]
    assert many[:3] == few
    assert len(many) > len(few)


@pytest.fixture(scope="module")
def figures_index(embedder, on_backend):
    texts = [
        "IND.07 412 380 92.2% 1,215 2,004 17.5%",  # a flattened table row: mostly figures
        "La meta de colocados por la bolsa de trabajo se cumplió en 2024.",
        "La bolsa de trabajo colocó a cientos de personas en empresas de la región.",
        "El programa capacitó a jóvenes en oficios técnicos.",
    ]
    recs = [PassageRecord(id=f"f-{i:04d}", document_id="f", document_title="Informe", text=t, start=0, end=len(t)) for i, t in enumerate(texts)]
    return on_backend(SearchIndex.build(recs, embedder.embed_passages(texts), model=embedder.name, embedder=embedder))


def test_a_passage_of_figures_keeps_its_lexical_score_in_place_of_the_vectors(figures_index):
    from dataclasses import replace

    from quipu.search.full_retrieval import DEFAULT_CONFIG, FullConfig, FullRetriever

    query = "¿Cuál fue la meta del IND.07 de colocados?"  # IND.07 is only in the row of figures
    passages = figures_index.passages
    rule = {passages.record(r.key).id: r.score for r in FullRetriever(passages).retrieve(query, 4)}
    no_rule = {
        passages.record(r.key).id: r.score for r in FullRetriever(passages, FullConfig(fusion=replace(DEFAULT_CONFIG.fusion, figures_share=1.0))).retrieve(query, 4)
    }
    shares = [figure_share(r.text) for r in passages.iter_records()]
    assert shares[0] >= DEFAULT_CONFIG.fusion.figures_share > max(shares[1:])
    row = "f-0000"  # the row of figures
    assert rule[row] > no_rule[row]  # BM25's best passage, which the vectors rank lower
    assert all(rule[pid] == pytest.approx(no_rule[pid]) for pid in rule if pid != row)  # prose: unchanged
