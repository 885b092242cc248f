"""Norm citations: every written form to one canonical id."""

import pytest

from quipu.ingest.extract.norms import find_norms


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        pytest.param("Ley Nº 29381", "LEY-29381", id="law with Nº"),
        # the types of the norm-type scheme beyond the usual ones: municipal, supreme, head-of-office
        pytest.param("la Ordenanza Municipal N° 0231-MPC/CM creó la ventanilla", "OM-231-MPC/CM", id="municipal ordinance"),
        pytest.param("Resolución Suprema N° 017-2030-TR", "RS-17-2030-TR", id="supreme resolution"),
        # a municipality's and a regional council's norms besides their ordinances
        pytest.param("mediante Resolución de Alcaldía N° 0318-2031-MDX/A se aprobó", "RA-318-2031-MDX/A", id="mayoral resolution"),
        pytest.param("RESOLUCIÓN DE ALCALDÍA Nº 77-2029-MPH", "RA-77-2029-MPH", id="mayoral resolution, capitals"),
        pytest.param("el Decreto de Alcaldía N° 004-2030-MPL fija", "DA-4-2030-MPL", id="mayoral decree"),
        pytest.param("por Acuerdo de Concejo N° 112-2028-MPT/CM", "AC-112-2028-MPT/CM", id="council agreement"),
        pytest.param("el Acuerdo de Concejo Municipal N° 09-2027-MDS", "AC-9-2027-MDS", id="council agreement, municipal"),
        pytest.param("Acuerdo de Consejo Regional N° 045-2029-GRA/CR", "ACR-45-2029-GRA/CR", id="regional council agreement"),
        pytest.param("el Decreto Regional N° 003-2030-GRL/GR regula", "DR-3-2030-GRL/GR", id="regional decree"),
        pytest.param("la Resolución Jefatural N° 88-2029-INEI", "RJ-88-2029-INEI", id="resolution of a head of office"),
        pytest.param("Resolución de Presidencia Ejecutiva N° 40-2028-SERVIR-PE", "RPE-40-2028-SERVIR-PE", id="executive presidency"),
        pytest.param("la Directiva Regional N° 002-2031-GRL-DRTPE", "DIR-2-2031-GRL-DRTPE", id="regional directive"),
        pytest.param("Resolución Ministerial N°002-2011.MTPE/3", "RM-2-2011-MTPE/3", id="issuer joined by a dot"),
        pytest.param("la Ley N° 28806. El Ministerio", "LEY-28806", id="a sentence's full stop is no issuer"),
        pytest.param("Ordenanza Regional N° 014-2029-CR/GOB.REG.TACNA.", "OR-14-2029-CR/GOB.REG.TACNA", id="dotted issuer"),
        pytest.param("la Ordenanza Regional N° 077-2031-G.R.A/CR aprobó el plan", "OR-77-2031-G.R.A/CR", id="issuer of dotted initials"),
        # English names of the types, as a question or a translated report writes them
        pytest.param("Law No. 27783", "LEY-27783", id="English law"),
        pytest.param("Supreme Decree No. 001-2012-TR", "DS-1-2012-TR", id="English supreme decree"),
        pytest.param("Ministerial Resolution N° 105-2015-TR", "RM-105-2015-TR", id="English ministerial resolution"),
        pytest.param("Legislative Decree No. 1057", "DL-1057", id="English legislative decree"),
        pytest.param("Emergency Decree No. 016-2020", "DU-16-2020", id="English emergency decree"),
        pytest.param("la ley 27867 Orgánica", "LEY-27867", id="law without number sign, lower case"),
        pytest.param("Decreto Supremo N° 001-2012-TR", "DS-1-2012-TR", id="supreme decree"),
        pytest.param("D.S. N° 004-2011-TR", "DS-4-2011-TR", id="D.S. abbreviation"),
        pytest.param("D.S. Nro. 01-2012-TR", "DS-1-2012-TR", id="Nro. and a short number"),
        pytest.param("Decreto Supremo N° 004- 2013-PCM", "DS-4-2013-PCM", id="number broken at a line end"),
        pytest.param("R.M. N° 411-2023-TR", "RM-411-2023-TR", id="R.M. abbreviation"),
        pytest.param("R.D.R. N° 058-2031-GR.PUNO/DRTPE", "RD-58-2031-GR.PUNO/DRTPE", id="R.D.R. abbreviation of a regional directoral resolution"),
        pytest.param("Resolución Ministerial Nº194-2024-TR", "RM-194-2024-TR", id="no space after Nº"),
        pytest.param("Resolución del Secretario General N°000007-2025-TR-SG", "RSG-7-2025-TR-SG", id="secretary general, zeros"),
        pytest.param("Resolución de Secretaría General N° 7-2025-TR-SG", "RSG-7-2025-TR-SG", id="secretaría general"),
        pytest.param("Resolución Viceministerial N° 002-2011-MTPE/3", "RVM-2-2011-MTPE/3", id="vice-ministerial with slash"),
        pytest.param("Resolución Directoral N° 000374-2024 -MTPE/4/12", "RD-374-2024-MTPE/4/12", id="directoral, spaced dash"),
        pytest.param(
            "Resolución de Presidencia de Consejo Directivo N° 0056-2024/CEPLAN/PCD",
            "RPCD-56-2024-CEPLAN/PCD",
            id="CEPLAN board resolution",
        ),
        pytest.param("Directiva N° 001-2024 - CEPLAN/PCD", "DIR-1-2024-CEPLAN/PCD", id="directive"),
        pytest.param("Ordenanza Regional N° 012-2013-GRP-CRP", "OR-12-2013-GRP-CRP", id="regional ordinance"),
        pytest.param("Decreto Legislativo N° 1086", "DL-1086", id="legislative decree"),
        pytest.param("R.M Nro. 109-2012-TR", "RM-109-2012-TR", id="R.M without the last dot"),
        pytest.param(
            "Resolución de Secretaría de Descentralización N° 009-2015-PCM/SD", "RSD-9-2015-PCM/SD",
            id="decentralisation secretariat",
        ),
        # a region's issuer written with a space before its slash-joined parts
        pytest.param("la Resolución Directoral Regional N° 204-2027-GR PIURA/DRTPE, que", "RD-204-2027-GR-PIURA/DRTPE", id="issuer part after a space"),
        pytest.param("Resolución Ejecutiva Regional N° 0031-2026-GR JUNIN/GR.", "RER-31-2026-GR-JUNIN/GR", id="executive resolution, spaced issuer"),
        pytest.param("la Resolución Directoral N° 12-2025-GR LORETO dispone", "RD-12-2025-GR", id="an upper-case word with no slash after it is not the issuer"),
        # ordinances numbered without a year, as several regional councils number them
        pytest.param("la Ordenanza Regional N° 318-PUNO aprobó", "OR-318-PUNO", id="ordinance, no year"),
        pytest.param("Ordenanza Regional N° 020-GRA/CR", "OR-20-GRA/CR", id="ordinance, no year, council issuer"),
    ],
)
def test_written_forms_parse_to_one_canonical_id(written, canonical):
    assert [c.id for c in find_norms(written)] == [canonical]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("la Resolución 5 del consejo", id="no year: too ambiguous"),
        pytest.param("el artículo 12 de la ley", id="no number"),
        pytest.param("Ley N° 12 de prueba", id="a law number is never this short"),
    ],
)
def test_non_citations_are_ignored(text):
    assert list(find_norms(text)) == []


