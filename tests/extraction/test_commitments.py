"""A party's commitments in an agreement (quipu.ingest.extract.commitments), on agreements
written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts

HTML = """<h1>Convenio de cooperación entre la Municipalidad Provincial de Huanta y el Gobierno Regional de Ayacucho</h1>
<p>Suscriben el convenio la Municipalidad Provincial de Huanta (en adelante, LA MUNICIPALIDAD) y el Gobierno Regional de Ayacucho (en adelante, EL GOBIERNO REGIONAL).</p>
<h3>CLÁUSULA QUINTA: COMPROMISOS DE LAS PARTES</h3>
<p>5.1 LA MUNICIPALIDAD se compromete a:</p>
<ul>
<li>a) Administrar el Servicio de Empleo Huanta por medio de la Subgerencia de Desarrollo Económico (SDE).</li>
<li>b) Convocar a las empresas de la provincia a las ferias.</li>
</ul>
<p>5.2 EL GOBIERNO REGIONAL se compromete a:</p>
<ul>
<li>a) Cofinanciar el Servicio de Empleo Huanta con materiales y capacitación.</li>
</ul>
"""

WRAPPED = """CONVENIO ESPECÍFICO ENTRE EL MINISTERIO DE TRABAJO Y PROMOCIÓN DEL EMPLEO Y LA
MUNICIPALIDAD DISTRITAL DE ILO

CLÁUSULA SEXTA: OBLIGACIONES

Son obligaciones del Ministerio de Trabajo y Promoción del Empleo:
a) Supervisar, por intermedio de la Dirección General del Servicio Nacional del Empleo, el
funcionamiento del Servicio de Empleo Ilo y sus resultados.
b) Financiar, a través del Programa Jóvenes Productivos, los cursos de la línea de
capacitación del Servicio de Empleo Ilo.
c) Difundir el convenio.

CLÁUSULA SÉTIMA: VIGENCIA
"""


def _links(tmp_path: Path, name: str, text: str) -> set[tuple[str, str, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    facts = extract_facts(read_document(path))
    label = lambda key: facts.entities[key].label  # noqa: E731
    return {(label(l.subject), l.predicate, label(l.object)) for l in facts.links if l.rule.endswith("/commitment")}


@pytest.mark.parametrize(
    "expected",
    [
        # the party of the lead-in runs what its item names
        ("Municipalidad Provincial de Huanta", "runs", "Empleo Huanta"),
        # and so does the body it acts through
        ("Subgerencia de Desarrollo Económico", "runs", "Empleo Huanta"),
        # each party its own list
        ("Gobierno Regional de Ayacucho", "funds", "Empleo Huanta"),
    ],
)
def test_commitments_of_an_html_list(tmp_path: Path, expected: tuple[str, str, str]) -> None:
    assert expected in _links(tmp_path, "convenio.html", HTML)


def test_a_commitment_no_verb_of_the_lexicon_opens_gives_nothing(tmp_path: Path) -> None:
    # "Convocar a las empresas" names no programme and no link verb: three links, no more
    assert len(_links(tmp_path, "convenio.html", HTML)) == 3


def test_commitments_wrapped_over_lines_under_son_obligaciones_de(tmp_path: Path) -> None:
    links = _links(tmp_path, "convenio.txt", WRAPPED)
    assert ("Ministerio de Trabajo y Promoción del Empleo", "evaluates", "Empleo Ilo") in links
    assert ("Dirección General del Servicio Nacional del Empleo", "evaluates", "Empleo Ilo") in links
    # the programme it funds through is not what it funds: the courses of the service are
    assert not [l for l in links if l[1] == "funds" and l[2] != "Empleo Ilo"]
