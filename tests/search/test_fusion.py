"""Fusion of rankings: reciprocal rank fusion (plain hybrid) and the fitted score fusion (full)."""

from dataclasses import replace

import numpy as np
import pytest

from quipu.search.fusion import RRF_K, Candidates, Fusion, normalised, reciprocal_rank_fusion


def test_a_row_in_both_lists_beats_a_row_first_in_one():
    fused = reciprocal_rank_fusion([[1, 2], [3, 2]])
    assert fused[0][0] == 2
    assert fused[0][1] == 1 / (RRF_K + 2) * 2


def test_ties_break_by_row_for_stable_output():
    assert [row for row, _ in reciprocal_rank_fusion([[5], [4]])] == [4, 5]


def test_empty_lists():
    assert reciprocal_rank_fusion([[], []]) == []


def _candidates(**columns: list[float]) -> Candidates:
    n = len(next(iter(columns.values())))
    zeros = [0.0] * n
    values = {
        name: np.array(columns.get(name, zeros), dtype=float)
        for name in ("text", "heading", "context", "cosine", "figures", "entities")
    }
    return Candidates(keys=np.arange(n), nearest=np.ones(n, dtype=bool), **values)


@pytest.mark.parametrize(
    ("values", "norm", "expected"),
    [
        ([8.0, 2.0], "max", [1.0, 0.25]),  # the best passage scores 1, whatever the query's scale
        ([0.0, 0.0], "max", [0.0, 0.0]),  # no term matched: all zero, no division by zero
        ([1.0, 3.0], "z", [-1.0, 1.0]),  # standard scores over the candidates
        ([5.0, 5.0], "z", [0.0, 0.0]),  # no spread: nothing to tell them apart
        ([0.80, 0.84, 0.86], "minmax", [0.0, 2 / 3, 1.0]),  # a narrow band spread over [0, 1]
        ([0.8, 0.9], "raw", [0.8, 0.9]),  # cosines share one scale already
        ([], "z", []),  # no candidate
    ],
)
def test_normalised(values, norm, expected):
    assert normalised(np.array(values), norm) == pytest.approx(expected)


def test_raw_cosines_keep_a_small_gap_small():
    # BM25 ranks passage 0 a little higher; the vectors rank 1 a little higher (0.04 apart).
    # Min-max scaling turns that gap into the whole [0, 1] range and buries passage 0;
    # raw cosines with a fitted weight keep it a small difference.
    found = _candidates(context=[10.0, 9.0], cosine=[0.82, 0.86])
    scaled = Fusion(lexical_field="context", dense_norm="minmax", dense_weight=0.5, figures_share=1.0)
    raw = Fusion(lexical_field="context", dense_norm="raw", dense_weight=1.0, figures_share=1.0)
    assert list(scaled.order(found)) == [1, 0]
    assert list(raw.order(found)) == [0, 1]


def test_a_table_row_takes_its_lexical_part_for_its_dense_one():
    # A passage of figures reads as noise to a sentence model: its BM25 part stands in.
    found = _candidates(context=[10.0, 6.0], cosine=[0.70, 0.90], figures=[0.6, 0.0])
    fusion = Fusion(lexical_field="context", lexical_norm="max", dense_norm="minmax", dense_weight=1.0)
    assert list(fusion.order(found)) == [0, 1]
    assert list(replace(fusion, figures_share=1.0).order(found)) == [1, 0]


def test_the_heading_field_adds_its_own_weight():
    # Same text score; the passage whose headings hold the query's terms wins.
    found = _candidates(context=[5.0, 5.0], heading=[0.0, 3.0])
    fusion = Fusion(lexical_field="context", dense_weight=0.0, heading_weight=0.1)
    assert list(fusion.order(found)) == [1, 0]


def test_the_sentence_share_re_ranks_the_head_only():
    found = _candidates(context=[3.0, 2.0, 1.0])
    fusion = Fusion(lexical_field="context", dense_weight=0.0, sentence_weight=1.0, rerank_depth=2)
    # Passage 1 holds the query in one sentence and overtakes 0; passage 2, below the head, stays last.
    assert list(fusion.order(found, np.array([0.0, 1.0, 1.0]))) == [1, 0, 2]


def test_score_fusion_keeps_a_clear_lexical_winner_that_rank_fusion_drops():
    # Passage 0: BM25's clear winner, far from the vectors' top. Passages 1-3: fair in both.
    found = _candidates(context=[10.0, 2.0, 2.0, 2.0], cosine=[0.80, 0.90, 0.89, 0.88])
    fusion = Fusion(lexical_field="context", lexical_norm="max", dense_norm="minmax", dense_weight=0.7)
    assert fusion.order(found)[0] == 0
    rrf = reciprocal_rank_fusion([[0, 1, 2, 3], [1, 2, 3, 0]])
    assert rrf[0][0] != 0
