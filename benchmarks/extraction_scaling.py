"""How the time to read and extract one document grows with its size (target: linear).

    python benchmarks/extraction_scaling.py [--sizes 0.25,0.5,1,2,4,8] [--corpus DIR] [--repeat N]

Builds one plain-text document per size (MB of UTF-8, 1 MB = 10^6 bytes) at run time by
concatenating the corpus's .txt and .md files in name order, repeating them, and cutting
at the line boundary just under the target size; the documents go to a temporary folder
that is deleted afterwards. For each it times ``read_document`` (reading, cleaning,
structure, passages) plus ``extract_facts`` (every extractor), the best of ``--repeat``
runs, and prints seconds per MB and its ratio to the smallest size's. The last line says
whether the largest size stays within ``--tolerance`` (1.2x) of linear, i.e. whether its
seconds per MB are at most 1.2 times those of the smallest size.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from pathlib import Path

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts

REPO = Path(__file__).resolve().parents[1]
MB = 1_000_000


def corpus_text(corpus: Path) -> str:
    files = sorted(p for p in corpus.iterdir() if p.suffix in {".txt", ".md"})
    if not files:
        raise SystemExit(f"no .txt or .md files in {corpus}")
    return "\n\n".join(p.read_text(encoding="utf-8").strip("\n") for p in files) + "\n\n"


def build(text: str, size_mb: float, folder: Path) -> Path:
    """A document of about ``size_mb`` MB: the corpus repeated, cut at a line boundary."""
    target = int(size_mb * MB)
    unit = text.encode("utf-8")
    data = unit * (target // len(unit) + 1)
    cut = data.rfind(b"\n", 0, target + 1)
    path = folder / f"scaling-{size_mb:g}mb.txt"
    path.write_bytes(data[: cut + 1 if cut > 0 else target])
    return path


def measure(path: Path, repeat: int) -> tuple[int, float, int]:
    """(chars, best seconds, passages) of read_document + extract_facts on ``path``."""
    best, chars, passages = float("inf"), 0, 0
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        document = read_document(path, target_chars=1000, doc_id=path.stem)
        extract_facts(document)
        best = min(best, time.perf_counter() - began)
        chars, passages = len(document.text), len(document.passages)
    return chars, best, passages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="0.25,0.5,1,2,4,8", help="comma-separated sizes in MB")
    parser.add_argument(
        "--corpus", type=Path, default=REPO.parent / "shared" / "corpus", help="default: ../shared/corpus from the repository root"
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest counts")
    parser.add_argument("--tolerance", type=float, default=1.2, help="largest allowed ratio of s/MB")
    args = parser.parse_args()
    sizes = sorted(float(s) for s in args.sizes.split(",") if s.strip())

    text = corpus_text(args.corpus.resolve())
    print(f"{'size MB':>8} {'chars':>10} {'passages':>9} {'seconds':>9} {'s/MB':>7} {'ratio':>6}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="quipu-scaling-") as folder:
        for size in sizes:
            path = build(text, size, Path(folder))
            megabytes = path.stat().st_size / MB
            chars, seconds, passages = measure(path, max(1, args.repeat))
            path.unlink()
            per_mb = seconds / megabytes
            rows.append((size, per_mb))
            ratio = per_mb / rows[0][1]
            print(f"{megabytes:>8.2f} {chars:>10,} {passages:>9,} {seconds:>9.2f} {per_mb:>7.2f} {ratio:>6.2f}", flush=True)
    if len(rows) > 1:
        ratio = rows[-1][1] / rows[0][1]
        verdict = "within" if ratio <= args.tolerance else "NOT within"
        print(f"{rows[-1][0]:g} MB: {ratio:.2f}x the s/MB of {rows[0][0]:g} MB, {verdict} {args.tolerance:g}x of linear")


if __name__ == "__main__":
    main()
