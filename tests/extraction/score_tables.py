#!/usr/bin/env python3
"""Score the table extractors (ingest/extract/tables.py, headings.py) on the dev split.

Run: .venv/bin/python tests/extraction/score_tables.py [--all] [--show]

For every dev gold fact of type indicator / objective / action / activity and every dev
[[observation]]:

* an entity is found when an extracted entity of the same type has a label or alias
  that matches the gold label or an alias (folded; equal, or one contained in the other
  covering >= 60% of the longer, or the gold label a prefix of >= 5 words of the
  predicted one) and a mention overlapping the gold evidence line;
* an observation is found when an extracted one has the same kind, the same raw value
  once spaces are removed, an indicator matching by the same label rule, the gold
  period when the gold has one, and evidence overlapping the evidence line.

The evidence line is the line of the cleaned text where the gold `evidence` is found
(markdown emphasis and whitespace are matched loosely, since cleaning changes them).

Precision, per type: among the extracted facts whose spans overlap a gold evidence line,
the share that match some gold fact. The annotation is partial (a row often has only
some of its values annotated), so observations also get a "kind-aware" precision that
only counts values whose kind is annotated on the same line. Only split = "dev" is read
unless --all is given (do not tune on the test split).
"""

from __future__ import annotations

import re
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
DEVSET = Path(__file__).resolve().parent / "devset.toml"
sys.path.insert(0, str(REPO))

from quipu.core.text import fold  # noqa: E402
from quipu.ingest import read_document  # noqa: E402
from quipu.ingest.extract import cards, gazetteer, headings, prose, tables  # noqa: E402
from quipu.ingest.facts import Facts  # noqa: E402

TYPES = ("indicator", "objective", "action", "activity")
# the gazetteer first: prose values name their subject from the document's topic and institutions
EXTRACTORS = (gazetteer.extract, tables.extract, headings.extract, prose.extract, cards.extract)


def norm(text: str) -> str:
    return re.sub(r"[^a-z0-9%]+", " ", fold(text)).strip()


def label_matches(gold: str, predicted: str) -> bool:
    g, p = norm(gold), norm(predicted)
    if not g or not p:
        return False
    if g == p:
        return True
    if g in p or p in g:
        if min(len(g), len(p)) / max(len(g), len(p)) >= 0.6:
            return True
        if p.startswith(g) and len(g.split()) >= 5:
            return True
    return False


def names_match(gold_names: list[str], entity) -> bool:
    predicted = [entity.label, *entity.alt_labels]
    return any(label_matches(g, p) for g in gold_names for p in predicted)


def locate(text: str, evidence: str) -> list[tuple[int, int]]:
    """The (start, end) of every line of ``text`` where ``evidence`` is printed."""
    cleaned = re.sub(r"[*#]+", " ", evidence)
    tokens = re.findall(r"\w+|[^\w\s]", cleaned)
    if not tokens:
        return []
    pattern = r"[\s*_#]*".join(re.escape(t) for t in tokens)
    found = []
    for match in re.finditer(pattern, text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.end())
        found.append((start, len(text) if end < 0 else end))
    return found


def overlaps(span, lines: list[tuple[int, int]]) -> bool:
    return any(span.start < end and span.end > start for start, end in lines)


def extract(path: Path) -> tuple[object, Facts]:
    document = read_document(path)
    facts = Facts(document_id=document.id)
    for extractor in EXTRACTORS:
        extractor(document, facts)
    return document, facts


