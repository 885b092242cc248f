"""Which kinds of ends the shapes allow for each extracted link (quipu.graph.validation.link_conforms):
what a learned model may propose."""

from __future__ import annotations

import pytest

from quipu.graph.validation import link_conforms


@pytest.mark.parametrize(
    ("predicate", "subject", "obj", "allowed"),
    [
        ("runs", "institution", "service", True),  # written service qp:runBy institution
        ("runs", "programme", "service", False),  # a programme runs nothing: runBy takes an institution
        ("partOf", "service", "service", True),
        ("partOf", "service", "programme", False),  # a service is part of a service only
        ("partOf", "programme", "programme", True),
        ("createdBy", "programme", "norm", True),
        ("createdBy", "programme", "institution", False),  # a legal basis is a norm
        ("amends", "norm", "norm", True),
        ("subOrganizationOf", "institution", "institution", True),
        ("operatesIn", "service", "region", True),
    ],
)
def test_link_conforms(predicate: str, subject: str, obj: str, allowed: bool) -> None:
    assert link_conforms(predicate, subject, obj) is allowed
