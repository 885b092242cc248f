#!/usr/bin/env python3
"""Score the entity and link extractors on the dev split of devset.toml.

Run: .venv/bin/python tests/extraction/score_entities.py [--split dev] [--list] [--misses]

Recall: a gold entity is found when the document has an entity of its type whose label or
one of whose alt labels folds like the gold label or one of its aliases, with a mention that
overlaps the gold evidence's line. A gold link is found when a link with its predicate joins
entities that match its subject and object by the same name rule.

Precision: in the sentences that hold a gold evidence, every mention (of the scored types)
and every link must match some gold fact of that document.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

from quipu.core.text import fold, fold_same_length

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]
DEVSET = HERE.parent / "devset.toml"
CORPUS = ROOT.parent / "shared" / "corpus"

ENTITY_TYPES = ("institution", "programme", "service", "region")
LINK_PREDICATES = (
    "runs",
    "funds",
    "evaluates",
    "operatesIn",
    "createdBy",
    "regulatedBy",
    "partOf",
    "subOrganizationOf",
    "competentAuthority",
)
LINK_TYPES = set(ENTITY_TYPES) | {"norm"}


def norm(text: str) -> str:
    # quotes and dashes unified, accents and case dropped, spaces around a dash closed
    return re.sub(r"\s*-\s*", "-", fold(fold_same_length(text)))


def load_devset(split: str = "dev") -> dict:
    data = tomllib.loads(DEVSET.read_text(encoding="utf-8"))
    entities = [e for e in data["entity"] if e["split"] == split and e["type"] in ENTITY_TYPES]
    links = [
        link
        for link in data["link"]
        if link["split"] == split
        and link["predicate"] in LINK_PREDICATES
        and link["subject_type"] in LINK_TYPES
        and link["object_type"] in LINK_TYPES
    ]
    # every gold entity of the split (any type) names link ends
    names = [e for e in data["entity"] if e["split"] == split]
    return {"entities": entities, "links": links, "names": names}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md", ".pdf", ".docx", ".html"})


def extractors():
    from quipu.ingest.extract import acronyms, entities, gazetteer, implicit, norms, relations

    return [norms.extract, gazetteer.extract, acronyms.extract, entities.extract, relations.extract, implicit.extract]


def run_extraction() -> tuple[dict, dict, float]:
    from quipu.ingest import read_document
    from quipu.ingest.facts import Facts

    documents = {}
    for path in corpus_files():
        document = read_document(path)
        documents[document.id] = document
    facts = {}
    started = time.perf_counter()
    chain = extractors()
    for doc_id, document in documents.items():
        found = Facts(document_id=doc_id)
        for extract in chain:
            extract(document, found)
        facts[doc_id] = found
    return documents, facts, time.perf_counter() - started


def evidence_range(text: str, evidence: str) -> tuple[int, int] | None:
    """Where the evidence lies in the cleaned text, widened to its line."""
    evidence = evidence.replace("\\t", "\t")
    at = text.find(evidence)
    if at >= 0:
        start, end = at, at + len(evidence)
    else:
        words = [re.escape(w) for w in evidence.replace("*", " ").split()]
        match = re.search(r"[\s*]+".join(words), text)
        if not match:
            return None
        start, end = match.span()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end


def names_of(record: dict) -> set[str]:
    return {norm(record["label"])} | {norm(a) for a in record.get("aliases") or []}


def entity_names(entity) -> set[str]:
    return {norm(entity.label)} | {norm(a) for a in entity.alt_labels}


def gold_names(devset: dict, document: str, type_: str, name: str) -> set[str]:
    """A link end as written in the gold link, widened by the aliases of the gold entity it names."""
    wanted = norm(name)
    for record in devset["names"]:
        if record["document"] == document and record["type"] == type_ and wanted in names_of(record):
            return names_of(record)
    return {wanted}


def entity_found(facts, record: dict, line: tuple[int, int] | None) -> bool:
    gold = names_of(record)
    for entity in facts.entities.values():
        if entity.type != record["type"] or not entity_names(entity) & gold:
            continue
        if line is None or any(m.start < line[1] and m.end > line[0] for m in entity.mentions):
            return True
    return False


def link_matches(facts, link, devset: dict, record: dict) -> bool:
    if link.predicate != record["predicate"]:
        return False
    subject = facts.entities.get(link.subject)
    obj = facts.entities.get(link.object)
    if subject is None or obj is None:
        return False
    doc = record["document"]
    return (
        subject.type == record["subject_type"]
        and obj.type == record["object_type"]
        and bool(entity_names(subject) & gold_names(devset, doc, record["subject_type"], record["subject"]))
        and bool(entity_names(obj) & gold_names(devset, doc, record["object_type"], record["object"]))
    )


def sentence_ranges(document, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    from quipu.ingest.extract.spans import iter_sentences

    found = set()
    for sentence in iter_sentences(document):
        start = sentence.passage.start + sentence.start
        end = sentence.passage.start + sentence.end
        if any(start < r_end and end > r_start for r_start, r_end in ranges):
            found.add((start, end))
    return sorted(found)


def score(split: str = "dev", show_list: bool = False, show_misses: bool = False) -> dict:
    devset = load_devset(split)
    documents, facts, seconds = run_extraction()
    recall = defaultdict(lambda: [0, 0])
    precision = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    wrong: list[str] = []
    evidence_by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)

    for record in devset["entities"]:
        document = documents[record["document"]]
        line = evidence_range(document.text, record["evidence"])
        if line:
            evidence_by_doc[record["document"]].append(line)
        ok = entity_found(facts[record["document"]], record, line)
        recall[record["type"]][0] += ok
        recall[record["type"]][1] += 1
        if not ok:
            misses.append(f"  MISS {record['type']:<11} {record['document'][:14]:<14} {record['label']!r}  ev={record['evidence']!r}")
    for record in devset["links"]:
        document = documents[record["document"]]
        line = evidence_range(document.text, record["evidence"])
        if line:
            evidence_by_doc[record["document"]].append(line)
        doc_facts = facts[record["document"]]
        ok = any(link_matches(doc_facts, link, devset, record) for link in doc_facts.links)
        recall["link"][0] += ok
        recall["link"][1] += 1
        if not ok:
            misses.append(
                f"  MISS link {record['document'][:14]:<14} {record['subject']!r} {record['predicate']} {record['object']!r}"
            )

    for doc_id, ranges in evidence_by_doc.items():
        doc_facts = facts[doc_id]
        gold_entities = [e for e in devset["entities"] if e["document"] == doc_id]
        gold_links = [link for link in devset["links"] if link["document"] == doc_id]
        for start, end in sentence_ranges(documents[doc_id], ranges):
            for entity in doc_facts.entities.values():
                if entity.type not in ENTITY_TYPES:
                    continue
                for mention in entity.mentions:
                    if not (mention.start >= start and mention.end <= end):
                        continue
                    ok = any(g["type"] == entity.type and names_of(g) & entity_names(entity) for g in gold_entities)
                    precision[entity.type][0] += ok
                    precision[entity.type][1] += 1
                    if not ok:
                        wrong.append(f"  WRONG {entity.type:<11} {doc_id[:14]:<14} {entity.key} {mention.quote!r}")
            for link in doc_facts.links:
                if link.predicate not in LINK_PREDICATES:
                    continue
                if not (link.evidence.start >= start and link.evidence.end <= end):
                    continue
                ok = any(link_matches(doc_facts, link, devset, g) for g in gold_links)
                precision["link"][0] += ok
                precision["link"][1] += 1
                if not ok:
                    wrong.append(f"  WRONG link {doc_id[:14]:<14} {link.subject} {link.predicate} {link.object}: {link.evidence.quote!r}")

    print(f"split={split}  extraction of {len(documents)} documents: {seconds:.2f} s")
    print(f"{'type':<12} {'recall':>14} {'precision':>16}")
    for type_ in (*ENTITY_TYPES, "link"):
        r_ok, r_all = recall[type_]
        p_ok, p_all = precision[type_]
        r = r_ok / r_all if r_all else float("nan")
        p = p_ok / p_all if p_all else float("nan")
        print(f"{type_:<12} {r:6.2f} ({r_ok:>2}/{r_all:<2})  {p:8.2f} ({p_ok:>3}/{p_all:<3})")
    if show_misses:
        print("\n".join(misses + wrong))
    if show_list:
        for doc_id, doc_facts in facts.items():
            print(f"\n== {doc_id}")
            for entity in sorted(doc_facts.entities.values(), key=lambda e: e.key):
                if entity.type in ENTITY_TYPES:
                    print(f"  {entity.key:<60} {entity.label!r} x{len(entity.mentions)}")
            for link in doc_facts.links:
                if link.predicate in LINK_PREDICATES:
                    print(f"  LINK {link.subject} {link.predicate} {link.object}: {link.evidence.quote[:100]!r}")
    return {"recall": dict(recall), "precision": dict(precision), "seconds": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--list", action="store_true", help="print every entity and link per document")
    parser.add_argument("--misses", action="store_true", help="print misses and wrong mentions/links")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    score(args.split, args.list, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
