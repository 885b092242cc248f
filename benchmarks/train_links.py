"""Train the link model of ``quipu.ingest.extract.learned`` on the development gold sets.

    python benchmarks/train_links.py --cv            # leave-one-set-out: what the model adds on a set it never saw
    python benchmarks/train_links.py --write         # choose thresholds, train on every development set, write links_model.json

Examples are the pairs of mentions the learned extractor reads (every other extractor runs
first, as at ingest), labelled from a gold set's links: a pair is a positive example of
"subject predicate object" when the gold states that link between the two entities on the
sentence's line; a pair the gold links only elsewhere in the document is left out of
training (the sentence may not state it); every other pair of allowed kinds is a negative.
Only ``dev*`` folders are read: a frozen ``blind-*`` set is never trained on.

``--cv`` trains on all sets but one and counts, on the one left out, the gold links the
model adds that no rule found and the links it adds that the gold does not state (scored at
the entity level, as ``benchmarks/extraction.py`` scores links), for several thresholds,
in all and per model (one per predicate and direction).

``--write`` runs the same leave-one-set-out first and gives each model the lowest threshold at
which the links it added to the sets left out were right at least ``--min-precision`` of the
time; a model that never gets there (subOrganizationOf did not) is left out of the file. Only
the kinds of ends the SHACL shapes allow are learned (``quipu.graph.validation.link_conforms``).
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from goldsets import SUFFIXES, _line_span, entity_matches, gold_names, path_text
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from quipu.core.text import fold
from quipu.graph.validation import link_conforms
from quipu.ingest import read_document
from quipu.ingest.extract import learned
from quipu.ingest.extract.extractor import enabled, extract_facts
from quipu.ingest.extract.record import link_pair
from quipu.ingest.extract.resolve import merge_entities, resolve

PRUNE = 0.05
BY_MODEL: defaultdict = defaultdict(lambda: [0, 0])  # (threshold, model) -> [right pairs, wrong pairs], over a --cv run
GOLD = Path(__file__).resolve().parent.parent / "tests" / "extraction" / "goldsets"


@dataclass
class Example:
    folder: str
    features: tuple[str, ...]
    model: str  # "runs>" …
    label: int | None  # 1, 0, or None (the gold links the two, but not on this line)
    key: tuple[str, str, str]  # (document, subject entity, object entity) in gold terms, for scoring
    ends: tuple[str, str]  # kinds (subject, object)
    ruled: bool  # a rule already linked the pair
    gold: tuple[tuple[str, int], ...] = ()  # the gold links (document, index) it states
    quote: str = ""  # the words from the first name to the second, to read a miss


def _folders(names: list[str] | None) -> list[Path]:
    found = sorted(p for p in GOLD.iterdir() if p.is_dir() and p.name.startswith("dev"))
    return [p for p in found if names is None or p.name in names]


def examples(folder: Path) -> tuple[list[Example], int, set[tuple]]:
    """The pairs of one gold set as examples, the number of its gold links, and the gold links
    (document, index) that the rules already find."""
    gold_all = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))
    named = {g["document"] for g in gold_all.get("entity", [])}
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.stem in named)
    rules = [e for e in enabled() if e.name != "learned-links"]
    documents, facts = {}, {}
    for path in paths:
        documents[path.stem] = read_document(path)
        facts[path.stem] = extract_facts(documents[path.stem], rules)
    mapping = resolve(facts.values())
    merged = merge_entities(facts.values(), mapping)
    out: list[Example] = []
    found_by_rules: set[tuple] = set()
    n_gold = 0
    for stem, document in documents.items():
        doc_facts = facts[stem]
        gold_entities = [g for g in gold_all["entity"] if g["document"] == stem]
        gold_links = [(i, g) for i, g in enumerate(gold_all.get("link", [])) if g["document"] == stem]
        n_gold += len(gold_links)
        raw = path_text(document)
        lines = {i: _line_span(raw, g["evidence"]) for i, g in gold_links}

        def entity_of(key: str):
            return merged.get(mapping.get(key, key))

        cache: dict[tuple[str, str, str], bool] = {}

        def side(name: str, type_: str, key: str) -> bool:
            if (name, type_, key) not in cache:
                entity = entity_of(key)
                wanted = [g for g in gold_entities if g["type"] == type_ and fold(name) in gold_names(g)] or [{"type": type_, "label": name}]
                cache[name, type_, key] = entity is not None and any(entity_matches(w, entity) for w in wanted)
            return cache[name, type_, key]

        def golds(subject: str, predicate: str, obj: str) -> list[int]:
            return [i for i, g in gold_links if g["predicate"] == predicate and side(g["subject"], g["subject_type"], subject) and side(g["object"], g["object_type"], obj)]

        for link in doc_facts.links:
            for i in golds(link.subject, link.predicate, link.object):
                found_by_rules.add((stem, i))
        ruled_pairs = {link_pair(link) for link in doc_facts.links}
        for pair in learned.sentence_pairs(document, doc_facts):
            a, b = pair.first, pair.second
            ruled = frozenset((a.key, b.key)) in ruled_pairs
            for predicate in PREDICATES:
                for forward in (True, False):
                    subject, obj = (a, b) if forward else (b, a)
                    name = predicate + (">" if forward else "<")
                    hits = golds(subject.key, predicate, obj.key)
                    if hits:
                        on_line = any(lines[i] and lines[i][0] <= pair.second.end and pair.first.start <= lines[i][1] for i in hits)
                        label = 1 if on_line else None
                    else:
                        label = 0
                    key = (stem, subject.key, obj.key)
                    out.append(Example(folder.name, pair.features, name, label, key, (subject.type, obj.type), ruled, tuple((stem, i) for i in hits),
                                       document.text[a.start : b.end]))
    return out, n_gold, found_by_rules


PREDICATES = ("runs", "funds", "evaluates", "operatesIn", "createdBy", "approvedBy", "regulatedBy", "partOf",
              "subOrganizationOf", "cites", "amends", "competentAuthority")


@cache
def _conforms(predicate: str, subject: str, obj: str) -> bool:
    return link_conforms(predicate, subject, obj)


def allowed_kinds(train: list[Example], least: int = 2) -> dict[str, set[tuple[str, str]]]:
    """The (subject, object) kinds each model saw linked at least ``least`` times, among those
    the shapes allow (an annotator may link what the ontology does not: a service part of a
    programme)."""
    seen = Counter((e.model, e.ends) for e in train if e.label == 1)
    kinds: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for (name, ends), n in seen.items():
        if n >= least and _conforms(name[:-1], *ends):
            kinds[name].add(ends)
    return kinds


def fit(train: list[Example], c: float) -> learned.LinkModel:
    kinds = allowed_kinds(train)
    weights, bias = {}, {}
    for name, ends in kinds.items():
        rows = [e for e in train if e.model == name and e.ends in ends and e.label is not None]
        if sum(e.label for e in rows) < 2:
            continue
        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in rows])
        y = [e.label for e in rows]
        clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        clf.fit(x, y)
        names = vectorizer.get_feature_names_out()
        # weights this small change no decision; leaving them out keeps the model file small
        weights[name] = {f: round(float(w), 3) for f, w in zip(names, clf.coef_[0]) if abs(w) >= PRUNE}
        bias[name] = round(float(clf.intercept_[0]), 4)
    return learned.LinkModel(weights, bias, {k: tuple(sorted(v)) for k, v in kinds.items() if k in weights}, 0.5)


def added(model: learned.LinkModel, held: list[Example], threshold: float, show: bool = False) -> tuple[set, set]:
    """What the model adds on the pairs no rule linked: the gold links (document, index) it states,
    and the (document, subject, object, predicate) links the gold does not state (scored at the
    entity level as the link benchmark does: a gold link stated anywhere in the document counts)."""
    by_pair: dict[tuple, list[Example]] = defaultdict(list)
    for e in held:
        if not e.ruled:
            by_pair[(e.key[0], *sorted(e.key[1:]), e.features)].append(e)
    right, wrong = set(), set()
    for group in by_pair.values():
        best = None
        for e in group:
            if e.model not in model.weights or e.ends not in model.kinds.get(e.model, ()):
                continue
            p = model.probability(e.model, e.features)
            if best is None or p > best[0]:
                best = (p, e)
        if best is None or best[0] < threshold:
            continue
        e = best[1]
        if e.label in (1, None):
            right |= set(e.gold)
            BY_MODEL[threshold, e.model][0] += 1
        else:
            wrong.add((*e.key, e.model[:-1]))
            BY_MODEL[threshold, e.model][1] += 1
        if show:
            print(f"  {'+' if e.label in (1, None) else '-'} {best[0]:.2f} {e.model:20s} {' '.join(e.quote.split())[:160]}")
    return right, wrong


GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def choose_thresholds(by_model: dict, min_precision: float, min_right: int) -> dict[str, float]:
    """Per model, the lowest probability of the grid at which the links it added to the sets
    left out were right at least ``min_precision`` of the time, and at least ``min_right`` of
    them; a model that never gets there is left out of the file."""
    chosen: dict[str, float] = {}
    for name in sorted({m for _, m in by_model}):
        for threshold in GRID:
            right, wrong = by_model[threshold, name]
            if right >= min_right and right / (right + wrong) >= min_precision:
                chosen[name] = threshold
                break
    return chosen


def cross_validate(data: dict, c: float, hold: list[str], show: float | None) -> list[str]:
    """Leave each set of ``hold`` out in turn; fills BY_MODEL and returns the report's lines."""
    lines: list[str] = []
    totals = {t: [0, 0] for t in GRID}
    gold_total = ruled_total = 0
    for held_name in hold:
        train = [e for name, (ex, _, _) in data.items() if name != held_name for e in ex]
        model = fit(train, c)
        held, n_gold, by_rules = data[held_name]
        gold_total += n_gold
        ruled_total += len(by_rules)
        line = []
        for t in GRID:
            if show is not None and t != show:
                continue
            right, wrong = added(model, held, t, show=show is not None)
            right -= by_rules
            totals[t][0] += len(right)
            totals[t][1] += len(wrong)
            line.append(f"{t}: +{len(right)}/-{len(wrong)}")
        lines.append(f"{held_name:6s} gold {n_gold:4d} rules find {len(by_rules):4d}   " + "  ".join(line))
    lines.append("\nper model, pairs added right/wrong (a gold link read in two sentences counts twice):")
    for name in sorted({m for _, m in BY_MODEL}):
        lines.append(f"  {name:20s} " + "  ".join(f"{t}: {BY_MODEL[t, name][0]}/{BY_MODEL[t, name][1]}" for t in GRID))
    lines.append(f"\nall held-out sets: gold links {gold_total}, found by the rules {ruled_total} ({ruled_total / gold_total:.3f})")
    for t, (r, w) in totals.items():
        lines.append(f"one threshold {t} for all models: adds {r} right and {w} wrong links -> rules+model recall {(ruled_total + r) / gold_total:.3f}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--cv", action="store_true", help="leave one development set out at a time and report what the model adds on it")
    parser.add_argument("--write", action="store_true",
                        help="choose each model's threshold from the leave-one-set-out run, train on every development set and write the model")
    parser.add_argument("--min-precision", type=float, default=0.8,
                        help="the share of right links a model must have added, left out, at its threshold (default 0.8)")
    parser.add_argument("--min-right", type=int, default=2, help="and at least this many right ones (default 2)")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength of the logistic models")
    parser.add_argument("--show", type=float, help="with --cv: print each link the model adds at this threshold (one of those listed), + right, - wrong")
    parser.add_argument("--sets", help="comma-separated development sets (default: every dev* folder)")
    parser.add_argument("--hold", help="with --cv: only these sets are held out in turn")
    args = parser.parse_args()
    folders = _folders(args.sets.split(",") if args.sets else None)
    data: dict[str, tuple[list[Example], int, set]] = {}
    for folder in folders:
        data[folder.name] = examples(folder)
        print(f"{folder.name:6s} examples {len(data[folder.name][0]):6d}  positives {sum(e.label == 1 for e in data[folder.name][0]):4d}", file=sys.stderr)
    if args.cv or args.write:
        hold = args.hold.split(",") if args.cv and args.hold else list(data)
        lines = cross_validate(data, args.c, hold, args.show if args.cv else None)
        thresholds = choose_thresholds(BY_MODEL, args.min_precision, args.min_right)
        lines.append(f"\nthresholds (precision >= {args.min_precision} and >= {args.min_right} right, left out): " + ", ".join(f"{k} {v}" for k, v in thresholds.items()))
        right = sum(BY_MODEL[v, k][0] for k, v in thresholds.items())
        wrong = sum(BY_MODEL[v, k][1] for k, v in thresholds.items())
        lines.append(f"at these thresholds the models added {right} right and {wrong} wrong pairs to the sets left out "
                     "(the thresholds are chosen on the same run: a blind set gives the honest figure)")
        if args.cv:
            print("\n".join(lines))
    if args.write:
        model = fit([e for ex, _, _ in data.values() for e in ex], args.c)
        model = learned.LinkModel(
            {k: w for k, w in model.weights.items() if k in thresholds},
            {k: b for k, b in model.bias.items() if k in thresholds},
            {k: v for k, v in model.kinds.items() if k in thresholds},
            thresholds,
            trained_on=",".join(data),
        )
        learned.MODEL.write_text(model.to_json() + "\n", encoding="utf-8")
        print(f"wrote {learned.MODEL} ({sum(len(w) for w in model.weights.values())} weights, {len(model.weights)} models)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
