"""Scoring extraction against an exhaustively annotated gold set (tests/extraction/goldsets).

A gold set annotates every fact of its documents, so precision is counted over
everything the extractor outputs on them:

* an **entity** (after resolution) is right when the gold has an entity of the same
  type sharing a name (label or alias, folded), the same canonical id for a norm, or, for
  indicators and plan elements, a name one contains most of the other;
* a **link** is right when the gold has a link with the same predicate whose two sides
  are gold entities matching the predicted ones;
* a **value** is right when the gold has an observation of the same kind and printed
  value (spaces ignored), the same period when both give one, and either an indicator
  matching the predicted one or evidence on the line the prediction cites.

Recall is the share of gold facts matched by some prediction. Links whose rule says the
vocabulary states them (a regional directorate belongs to its regional government) are
not claims of the document: they are counted apart ("link:vocabulary"), not in precision;
so are the entities that only such links bring in, with no mention in the document
("entity:vocabulary": the vocabulary's "Centro de Empleo" as what a named service is part of).
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from quipu.core.text import fold
from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.extract.resolve import merge_entities, resolve
from quipu.ingest.facts import from_vocabulary

LOOSE = {"indicator", "objective", "action", "activity", "plan"}
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def loose_match(gold: str, predicted: str) -> bool:
    if gold == predicted:
        return True
    short, long_ = sorted((gold, predicted), key=len)
    return bool(short) and (short in long_ and len(short) >= 0.6 * len(long_) or long_.startswith(short) and len(short.split()) >= 5)


def names_of(entity) -> set[str]:
    return {fold(n) for n in {entity.label, *entity.alt_labels} if n}


def gold_names(gold: dict) -> set[str]:
    return {fold(gold["label"]), *(fold(a) for a in gold.get("aliases", []))}


def entity_matches(gold: dict, entity) -> bool:
    if entity.type != gold["type"]:
        return False
    if gold["type"] == "norm" and "norm_id" in gold and entity.attributes.get("id_local"):
        return str(entity.attributes.get("id_local", "")).upper() == gold["norm_id"].upper()
    wanted, have = gold_names(gold), names_of(entity)
    if wanted & have:
        return True
    return gold["type"] in LOOSE and any(loose_match(w, h) for w in wanted for h in have)


@dataclass
class Score:
    found: int = 0
    gold: int = 0
    right: int = 0
    predicted: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.gold += other.gold
        self.right += other.right
        self.predicted += other.predicted
        self.misses += other.misses
        self.wrong += other.wrong


def _line_span(text: str, evidence: str) -> tuple[int, int] | None:
    evidence = evidence.replace("\\t", "\t")
    at = text.find(evidence)
    if at < 0:
        pattern = r"\s*".join(re.escape(w) for w in evidence.split())
        match = re.search(pattern, text)
        if not match:
            return None
        at = match.start()
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def score_folder(folder: Path, extra_documents: list[Path] | None = None) -> dict[str, Score]:
    """Scores per fact kind ("entity", "link", "value") and per entity type ("entity:norm" …)."""
    gold_all = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))
    named = {g["document"] for kind in ("entity", "link", "observation") for g in gold_all.get(kind, [])}
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.stem in named)
    return score_documents(paths + (extra_documents or []), gold_all)


def score_documents(paths: list[Path], gold_all: dict, stem_of=lambda p: p.stem) -> dict[str, Score]:
    documents, facts = {}, {}
    for path in paths:
        document = read_document(path)
        stem = stem_of(path)
        documents[stem] = document
        facts[stem] = extract_facts(document)
    mapping = resolve(facts.values())
    merged = merge_entities(facts.values(), mapping)
    scores: dict[str, Score] = defaultdict(Score)

    for stem, document in documents.items():
        doc_facts = facts[stem]
        gold_entities = [g for g in gold_all.get("entity", []) if g["document"] == stem]
        gold_links = [g for g in gold_all.get("link", []) if g["document"] == stem]
        gold_values = [g for g in gold_all.get("observation", []) if g["document"] == stem]
        entities = {mapping[k]: merged[mapping[k]] for k in doc_facts.entities}
        raw_text = path_text(document)

        def gold_entity(name: str, type_: str) -> list[dict]:
            wanted = fold(name)
            return [g for g in gold_entities if g["type"] == type_ and wanted in gold_names(g)] or [
                {"type": type_, "label": name}
            ]

        # ---- entities
        for gold in gold_entities:
            score = scores[f"entity:{gold['type']}"]
            score.gold += 1
            if any(entity_matches(gold, e) for e in entities.values()):
                score.found += 1
            else:
                score.misses.append(f"{stem[:28]}: {gold['type']} {gold['label']}")
        for entity in entities.values():
            if not any(doc_facts.entities[k].mentions for k in doc_facts.entities if mapping[k] == entity.key):
                scores["entity:vocabulary"].predicted += 1  # an end of a vocabulary link, never named here
                continue
            score = scores[f"entity:{entity.type}"]
            score.predicted += 1
            if any(entity_matches(g, entity) for g in gold_entities):
                score.right += 1
            else:
                score.wrong.append(f"{stem[:28]}: {entity.type} {entity.label[:80]} [{entity.key[:60]}]")

        # ---- links
        def link_matches(gold: dict, link) -> bool:
            if link.predicate != gold["predicate"]:
                return False
            for side in ("subject", "object"):
                entity = merged.get(mapping.get(getattr(link, side), getattr(link, side)))
                if entity is None or not any(entity_matches(g, entity) for g in gold_entity(gold[side], gold[f"{side}_type"])):
                    return False
            return True

        score = scores["link"]
        for gold in gold_links:
            score.gold += 1
            if any(link_matches(gold, l) for l in doc_facts.links):
                score.found += 1
            else:
                score.misses.append(f"{stem[:28]}: {gold['subject'][:40]} {gold['predicate']} {gold['object'][:40]}")
        for link in doc_facts.links:
            if from_vocabulary(link.rule):
                scores["link:vocabulary"].predicted += 1  # stated by the vocabulary, not the document
                continue
            score.predicted += 1
            if any(link_matches(g, link) for g in gold_links):
                score.right += 1
            else:
                label = lambda k: merged[mapping.get(k, k)].label[:40] if mapping.get(k, k) in merged else k  # noqa: E731
                score.wrong.append(f"{stem[:28]}: {label(link.subject)} {link.predicate} {label(link.object)}  «{link.evidence.quote[:60]}»")

        # ---- values
        def value_matches(gold: dict, obs) -> bool:
            if obs.kind != gold["kind"] or re.sub(r"\s", "", obs.raw) != re.sub(r"\s", "", gold["raw"]):
                return False
            if gold.get("period") and obs.period and str(obs.period) != str(gold["period"]):
                return False
            indicator = merged.get(mapping.get(obs.indicator, obs.indicator))
            refs = [g for g in gold_entities if fold(gold["indicator"]) in gold_names(g)] or [{"label": gold["indicator"]}]
            if indicator is not None and any(
                {fold(r["label"]), *(fold(a) for a in r.get("aliases", []))} & names_of(indicator)
                or any(loose_match(fold(r["label"]), n) for n in names_of(indicator))
                for r in refs
            ):
                return True
            line = _line_span(raw_text, gold["evidence"])
            quote = fold(obs.evidence.quote)
            return line is not None and fold(raw_text[line[0] : line[1]]).strip() in quote or (
                line is not None and fold(gold["evidence"].replace("\\t", "\t")) in quote
            )

        score = scores["value"]
        for gold in gold_values:
            score.gold += 1
            if any(value_matches(gold, o) for o in doc_facts.observations):
                score.found += 1
            else:
                score.misses.append(f"{stem[:28]}: {gold['indicator'][:50]} {gold['kind']} {gold['raw']} {gold.get('period', '')}")
        for obs in doc_facts.observations:
            score.predicted += 1
            if any(value_matches(g, obs) for g in gold_values):
                score.right += 1
            else:
                name = merged[mapping.get(obs.indicator, obs.indicator)].label[:50] if mapping.get(obs.indicator, obs.indicator) in merged else obs.indicator
                score.wrong.append(f"{stem[:28]}: {name} {obs.kind} {obs.raw} {obs.period or ''}")

    total = Score()
    for key, value in list(scores.items()):
        if key.startswith("entity:") and key != "entity:vocabulary":
            total.add(value)
    scores["entity"] = total
    return dict(scores)


def path_text(document) -> str:
    """The cleaned text (gold evidence lies on one line of the source, which cleaning keeps)."""
    return document.text
