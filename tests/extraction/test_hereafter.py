"""Short names a document defines for the rest of it (quipu.ingest.extract.hereafter), on an
agreement written for this test."""

from __future__ import annotations

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.facts import Facts

AGREEMENT = """CONVENIO DE COOPERACIÓN

Conste por el presente documento el convenio que celebran el Gobierno Regional de Tacna, a quien en adelante se le denominará EL GOBIERNO REGIONAL; y el Instituto de Educación Superior Tecnológico Público Tacna (en adelante, «EL INSTITUTO»).

El Programa Regional Costa Emplea (en adelante, Costa Emplea o el Programa) atiende a jóvenes.

EL INSTITUTO administra el Servicio de Capacitación Costera. EL GOBIERNO REGIONAL financia Costa Emplea.
"""
INSTITUTE = "institution/instituto-de-educacion-superior-tecnologico-publico-tacna"
GOVERNMENT = "institution/gobierno-regional-de-tacna"
PROGRAMME = "programme/programa-regional-costa-emplea"


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> Facts:
    path = tmp_path_factory.mktemp("hereafter") / "convenio.txt"
    path.write_text(AGREEMENT, encoding="utf-8")
    return extract_facts(read_document(path))


@pytest.mark.parametrize(
    ("key", "alias"),
    [
        pytest.param(INSTITUTE, "EL INSTITUTO", id="bracketed-quoted"),
        pytest.param(GOVERNMENT, "EL GOBIERNO REGIONAL", id="a-quien-se-le-denominara"),
        pytest.param(PROGRAMME, "Costa Emplea", id="first-of-two-short-names"),
    ],
)
def test_a_defined_short_name_is_an_alias(facts: Facts, key: str, alias: str) -> None:
    assert alias in facts.entities[key].alt_labels


def test_a_reference_with_a_lower_case_article_is_no_name(facts: Facts) -> None:
    assert "el Programa" not in facts.entities[PROGRAMME].alt_labels


@pytest.mark.parametrize(
    "triple",
    [
        pytest.param((INSTITUTE, "runs", "service/capacitacion-costera"), id="short-name-runs"),
        pytest.param((GOVERNMENT, "funds", PROGRAMME), id="short-names-on-both-sides"),
    ],
)
def test_later_mentions_of_a_short_name_carry_links(facts: Facts, triple: tuple[str, str, str]) -> None:
    assert triple in {(l.subject, l.predicate, l.object) for l in facts.links}
