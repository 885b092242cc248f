"""Fusion of rankings: reciprocal rank fusion (plain hybrid) and score normalisation (full)."""

import pytest

from quipu.search.fusion import RRF_K, max_normalised, min_max_scaled, reciprocal_rank_fusion
from quipu.search.store import Scored


def test_a_row_in_both_lists_beats_a_row_first_in_one():
    fused = reciprocal_rank_fusion([[1, 2], [3, 2]])
    assert fused[0][0] == 2
    assert fused[0][1] == 1 / (RRF_K + 2) * 2


def test_ties_break_by_row_for_stable_output():
    assert [row for row, _ in reciprocal_rank_fusion([[5], [4]])] == [4, 5]


def test_empty_lists():
    assert reciprocal_rank_fusion([[], []]) == []


def _scored(scores: dict[int, float]) -> list[Scored]:
    return [Scored(key, score) for key, score in scores.items()]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({0: 8.0, 1: 2.0}, {0: 1.0, 1: 0.25}),  # the best passage scores 1, whatever the query's scale
        ({0: 0.0, 1: 0.0}, {0: 0.0, 1: 0.0}),  # no term matched: all zero, no division by zero
        ({}, {}),  # an empty index
    ],
)
def test_max_normalised(scores, expected):
    assert max_normalised(_scored(scores)) == pytest.approx(expected)


def test_min_max_scaled_spreads_a_narrow_band_of_similarities():
    scaled = min_max_scaled(_scored({3: 0.86, 0: 0.84, 2: 0.80}))
    # e5's similarities bunch in a narrow band; scaled, the nearest is 1, the last of the top passages 0.
    assert scaled == pytest.approx({3: 1.0, 0: 2 / 3, 2: 0.0})


def test_min_max_scaled_with_equal_similarities_gives_them_all_one():
    assert min_max_scaled(_scored({1: 0.5, 2: 0.5})) == {1: 1.0, 2: 1.0}


def test_score_fusion_keeps_a_clear_lexical_winner_that_rank_fusion_drops():
    # Passage 0: BM25's clear winner, far from the vectors' top. Passages 1-3: fair in both.
    lexical = max_normalised(_scored({0: 10.0, 1: 2.0, 2: 2.0, 3: 2.0}))
    dense = min_max_scaled(_scored({1: 0.90, 2: 0.89, 3: 0.88, 0: 0.80}))
    fused = {key: lexical[key] + 0.7 * dense[key] for key in lexical}
    assert max(fused, key=fused.get) == 0
    rrf = reciprocal_rank_fusion([[0, 1, 2, 3], [1, 2, 3, 0]])
    assert rrf[0][0] != 0
