"""Indicators, objectives, actions, activities and their values read from tables.

Synthetic snippets check each layout (tab-separated logic matrix with spanned cells,
wrapped rows and a repeated header; a cost table; a POI table flattened one cell per
line) and number parsing; dev-set cases (split = "dev" only) check the real corpus.
Known misses are xfail (not strict), so the gaps stay counted.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract import indicators, tables
from quipu.ingest.extract.tables import parse_value
from quipu.ingest.facts import Facts

HERE = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
DEVSET = HERE / "devset.toml"

import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("score_tables", HERE / "score_tables.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)  # type: ignore[union-attr]


def run(tmp_path: Path, text: str, suffix: str = ".md") -> tuple[object, Facts]:
    path = tmp_path / f"snippet{suffix}"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    facts = Facts(document_id=document.id)
    tables.extract(document, facts)
    indicators.extract(document, facts)
    return document, facts


def check_spans(document, facts: Facts) -> None:
    """Every entity has a mention and every observation evidence, all inside the text."""
    for entity in facts.entities.values():
        assert entity.mentions, entity.key
        for mention in entity.mentions:
            assert document.text[mention.start : mention.end] == mention.quote
    for observation in facts.observations:
        assert observation.raw in observation.evidence.quote or observation.raw.replace(" ", "") in observation.evidence.quote.replace(" ", "")


# ----------------------------------------------------------------------------- numbers

NUMBERS = [
    ("1,314", 1314.0, None),
    ("11,826,323.44", 11826323.44, None),
    ("9 000.00", 9000.0, None),
    ("51,6%", 51.6, "percent"),
    ("97.4%", 97.4, "percent"),
    ("31 020", 31020.0, None),
    ("486.489", 486489.0, None),
    ("68.6%", 68.6, "percent"),
    ("S/ 385,980,156.00", 385980156.0, "PEN"),
    ("110,328 Nuevos Soles", 110328.0, "PEN"),
    ("USD 3,025,000", 3025000.0, "USD"),
    ("6 000.000", 6000.0, None),
    ("0.5", 0.5, None),
    ("08", 8.0, None),
]


@pytest.mark.parametrize(("raw", "value", "unit"), NUMBERS, ids=[n[0] for n in NUMBERS])
def test_parse_value(raw: str, value: float, unit: str | None) -> None:
    parsed = parse_value(raw)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.unit == unit
    assert parsed.raw == raw


@pytest.mark.parametrize("raw", ["N/A", "-", "abc", "No se ha determinado", ""], ids=["na", "dash", "word", "phrase", "empty"])
def test_parse_value_rejects(raw: str) -> None:
    assert parse_value(raw) is None


# ----------------------------------------------------------------------------- snippets

MATRIX = (
    "# Plan\n\n## 1.1 MATRIZ LÓGICA GOBIERNO NACIONAL\n\n"
    "OBJETIVOS\tINDICADORES\tMEDIOS DE VERIFICACIÓN\n"
    "<b>RESULTADO FINAL</b>\t\t\n"
    "Personas con empleo formal.\t% de personas colocadas en un empleo formal.\tInforme\n"
    "<b>ACTIVIDADES</b>\t\t\n"
    "Elaborar una guía de orientación vocacional.\tN° de guías aprobadas\tResolución\n"
    "\tN° de talleres de difusión de la\tActa\n"
    "guía realizados\n"
    "\n"
    "OBJETIVOS\tINDICADORES\tMEDIOS DE VERIFICACIÓN\n"
    "Capacitar a los operadores del servicio.\tN° de operadores capacitados\tLista de asistencia\n"
)

OVERVIEW = (
    "# Plan\n\n"
    "N°\tIndicador\tFuente de información\tLínea de base\tTendencia al 2021\tMeta 2021\n"
    "7\tTasa de empleo juvenil formal\tENAHO\t33,5% (2010)\t38%\t45%\n"
    "8\tN° de centros de empleo\tMTPE\t12\t\t30 centros\n"
)

COSTS = (
    "# Plan\n\n## PRESUPUESTO\n\n"
    "Actividad\tNivel de Gobierno\tUnidad de Medida\tCosteo Unitario\tCantidad\tTotal\tTotal por Nivel de Gobierno\n"
    "Elaborar una guía de orientación vocacional.\tGobierno Nacional\tServicio tercero\t4 500.00\t2\t9 000.00\t9 000.00\n"
    "Talleres regionales de difusión.\tGobierno Nacional\t\t\t\t\t12 300.00\n"
    "Taller\t\tServicio tercero\t4 100.00\t3\t12 300.00\t\n"
    "Difundir la guía en colegios.\tGobierno Regional\t-\t-\t-\t-\tNo se ha determinado\n"
)

FLATTENED = (
    "Cuadro N° 4: Avance de los indicadores de los objetivos, año 2023\n\n"
    "Objetivo Estratégico\nInstitucional (OEI)\nIndicador OEI Meta 2023\nEjecución\n2023\n%\nEjecución\n"
    "Órganos\nResponsables\n"
    "OEI 3 Fortalecer la\nInspección del Trabajo\nen las Regiones\n"
    "N° de inspecciones\nrealizadas en las\nregiones priorizadas.\n\n"
    "2,500 3,125 125% DGIT\n\n"
    "AEI 3.2 Capacitación a\nempleadores formales\n"
    "% de empleadores\ncapacitados.\n"
    "40% 30% 75%\n"
    "Fuente: Oficina de Planeamiento\n\n"
    "OEI.03\nFORTALECER LA INSPECCIÓN DEL TRABAJO EN LAS REGIONES\n\n"
    "1,200,000.00 1,150,000.00 95.8%\n\n"
    "AEI.03.02\nCapacitación a empleadores formales\n\n"
    "300,000.00 150,000.00 2.1%\n"
)


def _obs(facts: Facts, kind: str, indicator_key_part: str):
    return [o for o in facts.observations if o.kind == kind and indicator_key_part in o.indicator]


SNIPPET_CASES = [
    ("matrix-indicator-with-means", MATRIX, lambda f: f.entities["indicator/n-de-guias-aprobadas"].attributes["means_of_verification"] == "Resolución"),
    ("matrix-government-level-from-heading", MATRIX, lambda f: f.entities["indicator/n-de-guias-aprobadas"].attributes["government_level"] == "Gobierno Nacional"),
    ("matrix-measures-activity", MATRIX, lambda f: any(l.subject == "indicator/n-de-guias-aprobadas" and l.predicate == "measures" and l.object == "activity/elaborar-una-guia-de-orientacion-vocacional" for l in f.links)),
    ("matrix-spanned-cell-carried-down", MATRIX, lambda f: any(l.subject.startswith("indicator/n-de-talleres") and l.object == "activity/elaborar-una-guia-de-orientacion-vocacional" for l in f.links)),
    ("matrix-continued-row", MATRIX, lambda f: "indicator/n-de-talleres-de-difusion-de-la-guia-realizados" in f.entities),
    ("matrix-result-kept-on-indicator", MATRIX, lambda f: f.entities["indicator/de-personas-colocadas-en-un-empleo-formal"].attributes.get("result") == "Personas con empleo formal"),
    ("matrix-repeated-header-keeps-level", MATRIX, lambda f: "activity/capacitar-a-los-operadores-del-servicio" in f.entities),
    ("overview-baseline-year-in-cell", OVERVIEW, lambda f: [(o.raw, o.period, o.unit) for o in _obs(f, "baseline", "tasa-de-empleo")] == [("33,5%", "2010", "percent")]),
    ("overview-target-year-in-header", OVERVIEW, lambda f: [(o.raw, o.period) for o in _obs(f, "target", "tasa-de-empleo")] == [("45%", "2021")]),
    ("overview-trend-ignored", OVERVIEW, lambda f: not any(o.raw == "38%" for o in f.observations)),
    ("overview-count-target", OVERVIEW, lambda f: [(o.raw, o.unit) for o in _obs(f, "target", "centros")] == [("30", "count")]),
    ("costs-activity-cost", COSTS, lambda f: [(o.raw, o.unit, o.value) for o in _obs(f, "cost", "elaborar-una-guia")] == [("9 000.00", "PEN", 9000.0)]),
    ("costs-total-by-level", COSTS, lambda f: [o.raw for o in _obs(f, "cost", "talleres-regionales")] == ["12 300.00"]),
    ("costs-sub-item-not-activity", COSTS, lambda f: "activity/taller" not in f.entities),
    ("costs-undetermined-no-cost", COSTS, lambda f: "activity/difundir-la-guia-en-colegios" in f.entities and not _obs(f, "cost", "difundir")),
    ("flat-objective-key-and-code", FLATTENED, lambda f: f.entities["objective/oei-03"].attributes["code"] == "OEI.03" and {"OEI.03", "OEI 3"} <= f.entities["objective/oei-03"].alt_labels),
    ("flat-objective-label", FLATTENED, lambda f: f.entities["objective/oei-03"].label == "Fortalecer la Inspección del Trabajo en las Regiones"),
    ("flat-action-part-of", FLATTENED, lambda f: any(l.subject == "action/aei-03-02" and l.predicate == "partOf" and l.object == "objective/oei-03" for l in f.links)),
    ("flat-indicator-name-joined", FLATTENED, lambda f: "indicator/n-de-inspecciones-realizadas-en-las-regiones-priorizadas" in f.entities),
    ("flat-indicator-measures-objective", FLATTENED, lambda f: any(l.subject == "indicator/n-de-inspecciones-realizadas-en-las-regiones-priorizadas" and l.predicate == "measures" and l.object == "objective/oei-03" for l in f.links)),
    ("flat-values", FLATTENED, lambda f: sorted((o.kind, o.raw, o.period) for o in f.observations if "inspecciones" in o.indicator) == [("achieved", "3,125", "2023"), ("executionRate", "125%", "2023"), ("target", "2,500", "2023")]),
    ("flat-responsible-unit", FLATTENED, lambda f: f.entities["indicator/n-de-inspecciones-realizadas-en-las-regiones-priorizadas"].attributes["responsible_unit"] == "DGIT"),
    ("flat-second-indicator-measures-action", FLATTENED, lambda f: any(l.subject == "indicator/de-empleadores-capacitados" and l.object == "action/aei-03-02" for l in f.links)),
    ("flat-budget-rate", FLATTENED, lambda f: [o.raw for o in _obs(f, "executionRate", "ejecucion-financiera-oei-03")] == ["95.8%"]),
    ("flat-budget-share-rejected", FLATTENED, lambda f: not _obs(f, "executionRate", "ejecucion-financiera-aei-03-02")),
]


@pytest.mark.parametrize(("text", "check"), [(c[1], c[2]) for c in SNIPPET_CASES], ids=[c[0] for c in SNIPPET_CASES])
def test_snippet(tmp_path: Path, text: str, check) -> None:
    document, facts = run(tmp_path, text, ".txt" if text is FLATTENED else ".md")
    check_spans(document, facts)
    assert check(facts)


# ----------------------------------------------------------------------------- dev set

TYPES = ("indicator", "objective", "action", "activity")
# Known misses (counted, not hidden): indicator -> why.
KNOWN_MISSES = {
    "IP 1 (Moquegua)": "a per-region table whose columns are headed only by '%'",
    "Costo anual de funcionamiento de una VUPE": "a cost table without an ACTIVIDAD column, named by its caption",
    "Presupuesto Institucional de Apertura (PIA) 2024 del MTPE": "the figure is read from its first statement, a page before the annotated one",
}


def _dev_cases() -> list:
    if not DEVSET.exists():
        return []
    devset = tomllib.loads(DEVSET.read_text(encoding="utf-8"))
    cases = []
    for gold in devset["entity"]:
        if gold["split"] == "dev" and gold["type"] in TYPES:
            cases.append(("entity", gold))
    for gold in devset.get("observation", []):
        if gold["split"] == "dev":
            cases.append(("observation", gold))
    params = []
    for what, gold in cases:
        name = gold.get("label") or f"{gold['indicator']}-{gold['kind']}-{gold['raw']}"
        marks = []
        if gold.get("indicator") in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(reason=KNOWN_MISSES[gold["indicator"]], strict=False))
        params.append(pytest.param(what, gold, id=f"{gold['document'][:12]}-{what}-{name[:50]}", marks=marks))
    return params


@cache
def _corpus_facts(stem: str):
    path = next(p for p in CORPUS.iterdir() if p.stem == stem)
    return score.extract(path)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
@pytest.mark.parametrize(("what", "gold"), _dev_cases())
def test_devset(what: str, gold: dict) -> None:
    document, facts = _corpus_facts(gold["document"])
    lines = score.locate(document.text, gold["evidence"])
    assert lines, "evidence not found in the cleaned text"
    if what == "entity":
        names = [gold["label"], *gold.get("aliases", [])]
        assert any(
            e.type == gold["type"] and score.names_match(names, e) and any(score.overlaps(m, lines) for m in e.mentions)
            for e in facts.entities.values()
        )
    else:
        assert any(
            o.kind == gold["kind"]
            and o.raw.replace(" ", "") == gold["raw"].replace(" ", "")
            and (not gold.get("period") or o.period == str(gold["period"]))
            and score.overlaps(o.evidence, lines)
            and o.indicator in facts.entities
            and score.names_match([gold["indicator"]], facts.entities[o.indicator])
            for o in facts.observations
        )


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
def test_corpus_spans_are_consistent() -> None:
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in {".txt", ".md"}:
            document, facts = _corpus_facts(path.stem)
            check_spans(document, facts)
            passages = {p.id: p for p in document.passages}
            for entity in facts.entities.values():
                for mention in entity.mentions:
                    passage = passages[mention.passage_id]
                    assert passage.start <= mention.start <= mention.end <= passage.end
