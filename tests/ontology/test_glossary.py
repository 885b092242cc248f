"""The bilingual glossary shipped as SKOS data."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import RDF, Namespace
from rdflib.namespace import SKOS

ID = Namespace("https://w3id.org/quipu/id/")

SCHEME = ID["scheme/glossary"]


def concepts(graph):
    return set(graph.subjects(SKOS.inScheme, SCHEME))


def test_the_glossary_has_about_eighty_concepts(glossary):
    assert len(concepts(glossary)) >= 80
    assert set(glossary.subjects(RDF.type, SKOS.Concept)) == concepts(glossary)


def test_every_concept_has_one_spanish_and_one_english_preferred_label(glossary):
    for concept in concepts(glossary):
        langs = sorted(lbl.language for lbl in glossary.objects(concept, SKOS.prefLabel))
        assert langs == ["en", "es"], concept
        assert str(concept).startswith(str(ID["glossary/"])), concept


@pytest.mark.parametrize("lang", ["es", "en"])
def test_preferred_labels_are_unique_per_language(glossary, lang):
    labels = Counter(str(lbl).lower() for lbl in glossary.objects(None, SKOS.prefLabel) if lbl.language == lang)
    assert [lbl for lbl, n in labels.items() if n > 1] == []


def test_alternative_labels_are_tagged_and_differ_from_the_preferred_ones(glossary):
    for concept in concepts(glossary):
        preferred = {(str(lbl), lbl.language) for lbl in glossary.objects(concept, SKOS.prefLabel)}
        for alt in glossary.objects(concept, SKOS.altLabel):
            assert alt.language in {"es", "en"}, (concept, alt)
            assert (str(alt), alt.language) not in preferred, (concept, alt)


# English term the issue asks for -> its Spanish preferred label.
REQUIRED = [
    ("Employment", "Empleo"),
    ("Young people", "Jóvenes"),
    ("Labour migration", "Migración laboral"),
    ("Job training", "Capacitación laboral"),
    ("Labour formalisation", "Formalización laboral"),
    ("Indicator", "Indicador"),
    ("Budget", "Presupuesto"),
    ("Target", "Meta"),
    ("Baseline", "Línea de base"),
    ("Job placement", "Intermediación laboral"),
    ("Vocational guidance", "Orientación vocacional"),
    ("One-stop window", "Ventanilla única"),
    ("Labour inspection", "Inspección del trabajo"),
    ("Unemployment", "Desempleo"),
    ("Underemployment", "Subempleo"),
    ("Entrepreneurship", "Emprendimiento"),
    ("Microenterprise", "Microempresa"),
    ("Certification of occupational competencies", "Certificación de competencias laborales"),
    ("Job exchange", "Bolsa de trabajo"),
]


@pytest.mark.parametrize(("english", "spanish"), REQUIRED, ids=[e for e, _ in REQUIRED])
def test_required_terms_are_present_in_both_languages(glossary, english, spanish):
    matches = [c for c in concepts(glossary) if (c, SKOS.prefLabel, None) in glossary
               and any(str(lbl) == english and lbl.language == "en" for lbl in glossary.objects(c, SKOS.prefLabel))]
    assert len(matches) == 1
    assert spanish in {str(lbl) for lbl in glossary.objects(matches[0], SKOS.prefLabel) if lbl.language == "es"}
