"""The questions researchers asked for, on the ingested corpus: the answering passage is near the top.

The full evaluation set and its Recall@k are in benchmarks/retrieval.py; these are the
examples of the issue, kept as a guard that they stay answered.
"""

from __future__ import annotations

import pytest

QUESTIONS = [
    # Spanish, a count in a fact sheet's list of results.
    pytest.param("¿cuántos jóvenes participaron en Certi Joven?", "3,233 jóvenes participantes", 1, id="certi joven count"),
    # English over Spanish text: the weaknesses of the one-stop windows (budget limitations).
    pytest.param("what were the main weaknesses of the one-stop employment windows?", "limitaciones presupuestales", 3,
                 id="weaknesses of the windows (en)"),
    # A target and its execution in the POI's flattened table of OEI indicators.
    pytest.param("meta y ejecución del indicador de formalización laboral en 2024", "N° de trabajadores\nformalizados", 5,
                 id="formalisation indicator target and execution"),
]


@pytest.mark.parametrize(("question", "evidence", "within"), QUESTIONS)
def test_the_answer_is_near_the_top(corpus_workspace, question, evidence, within):
    hits = corpus_workspace.search(question, within).hits
    assert any(evidence in h.record.text for h in hits), [h.record.id for h in hits]
