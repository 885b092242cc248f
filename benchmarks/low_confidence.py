"""Calibrate when search says it found nothing close (quipu.search.confidence).

Usage::

    python benchmarks/low_confidence.py [--data /tmp/retrieval-data] [--no-ingest] [--max-flagged 0]

It ingests ../shared/corpus (or --corpus) into --data (a temporary folder by default;
ingest is incremental, so a reused folder answers at once; --no-ingest opens --data as
it is) and computes the signals of :mod:`quipu.search.confidence` for

* on-topic queries: the dev split of tests/search/eval/questions.toml (the test split
  stays blind);
* off-topic queries: ``[fit].off_topic`` of benchmarks/low_confidence_queries.toml.

Fit: for each known-word signal (``known``, plain; ``known_weighted``, by IDF) and
each cosine weight W on a grid, the score is ``signal + W × (cosine − COSINE_REFERENCE)``;
the threshold is the midpoint of the widest gap below all but ``--max-flagged`` on-topic
scores, and the off-topic recall is the share of off-topic scores under it. The best
(signal, W) has the highest recall, then the widest gap relative to the spread of the
scores. Configurations are ranked by leave-one-out errors (each query judged by the
threshold fitted without it): on-topic queries flagged first, then off-topic queries
missed, then the gap. W = 0 gives the rule for searches without vectors.

Then it reports what the constants in quipu/search/confidence.py (the shipped rule)
flag on the fit sets and on the held-out sets of the same file (``[heldout]``, never
used for fitting), and the suggestions for the held-out typos.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "tests" / "search" / "eval" / "questions.toml"
QUERIES = Path(__file__).with_name("low_confidence_queries.toml")
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
WEIGHTS = np.arange(0.0, 12.01, 0.5)
SIGNALS = ("known", "known_weighted")


@dataclass(frozen=True)
class Measured:
    query: str
    known: float
    known_weighted: float
    cosine: float
    suggestions: tuple[str, ...]

    @property
    def shipped_low(self) -> bool:
        """Whether the rule in quipu.search.confidence flags the query."""
        from quipu.search.confidence import score

        fused, threshold = score(self.known, self.cosine)
        return fused < threshold

    @property
    def lexical_low(self) -> bool:
        """Whether it flags the query without vectors."""
        from quipu.search.confidence import score

        fused, threshold = score(self.known, None)
        return fused < threshold


def open_index(data_dir: Path, corpus: Path, ingest_first: bool):
    from quipu.core.settings import Settings
    from quipu.workspace.workspace import Workspace

    settings = Settings(data_dir=data_dir, corpus_dir=corpus)
    if ingest_first:
        from quipu.workspace.pipeline import ingest

        print(f"ingesting {corpus} into {data_dir} …", file=sys.stderr)
        ingest(settings)
    return Workspace(settings).index


def measure(index, queries: list[str]) -> list[Measured]:
    found = []
    for query in queries:
        confidence = index.confidence(query, mode="full")
        signals = confidence.signals
        found.append(
            Measured(
                query,
                signals.known,
                signals.known_weighted,
                signals.cosine if signals.cosine is not None else float("nan"),
                tuple(index.suggestions(query, confidence)),
            )
        )
    return found


@dataclass(frozen=True)
class Fit:
    signal: str
    weight: float
    threshold: float
    recall: float  # share of off-topic queries flagged
    gap: float  # half the gap the threshold sits in, over the spread of the scores
    cv_flagged: int  # leave-one-out: on-topic queries flagged by the threshold fitted without them
    cv_missed: int  # leave-one-out: off-topic queries missed


def scores(rows: list[Measured], signal: str, weight: float, reference: float) -> np.ndarray:
    return np.array([getattr(r, signal) + weight * (r.cosine - reference) for r in rows])


def threshold_of(on_scores: np.ndarray, off_scores: np.ndarray, max_flagged: int) -> tuple[float, float]:
    """The threshold in the middle of the gap below all but ``max_flagged`` on-topic scores
    and above the off-topic scores under them; and half that gap."""
    floor = np.sort(on_scores)[min(max_flagged, len(on_scores) - 1)]
    below = off_scores[off_scores < floor]
    if not len(below):
        return float(floor), 0.0
    return float((floor + below.max()) / 2), float((floor - below.max()) / 2)


def fit(on: list[Measured], off: list[Measured], signal: str, weight: float, reference: float, max_flagged: int) -> Fit:
    on_scores, off_scores = scores(on, signal, weight, reference), scores(off, signal, weight, reference)
    threshold, gap = threshold_of(on_scores, off_scores, max_flagged)
    spread = float(np.std(np.concatenate([on_scores, off_scores]))) or 1.0
    flagged, missed = cross_validate(on_scores, off_scores, max_flagged)
    return Fit(signal, float(weight), threshold, float((off_scores < threshold).mean()), gap / spread, flagged, missed)


def cross_validate(on_scores: np.ndarray, off_scores: np.ndarray, max_flagged: int) -> tuple[int, int]:
    """Leave-one-out: each query judged by the threshold fitted without it. Returns the
    on-topic queries flagged and the off-topic queries missed."""
    flagged = sum(
        on_scores[i] < threshold_of(np.delete(on_scores, i), off_scores, max_flagged)[0] for i in range(len(on_scores))
    )
    missed = sum(
        off_scores[i] >= threshold_of(on_scores, np.delete(off_scores, i), max_flagged)[0] for i in range(len(off_scores))
    )
    return int(flagged), int(missed)


def rate(rows: list[Measured], attribute: str) -> str:
    flagged = sum(getattr(r, attribute) for r in rows)
    return f"{flagged}/{len(rows)} ({flagged / len(rows):.0%})" if rows else "-"


def measure_all(args: argparse.Namespace) -> dict[str, list[Measured]]:
    """The signals of every query of the fit and held-out sets, over the ingested corpus."""
    with tempfile.TemporaryDirectory() as temporary:
        index = open_index(args.data or Path(temporary), args.corpus, ingest_first=not args.no_ingest)
        with args.questions.open("rb") as fh:
            questions = [q["question"] for q in tomllib.load(fh)["question"] if q.get("split") == "dev"]
        with args.queries.open("rb") as fh:
            sets = tomllib.load(fh)
        print(f"index: {len(index.records)} passages, model {index.model}")
        return {
            "dev": measure(index, questions),
            "off": measure(index, sets["fit"]["off_topic"]),
            "held_on": measure(index, sets["heldout"]["on_topic"]),
            "held_off": measure(index, sets["heldout"]["off_topic"]),
            "typos": measure(index, sets["heldout"].get("typos", [])),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="data folder to ingest into or reuse (default: a temp folder)")
    parser.add_argument("--no-ingest", action="store_true", help="open --data as it is")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--max-flagged", type=int, default=0, help="on-topic dev questions the fit may flag")
    parser.add_argument("--verbose", action="store_true", help="print every query's signals")
    parser.add_argument("--save", type=Path, help="write the measured signals to this JSON file")
    parser.add_argument("--load", type=Path, help="fit on the signals an earlier --save wrote (no index)")
    args = parser.parse_args(argv)

    from quipu.search import confidence as rule

    if args.load:
        fields = {"query", "known", "known_weighted", "cosine", "suggestions"}
        measured = {name: [Measured(**{k: tuple(v) if k == "suggestions" else v for k, v in row.items() if k in fields})
                           for row in rows]
                    for name, rows in json.loads(args.load.read_text()).items()}
    else:
        measured = measure_all(args)
    if args.save:
        args.save.write_text(json.dumps({name: [asdict(r) for r in rows] for name, rows in measured.items()},
                                        ensure_ascii=False, indent=1))
    dev, off = measured["dev"], measured["off"]
    held_on, held_off, typos = measured["held_on"], measured["held_off"], measured["typos"]

    reference = rule.COSINE_REFERENCE
    print(f"\nfit on {len(dev)} dev questions (on-topic) and {len(off)} off-topic queries; "
          f"at most {args.max_flagged} on-topic flagged")
    print(f"score = signal + W × (cosine − {reference:.2f}); flagged when score < threshold")
    fits = [fit(dev, off, s, w, reference, args.max_flagged) for s in SIGNALS for w in WEIGHTS]
    # Leave-one-out errors choose: on-topic queries flagged first (they must almost never be),
    # then off-topic ones missed, then the wider gap.
    fits.sort(key=lambda f: (f.cv_flagged, f.cv_missed, -f.gap))
    print(f"  {'signal':15} {'W':>5} {'threshold':>9} {'recall':>7} {'gap/sd':>7} {'LOO on flagged':>15} {'LOO off missed':>15}")
    for f in fits[:10]:
        print(f"  {f.signal:15} {f.weight:5.1f} {f.threshold:9.3f} {f.recall:7.1%} {f.gap:7.3f} "
              f"{f.cv_flagged:>9}/{len(dev):<5} {f.cv_missed:>9}/{len(off):<5}")
    lexical = next(f for f in fits if f.weight == 0)
    print(f"  without vectors (W = 0): {lexical.signal} < {lexical.threshold:.3f}, recall {lexical.recall:.1%}, "
          f"leave-one-out {lexical.cv_flagged} on-topic flagged, {lexical.cv_missed} off-topic missed")

    print(f"\nshipped rule ({rule.__name__}): known + {rule.COSINE_WEIGHT} × (cosine − {reference}) "
          f"< {rule.THRESHOLD}; without vectors known < {rule.LEXICAL_THRESHOLD}")
    print(f"  {'':28} {'with vectors':>14} {'without':>14}")
    for name, rows in (
        ("fit: on-topic (dev)", dev),
        ("fit: off-topic", off),
        ("held-out: on-topic", held_on),
        ("held-out: off-topic", held_off),
        ("held-out: on-topic typos", typos),
    ):
        print(f"  {name:28} {rate(rows, 'shipped_low'):>14} {rate(rows, 'lexical_low'):>14}")

    def show(title: str, rows: list[Measured]) -> None:
        if rows:
            print(f"\n{title}")
            for r in rows:
                print(f"  known {r.known:.2f} cosine {r.cosine:.3f}  {r.query[:80]}")

    show("on-topic flagged:", [r for r in dev + held_on if r.shipped_low])
    show("off-topic not flagged:", [r for r in off + held_off if not r.shipped_low])
    print("\ntypos (flagged?, suggestions):")
    for r in typos:
        print(f"  {r.query!r}: {'flagged' if r.shipped_low else 'not flagged'}; {list(r.suggestions)}")
    if args.verbose:
        for name, rows in (("dev", dev), ("off", off), ("held_on", held_on), ("held_off", held_off)):
            show(f"{name}:", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