def test_spellings_share_a_key_and_label():
    a, b = find_norms("D.S. N° 01-2012-TR y Decreto Supremo Nº 001-2012-TR")
    assert a.key == b.key == "norm/ds-1-2012-tr"
    assert a.label == b.label == "Decreto Supremo N° 001-2012-TR"


def test_offsets_point_at_the_citation():
    text = "aprobado mediante R.M. N° 411-2023-TR respectivamente"
    (citation,) = find_norms(text)
    assert text[citation.start : citation.end] == "R.M. N° 411-2023-TR"


@pytest.mark.parametrize(
    ("text", "link"),
    [
        pytest.param(
            "Resolución Ministerial N° 105-2015-TR, que aprueba la Directiva General N° 001-2015-MTPE/3/17 sobre",
            ("norm/dir-1-2015-mtpe-3-17", "approvedBy", "norm/rm-105-2015-tr"),
            id="the first approves the second",
        ),
        pytest.param(
            "Directiva N° 0003-2024-MTPE/4/12, Directiva que regula el régimen del Decreto Legislativo N° 276, "
            "aprobada mediante Resolución Directoral N° 000456-2024-MTPE/4/12, la cual",
            ("norm/dir-3-2024-mtpe-4-12", "approvedBy", "norm/rd-456-2024-mtpe-4-12"),
            id="a directive's title citing another norm stands between",
        ),
        pytest.param(
            "ley N° 29549, ley que modifica el decreto legislativo N° 688",
            ("norm/ley-29549", "amends", "norm/dl-688"),
            id="amends",
        ),
        pytest.param(
            "Ley N° 27783, modificada por las Leyes N° 27950",
            ("norm/ley-27950", "amends", "norm/ley-27783"),
            id="amended by: the direction turns",
        ),
    ],
)
def test_links_between_norms(text, link):
    from pathlib import Path

    from quipu.ingest.extract import norms
    from quipu.ingest.facts import Facts
    from quipu.ingest.models import Document, DocumentMeta, Passage

    passage = Passage(id="d-0000", document_id="d", ordinal=0, text=text, start=0, end=len(text))
    document = Document(id="d", path=Path("d.txt"), sha256="", media_type="text/plain", text=text,
                        meta=DocumentMeta(), passages=[passage])
    facts = Facts(document_id="d")
    norms.extract(document, facts)
    links = {(l.subject, l.predicate, l.object) for l in facts.links}
    assert link in links
    assert not any(l[0] == "norm/dl-276" for l in links)
