"""Train the value model of ``quipu.ingest.extract.learned_values`` on the development gold sets.

    python benchmarks/train_values.py --cv       # leave-one-set-out: what the model adds on a set it never saw
    python benchmarks/train_values.py --write    # choose thresholds, train on every development set, write values_model.json

Examples are the figures of prose sentences (every other extractor runs first, as at
ingest), labelled from a gold set's values: a figure is an example of kind K when the gold
has a value of kind K printed the same (spaces aside) whose evidence holds the figure;
every other figure is "none". Only ``dev*`` folders are read: a frozen ``blind-*`` set is
never trained on.

``--cv`` trains on all sets but one and counts, on the one left out, the figures no rule read
that the model reads right (the gold's kind) and wrong (another kind, or a figure the gold
does not hold as a value), for several thresholds, in all and per kind.

``--write`` runs the same leave-one-set-out first and gives each kind the lowest threshold at
which the figures it read on the sets left out were right at least ``--min-precision`` of the
time; a kind that never gets there is left out of the file.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from goldsets import SUFFIXES
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from quipu.ingest import read_document
from quipu.ingest.extract import learned_values
from quipu.ingest.extract.extractor import enabled, extract_facts

GOLD = Path(__file__).resolve().parent.parent / "tests" / "extraction" / "goldsets"
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
PRUNE = 0.02


@dataclass
class Example:
    folder: str
    features: tuple[str, ...]
    label: str  # a kind of value, or "none"
    ruled: bool  # a rule already read this figure
    quote: str  # the figure in its sentence, to read a miss


def _folders(names: list[str] | None) -> list[Path]:
    found = sorted(p for p in GOLD.iterdir() if p.is_dir() and p.name.startswith("dev"))
    return [p for p in found if names is None or p.name in names]


def _compact(raw: str) -> str:
    return "".join(raw.split())


def examples(folder: Path) -> list[Example]:
    gold = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))
    named = {g["document"] for g in gold.get("entity", [])}
    rules = [e for e in enabled() if e.name != "learned-values"]
    out: list[Example] = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.stem in named):
        document = read_document(path)
        facts = extract_facts(document, rules)
        text = document.text
        # each gold value: where its evidence lies in the cleaned text, and its printed value
        located: list[tuple[int, int, str, str]] = []
        for value in gold.get("observation", []):
            if value["document"] != path.stem:
                continue
            evidence = value["evidence"].replace("\\t", "\t")
            at = text.find(evidence)
            while at >= 0:
                located.append((at, at + len(evidence), _compact(value["raw"]), value["kind"]))
                at = text.find(evidence, at + 1)
        for figure in learned_values.figures(document):
            digits = _compact(figure.raw)
            kinds = {k for a, b, raw, k in located if a <= figure.start and figure.end <= b and raw == digits}
            label = sorted(kinds)[0] if kinds else learned_values.NONE
            quote = figure.sentence.text
            out.append(Example(folder.name, figure.features, label, learned_values.read(facts, figure), quote))
    return out


def _train(train: list[Example], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{f: 1 for f in e.features} for e in train])
    model = LogisticRegression(C=c, max_iter=2000, class_weight=None)
    model.fit(x, [e.label for e in train])
    return vectorizer, model


def _predict(vectorizer: DictVectorizer, model: LogisticRegression, test: list[Example]) -> list[tuple[str, float]]:
    if not test:
        return []
    probabilities = model.predict_proba(vectorizer.transform([{f: 1 for f in e.features} for e in test]))
    out = []
    for row in probabilities:
        best = int(row.argmax())
        out.append((str(model.classes_[best]), float(row[best])))
    return out


def cross_validate(by_set: dict[str, list[Example]], c: float, show: float | None) -> dict[tuple[float, str], list[int]]:
    """Per (threshold, kind): [right, wrong] over the unread figures of the sets left out."""
    tally: dict[tuple[float, str], list[int]] = defaultdict(lambda: [0, 0])
    for held, test in sorted(by_set.items()):
        train = [e for name, exs in by_set.items() if name != held for e in exs]
        vectorizer, model = _train(train, c)
        unread = [e for e in test if not e.ruled]
        gold_unread = sum(e.label != learned_values.NONE for e in unread)
        gold_read = sum(e.label != learned_values.NONE for e in test if e.ruled)
        line = [f"{held:6s} figures {len(test):4d}  gold values read by rules {gold_read:3d}, unread {gold_unread:3d}"]
        for threshold in THRESHOLDS:
            right = wrong = 0
            for example, (kind, p) in zip(unread, _predict(vectorizer, model, unread)):
                if kind == learned_values.NONE or p < threshold:
                    continue
                ok = kind == example.label
                right += ok
                wrong += not ok
                tally[threshold, kind][0 if ok else 1] += 1
                if show == threshold:
                    print(f"   {'+' if ok else '-'} {kind:14s} gold={example.label:14s} {p:.2f}  {example.quote[:150]}")
            line.append(f"{threshold}: +{right}/-{wrong}")
        print("  ".join(line))
    return tally


def write(by_set: dict[str, list[Example]], c: float, min_precision: float, min_right: int) -> None:
    tally = cross_validate(by_set, c, None)
    kinds = sorted({k for _, k in tally})
    thresholds: dict[str, float] = {}
    for kind in kinds:
        for threshold in THRESHOLDS:
            right, wrong = tally[threshold, kind]
            if right >= min_right and right / (right + wrong) >= min_precision:
                thresholds[kind] = threshold
                break
    vectorizer, model = _train([e for exs in by_set.values() for e in exs], c)
    names = vectorizer.get_feature_names_out()
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for row, kind in enumerate(model.classes_):
        coefficients = model.coef_[row] if len(model.classes_) > 2 else (model.coef_[0] if row else -model.coef_[0])
        weights[str(kind)] = {str(n): round(float(w), 4) for n, w in zip(names, coefficients) if abs(w) >= PRUNE}
        bias[str(kind)] = round(float(model.intercept_[row] if len(model.classes_) > 2 else 0.0), 4)
    value_model = learned_values.ValueModel(weights, bias, thresholds, trained_on=",".join(sorted(by_set)))
    learned_values.MODEL.write_text(value_model.to_json() + "\n", encoding="utf-8")
    print(f"thresholds (precision >= {min_precision} and >= {min_right} right, left out): "
          + ", ".join(f"{k} {v}" for k, v in sorted(thresholds.items())))
    print(f"wrote {learned_values.MODEL} ({sum(len(w) for w in weights.values())} weights, {len(weights)} kinds)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="leave one development set out at a time and report what the model adds on it")
    parser.add_argument("--write", action="store_true", help="choose per-kind thresholds by --cv, train on every development set, write the model")
    parser.add_argument("--min-precision", type=float, default=0.85, help="a kind's figures on the sets left out must be right this often (default 0.85)")
    parser.add_argument("--min-right", type=int, default=3, help="and at least this many right ones (default 3)")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength (default 1.0)")
    parser.add_argument("--show", type=float, help="with --cv: print each figure read at this threshold, + right, - wrong")
    parser.add_argument("--sets", help="comma-separated development sets (default: every dev* folder)")
    args = parser.parse_args()
    if not (args.cv or args.write):
        parser.print_help()
        return 2
    folders = _folders(args.sets.split(",") if args.sets else None)
    by_set = {f.name: examples(f) for f in folders}
    labels = defaultdict(int)
    for exs in by_set.values():
        for e in exs:
            labels[e.label] += 1
    print("figures by gold kind:", dict(sorted(labels.items())))
    if args.write:
        write(by_set, args.c, args.min_precision, args.min_right)
        return 0
    tally = cross_validate(by_set, args.c, args.show)
    print("\nper kind, figures read right/wrong on the sets left out:")
    for kind in sorted({k for _, k in tally}):
        print(f"  {kind:16s}" + "  ".join(f"{t}: {tally[t, kind][0]}/{tally[t, kind][1]}" for t in THRESHOLDS))
    for t in THRESHOLDS:
        right = sum(tally[t, k][0] for k in {k for _, k in tally})
        wrong = sum(tally[t, k][1] for k in {k for _, k in tally})
        print(f"one threshold {t}: {right} right, {wrong} wrong")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    raise SystemExit(main())