def main(argv: list[str]) -> int:
    splits = {"dev", "test"} if "--all" in argv else {"dev"}
    show = "--show" in argv
    devset = tomllib.loads(DEVSET.read_text(encoding="utf-8"))
    gold_entities = [e for e in devset["entity"] if e["split"] in splits and e["type"] in TYPES]
    gold_observations = [o for o in devset.get("observation", []) if o["split"] in splits]
    documents, facts_of = {}, {}
    started = time.perf_counter()
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in {".txt", ".md"}:
            document, facts = extract(path)
            documents[path.stem], facts_of[path.stem] = document, facts
    elapsed = time.perf_counter() - started

    recall: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (doc, type) -> found, total
    misses: list[str] = []
    lines_of: dict[str, list[tuple[str, tuple[int, int], dict]]] = defaultdict(list)
    for gold in gold_entities:
        doc, facts = documents[gold["document"]], facts_of[gold["document"]]
        line = locate(doc.text, gold["evidence"])
        names = [gold["label"], *gold.get("aliases", [])]
        found = bool(line) and any(
            e.type == gold["type"] and names_match(names, e) and any(overlaps(m, line) for m in e.mentions)
            for e in facts.entities.values()
        )
        recall[(gold["document"], gold["type"])][0] += found
        recall[(gold["document"], gold["type"])][1] += 1
        if line:
            lines_of[gold["document"]].append((gold["type"], line, gold))
        if not found:
            misses.append(f"  miss {gold['type']:<11} {gold['document'][:22]:<22} {gold['label'][:70]}" + ("" if line else " [evidence not located]"))

    def observation_matches(gold, observation, facts, line) -> bool:
        if observation.kind != gold["kind"] or observation.raw.replace(" ", "") != gold["raw"].replace(" ", ""):
            return False
        if gold.get("period") and observation.period != str(gold["period"]):
            return False
        if line and not overlaps(observation.evidence, line):
            return False
        entity = facts.entities.get(observation.indicator)
        return entity is not None and names_match([gold["indicator"]], entity)

    for gold in gold_observations:
        doc, facts = documents[gold["document"]], facts_of[gold["document"]]
        line = locate(doc.text, gold["evidence"])
        found = bool(line) and any(observation_matches(gold, o, facts, line) for o in facts.observations)
        recall[(gold["document"], "observation")][0] += found
        recall[(gold["document"], "observation")][1] += 1
        if line:
            lines_of[gold["document"]].append(("observation", line, gold))
        if not found:
            misses.append(f"  miss observation  {gold['document'][:22]:<22} {gold['indicator'][:40]} {gold['kind']} {gold['raw']} {gold.get('period')}")

    # Precision over facts on gold evidence lines.
    precision: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    kind_aware = [0, 0]
    junk: list[str] = []
    for stem, facts in facts_of.items():
        golds = lines_of.get(stem, [])
        lines = [l for _, line, _ in golds for l in line]
        for entity in facts.entities.values():
            if entity.type not in TYPES or not any(overlaps(m, lines) for m in entity.mentions):
                continue
            # A gold observation's indicator (or costed activity) is a gold fact too.
            ok = any(
                (t == entity.type and names_match([g["label"], *g.get("aliases", [])], entity))
                or (t == "observation" and entity.type in ("indicator", "activity") and names_match([g["indicator"]], entity))
                for t, _, g in golds
            )
            precision[entity.type][0] += ok
            precision[entity.type][1] += 1
            if not ok:
                junk.append(f"  unmatched {entity.type:<10} {stem[:22]:<22} {entity.label[:80]}")
        for observation in facts.observations:
            on_lines = [(l, g) for t, l, g in golds if t == "observation" and overlaps(observation.evidence, l)]
            if not overlaps(observation.evidence, lines):
                continue
            ok = any(observation_matches(g, observation, facts, l) for l, g in on_lines)
            precision["observation"][0] += ok
            precision["observation"][1] += 1
            if any(g["kind"] == observation.kind for _, g in on_lines):
                kind_aware[0] += ok
                kind_aware[1] += 1
            if not ok:
                junk.append(f"  unmatched observation {stem[:22]:<22} {observation.indicator[10:60]} {observation.kind} {observation.raw}")

    print(f"extraction of {len(documents)} documents: {elapsed:.2f}s")
    print(f"\n{'document':<44} {'type':<12} {'found':>5} {'gold':>5} {'recall':>7}")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (stem, type_), (found, total) in sorted(recall.items()):
        print(f"{stem:<44} {type_:<12} {found:>5} {total:>5} {found / total:>7.2f}")
        totals[type_][0] += found
        totals[type_][1] += total
    print(f"\n{'type':<12} {'recall':>14} {'precision':>16}")
    for type_ in (*TYPES, "observation"):
        found, total = totals.get(type_, [0, 0])
        good, seen = precision.get(type_, [0, 0])
        r = f"{found}/{total} {found / total:.2f}" if total else "-"
        p = f"{good}/{seen} {good / seen:.2f}" if seen else "-"
        print(f"{type_:<12} {r:>14} {p:>16}")
    if kind_aware[1]:
        print(f"{'obs (kind-aware precision)':<27} {kind_aware[0]}/{kind_aware[1]} {kind_aware[0] / kind_aware[1]:.2f}")
    if show or True:
        print("\nmisses:")
        print("\n".join(misses) or "  none")
        print("\nunmatched facts on gold lines:")
        print("\n".join(junk) or "  none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
