"""A plan printed to PDF gives the facts of its text version.

The corpus's Puno plan is rendered to HTML with ruled tables and printed by Debian's
Chromium, as benchmarks/pdf.py does; ingesting the PDF must give at least 90 % of the
values and links the text version gives. The borderless print is a known gap: tables
without rules whose cells wrap lose their rows (a strict xfail with its measured share).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
PUNO = CORPUS / "puno-mejora-continua-promocion-empleo-2015.md"

_spec = importlib.util.spec_from_file_location("pdf_benchmark", REPO / "benchmarks" / "pdf.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)  # type: ignore[union-attr]  # a spec of an existing .py file has a loader

pytestmark = [
    # Chromium prints the plan to PDF, and reading it back takes seconds
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not PUNO.is_file(), reason="the corpus (../shared/corpus) is not beside the checkout"),
    pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed (make install does it)"),
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[tuple[str, str], Path]:
    return bench.print_pdfs([PUNO], tmp_path_factory.mktemp("printed"))


@pytest.mark.parametrize(
    "style",
    [
        "ruled",
        pytest.param("borderless", marks=pytest.mark.xfail(strict=True, reason="measured 2026-12-06: values 0.45, links 0.29; two-column tables of long text have no cell-wide gap to find")),
    ],
)
def test_a_printed_plan_keeps_the_facts_of_its_text(printed, style: str) -> None:
    values, links = bench.facts_of(PUNO)
    got_values, got_links = bench.facts_of(printed[(str(PUNO), style)])
    assert len(values & got_values) >= 0.9 * len(values)
    assert len(links & got_links) >= 0.9 * len(links)
