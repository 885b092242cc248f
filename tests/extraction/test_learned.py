"""The learned link model (quipu.ingest.extract.learned): what it reads of a pair of names,
its model file, how it adds links next to the rules, and the shipped model on sentences
written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract import learned
from quipu.ingest.extract.extractor import enabled, extract_facts
from quipu.ingest.extract.relations import Mention
from quipu.ingest.facts import Facts


def _document(tmp_path: Path, text: str):
    path = tmp_path / "informe.md"
    path.write_text("# Informe\n\n" + text + "\n", encoding="utf-8")
    return read_document(path)


def _before_model(tmp_path: Path, text: str):
    """A document and the facts every extractor but the learned one found in it."""
    document = _document(tmp_path, text)
    facts = Facts(document_id=document.id)
    for extractor in enabled(["learned-links"]):
        extractor(document, facts)
    return document, facts


def _mention(text: str, name: str, type_: str, key: str | None = None) -> Mention:
    start = text.index(name)
    return Mention(key or name, type_, start, start + len(name))


# ------------------------------------------------------------------ what describes a pair

SENTENCE = "La Oficina Norte, junto con la Oficina Sur, ejecutará desde 2027 el Servicio Alfa en la provincia."
FIRST = _mention(SENTENCE, "Oficina Norte", "institution")
MIDDLE = _mention(SENTENCE, "Oficina Sur", "institution")
SECOND = _mention(SENTENCE, "Servicio Alfa", "service")
FEATURES = learned.pair_features(learned.tokens(SENTENCE, 0), FIRST, SECOND, [MIDDLE])


@pytest.mark.parametrize(
    "feature",
    [
        "ty=institution>service",  # the kinds, in reading order
        "b=ejecutara",  # a word between, folded (no accent)
        "b5=ejecu",  # its stem, so other tenses share it
        "b=<inst>",  # a name between is read as its kind, not its words
        "bb=<inst>_,",  # pairs of words between
        "e0=el",  # the word right before the second name
        "l0=la",  # the word right before the first
        "r0=en",  # the word right after the second
        "names=1",  # how many names lie between
        "same-as-first-between",  # one of them is of the first name's kind
    ],
)
def test_pair_features(feature: str) -> None:
    assert feature in FEATURES


def test_names_between_are_not_read_as_words() -> None:
    assert "b=sur" not in FEATURES and "b=oficina" not in FEATURES


# ------------------------------------------------------------------ the model file

TINY = learned.LinkModel(
    weights={"runs>": {"b=administra": 6.0}, "funds>": {"b=financia": 6.0}},
    bias={"runs>": -3.0, "funds>": -3.0},
    kinds={"runs>": (("institution", "service"),), "funds>": (("institution", "service"),)},
    thresholds={"runs>": 0.8, "funds>": 0.8},
    trained_on="a test",
)


def test_model_round_trips_through_json() -> None:
    assert learned.LinkModel.from_json(TINY.to_json()) == TINY


def test_model_with_an_unknown_predicate_is_refused() -> None:
    broken = TINY.to_json().replace('"runs>"', '"manages>"')
    with pytest.raises(ValueError, match="manages>"):
        learned.LinkModel.from_json(broken)


def test_model_with_a_threshold_but_no_weights_is_refused() -> None:
    broken = TINY.to_json().replace('"funds>":0.8', '"evaluates>":0.8')
    with pytest.raises(ValueError, match="evaluates>"):
        learned.LinkModel.from_json(broken)


def test_shipped_model_links_only_kinds_the_shapes_allow() -> None:
    from quipu.graph.validation import link_conforms

    model = learned.load_model()
    assert model is not None
    refused = [(name, ends) for name, pairs in model.kinds.items() for ends in pairs if not link_conforms(name[:-1], *ends)]
    assert refused == []


# ------------------------------------------------------------------ adding links beside the rules


def test_model_adds_a_link_with_its_own_rule(tmp_path: Path) -> None:
    document, facts = _before_model(tmp_path, "La Oficina Zonal de Nasca administra con esmero el Servicio de Empleo Nasca.")
    learned.extract(document, facts, TINY)
    added = [l for l in facts.links if l.rule.endswith("/learned/runs")]
    assert [(facts.entities[l.subject].label, facts.entities[l.object].label) for l in added] == [
        ("Oficina Zonal de Nasca", "Empleo Nasca")  # a service's label drops the kind of service that leads its name
    ]
    assert "administra" in added[0].evidence.quote  # the evidence runs from one name to the other


def test_model_leaves_a_pair_a_rule_linked_alone(tmp_path: Path) -> None:
    # a cue already reads "financia el": the model does not add a second opinion on the pair
    document, facts = _before_model(tmp_path, "La Oficina Zonal de Nasca financia el Servicio de Empleo Nasca.")
    ruled = len(facts.links)
    learned.extract(document, facts, TINY)
    assert len(facts.links) == ruled


def test_below_threshold_adds_nothing(tmp_path: Path) -> None:
    document, facts = _before_model(tmp_path, "La Oficina Zonal de Nasca visitó el Servicio de Empleo Nasca.")
    learned.extract(document, facts, TINY)
    assert not [l for l in facts.links if "/learned/" in l.rule]


# ------------------------------------------------------------------ the shipped model


def _learned(tmp_path: Path, text: str) -> set[tuple[str, str, str]]:
    facts = extract_facts(_document(tmp_path, text))
    label = lambda key: facts.entities[key].label  # noqa: E731
    return {(label(l.subject), l.predicate, label(l.object)) for l in facts.links if "/learned/" in l.rule}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the body is the subject of a relative clause after the centre, with a year between
        pytest.param(
            "El Centro de Empleo Chachapoyas, que la Dirección Regional de Trabajo de Amazonas abrió en 2019, atiende a 3 000 personas al año.",
            ("Dirección Regional de Trabajo de Amazonas", "runs", "Centro de Empleo Chachapoyas"),
            id="que-la-x-abrio",  # read since the model trained on dev..dev32 (runs< at 0.9)
        ),
        # a unit in apposition: "parte de" with no verb
        pytest.param(
            "La Unidad de Empleo Rural, parte de la Dirección Regional de Trabajo de Amazonas, visita las comunidades.",
            ("Unidad de Empleo Rural", "subOrganizationOf", "Dirección Regional de Trabajo de Amazonas"),
            id="apposition-parte-de",
            marks=pytest.mark.xfail(strict=True, reason="the subOrganizationOf> model needs 0.95 and gives this pair less; subOrganizationOf< is off (right under 0.8 of the time on sets left out)"),
        ),
        # a region after an aside about the centre's size
        pytest.param(
            "El Centro de Empleo Chachapoyas, con sus dos sedes y un equipo de doce personas, también atiende en la región San Martín.",
            ("Centro de Empleo Chachapoyas", "operatesIn", "San Martín"),
            id="aside-then-region",
        ),
        # "como parte del": a service inside a centre, said in an aside
        pytest.param(
            "La Ventanilla Joven Huánuco, como parte del Centro de Empleo Huánuco, orienta a estudiantes.",
            ("Ventanilla Joven Huánuco", "partOf", "Centro de Empleo Huánuco"),
            id="como-parte-del",
        ),
        # "se financia con el aporte de": no cue reads the contribution
        pytest.param(
            "El Servicio de Orientación Laboral Andina se financia con el aporte de la Municipalidad Provincial de Huamanga.",
            ("Municipalidad Provincial de Huamanga", "funds", "Orientación Laboral Andina"),
            id="con-el-aporte-de",
            marks=pytest.mark.xfail(strict=True, reason="trained on dev..dev32, the funds< model was right under 0.8 of the time on the sets left out (11 of 20 at 0.85), so it is off"),
        ),
        # a norm that a programme was "born with"
        pytest.param(
            "El Programa Emprende Amazonas nació con la Ordenanza Regional N° 045-2019-GRA/CR.",
            ("Programa Emprende Amazonas", "createdBy", "Ordenanza Regional N° 045-2019-GRA/CR"),
            id="nacio-con",
            marks=pytest.mark.xfail(strict=True, reason="a verb of creation never seen in the development sets"),
        ),
        # a verb of funding with an adverb of manner the cues do not expect
        pytest.param(
            "Con recursos propios, la Municipalidad Provincial de Huaraz sostiene económicamente el Servicio de Empleo Joven Huaraz.",
            ("Municipalidad Provincial de Huaraz", "funds", "Empleo Joven Huaraz"),
            id="sostiene-economicamente",
            marks=pytest.mark.xfail(strict=True, reason="a funding verb never seen in the development sets: the model gives it 0.5"),
        ),
        # a long aside between the body and what it runs: long gaps are rarely links in training
        pytest.param(
            "La Asociación Civil Manos Unidas, con sede en Huaraz y una larga trayectoria en la zona, asumió desde 2021 toda la operación diaria del Servicio de Empleo Joven Huaraz.",
            ("Asociación Civil Manos Unidas", "runs", "Empleo Joven Huaraz"),
            id="long-aside",
            marks=pytest.mark.xfail(strict=True, reason="pairs 20 words apart are rarely links in the development sets"),
        ),
    ],
)
def test_shipped_model_reads_phrasings_the_cues_miss(tmp_path: Path, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _learned(tmp_path, text)


@pytest.mark.parametrize(
    "text",
    [
        # two bodies that only appear together
        pytest.param("La Dirección Regional de Trabajo de Ica y el Programa Jóvenes Productivos participaron en la feria laboral.", id="together"),
        # a service named as a place of a meeting, not run by the body
        pytest.param("La reunión de la Gerencia Regional de Desarrollo Social se realizó en el local del Centro de Empleo Ica.", id="meeting-place"),
    ],
)
def test_shipped_model_adds_nothing_where_no_link_is_stated(tmp_path: Path, text: str) -> None:
    assert _learned(tmp_path, text) == set()
