"""Column roles from header words (quipu.ingest.columns): the part of a year a column holds."""

from __future__ import annotations

import pytest

from quipu.ingest.columns import part_name, part_of, role_of, segment


@pytest.mark.parametrize(
    ("header", "role", "part"),
    [
        ("Prog. I trim.", "target", "I trimestre"),  # an abbreviated "programado" and quarter
        ("Meta II trimestre 2027", "target", "II trimestre"),  # with its year
        ("Logrado 2do semestre", "achieved", "II semestre"),  # an ordinal in figures and letters
        ("Ejecutado al III trim.", "achieved", None),  # a running total to a quarter is the year so far
        ("Meta anual", "target", None),  # the whole year
    ],
)
def test_role_of_a_header_with_a_part_of_the_year(header: str, role: str, part: str | None) -> None:
    found = role_of(header)
    assert found is not None and (found.name, found.part) == (role, part)


def test_a_header_printed_one_cell_per_line_keeps_its_quarters() -> None:
    roles = segment("Código Indicador Meta anual 2026 Prog. I trim. Prog. II trim. Ejecutado al II trim. % avance Responsable")
    assert [(r.name, r.part) for r in roles] == [
        ("code", None), ("indicator", None), ("target", None), ("target", "I trimestre"), ("target", "II trimestre"),
        ("achieved", None), ("executionRate", None), ("responsible", None),
    ]


@pytest.mark.parametrize(
    ("ordinal", "unit", "name"),
    [("1er", "trim", "I trimestre"), ("cuarto", "trimestre", "IV trimestre"), ("2", "sem", "II semestre"), ("III", "semestre", None)],
    ids=["1er-trim", "cuarto", "2-sem", "no-third-semester"],
)
def test_part_name(ordinal: str, unit: str, name: str | None) -> None:
    assert part_name(ordinal, unit) == name


@pytest.mark.parametrize(
    ("header", "found"),
    [("I Trim.", ("I trimestre", None)), ("II trim. 2027", ("II trimestre", "2027")), ("3er trimestre", ("III trimestre", None)),
     ("T4", ("IV trimestre", None)), ("S1", ("I semestre", None)), ("Meta anual", None)],
    ids=["roman", "with-year", "ordinal", "t4", "s1", "no-part"],
)
def test_part_of_a_header_that_only_names_it(header: str, found: tuple[str, str | None] | None) -> None:
    assert part_of(header) == found
