"""Plan elements are keyed by their owner and plan, so two plans never merge.

Every regional government numbers its objectives OEI.01, OEI.02 …; two documents of
two owners with the same codes (written for this test) must give two objectives each
in the graph, not one, while an institution named in both stays one entity.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from quipu.graph import QP, IRIs
from quipu.graph.facts import document_fact_triples, entity_triples
from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.extract.resolve import merge_entities, resolve
from quipu.ingest.models import DocumentMeta


def _plan(region: str, first: str, second: str) -> str:
    return (
        f"# Evaluación del Plan Operativo Institucional (POI) 2025 del Gobierno Regional de {region}\n\n"
        f"El Gobierno Regional de {region} evaluó su POI 2025 con el apoyo del Ministerio de Trabajo y Promoción del Empleo.\n\n"
        "Código\tDescripción\tMeta 2025\tLogrado 2025\n"
        f"OEI.01\t{first}\t120\t98\n"
        f"OEI.02\t{second}\t40\t44\n"
    )


def test_same_codes_of_two_owners_stay_apart(tmp_path: Path) -> None:
    documents = []
    for region, first, second in (
        ("Tumbes", "Reducir el trabajo informal en la región", "Mejorar la inserción laboral juvenil"),
        ("Pasco", "Ampliar la cobertura de la inspección laboral", "Fortalecer la bolsa de trabajo regional"),
    ):
        path = tmp_path / f"poi-{region.lower()}.md"
        path.write_text(_plan(region, first, second), encoding="utf-8")
        documents.append(read_document(path, DocumentMeta(publisher=(f"Gobierno Regional de {region}",))))
    all_facts = [extract_facts(d) for d in documents]
    mapping = resolve(all_facts)
    merged = merge_entities(all_facts, mapping)

    coded = [e for e in merged.values() if e.type == "objective" and e.attributes.get("code") == "OEI.01"]
    assert len(coded) == 2, [e.key for e in coded]
    assert {e.label for e in coded} == {"Reducir el trabajo informal en la región", "Ampliar la cobertura de la inspección laboral"}
    assert all(e.key.startswith("objective/gobierno-regional-de-") for e in coded), [e.key for e in coded]
    # The ministry both name is one entity.
    assert len([e for e in merged.values() if e.label == "Ministerio de Trabajo y Promoción del Empleo"]) == 1

    graph = Graph()
    iris = IRIs("https://example.org/id/")
    for entity in merged.values():
        for triple in entity_triples(entity, iris, merged):
            graph.add(triple)
    for facts in all_facts:
        for triple in document_fact_triples(facts, iris, mapping):
            graph.add(triple)
    with_code = {s for s in graph.subjects(RDF.type, QP.StrategicObjective) if str(s).endswith("/oei-01")}
    assert len(with_code) == 2
    # Each keeps its own targets.
    values = {str(o) for s in graph.subjects(QP.indicator, None) for o in graph.objects(s, QP.rawValue)}
    assert {"120", "40"} <= values and {"98", "44"} <= values
    assert Literal("Reducir el trabajo informal en la región", lang="es") in set(graph.objects(None, SKOS.prefLabel))
