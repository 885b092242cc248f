"""Reciprocal rank fusion."""

from quipu.search.fusion import RRF_K, reciprocal_rank_fusion


def test_a_row_in_both_lists_beats_a_row_first_in_one():
    fused = reciprocal_rank_fusion([[1, 2], [3, 2]])
    assert fused[0][0] == 2
    assert fused[0][1] == 1 / (RRF_K + 2) * 2


def test_ties_break_by_row_for_stable_output():
    assert [row for row, _ in reciprocal_rank_fusion([[5], [4]])] == [4, 5]


def test_empty_lists():
    assert reciprocal_rank_fusion([[], []]) == []
