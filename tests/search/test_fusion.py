"""Fusion of rankings: reciprocal rank fusion (plain hybrid) and score normalisation (full)."""

import numpy as np
import pytest

from quipu.search.fusion import RRF_K, max_normalised, min_max_scattered, reciprocal_rank_fusion


def test_a_row_in_both_lists_beats_a_row_first_in_one():
    fused = reciprocal_rank_fusion([[1, 2], [3, 2]])
    assert fused[0][0] == 2
    assert fused[0][1] == 1 / (RRF_K + 2) * 2


def test_ties_break_by_row_for_stable_output():
    assert [row for row, _ in reciprocal_rank_fusion([[5], [4]])] == [4, 5]


def test_empty_lists():
    assert reciprocal_rank_fusion([[], []]) == []


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([2.0, 8.0, 0.0], [0.25, 1.0, 0.0]),  # the best passage scores 1, whatever the query's scale
        ([0.0, 0.0], [0.0, 0.0]),  # no term matched: all zero, no division by zero
        ([], []),  # an empty index
    ],
)
def test_max_normalised(scores, expected):
    assert max_normalised(np.array(scores)).tolist() == pytest.approx(expected)


def test_min_max_scattered_spreads_a_narrow_band_of_similarities():
    scaled = min_max_scattered(np.array([3, 0, 2]), np.array([0.86, 0.84, 0.80]), 5)
    # e5's similarities bunch in a narrow band; scaled, the nearest is 1, the last of the top rows 0.
    assert scaled.tolist() == pytest.approx([2 / 3, 0.0, 0.0, 1.0, 0.0])


def test_min_max_scattered_with_equal_similarities_gives_them_all_one():
    assert min_max_scattered(np.array([1, 2]), np.array([0.5, 0.5]), 3).tolist() == [0.0, 1.0, 1.0]


def test_score_fusion_keeps_a_clear_lexical_winner_that_rank_fusion_drops():
    # Row 0: BM25's clear winner, far from the vectors' top. Rows 1-3: fair in both.
    bm25 = np.array([10.0, 2.0, 2.0, 2.0])
    dense_rows, similarities = np.array([1, 2, 3, 0]), np.array([0.90, 0.89, 0.88, 0.80])
    fused = max_normalised(bm25) + 0.7 * min_max_scattered(dense_rows, similarities, 4)
    assert int(np.argmax(fused)) == 0
    rrf = reciprocal_rank_fusion([[0, 1, 2, 3], list(dense_rows)])
    assert rrf[0][0] != 0
