"""Answer-card precision and recall on the annotated questions (tests/api/cards/*.toml).

Prints, per split (dev, blind7) and language, the pooled precision of everything the cards
show (facts and values) and the recall of the facts a good card must show. The misses are
listed for the dev split only: the blind split is frozen and is never used to change code.

    python benchmarks/cards.py [DATA_DIR]      # a data dir of `quipu ingest ../shared/corpus`
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from quipu.core.settings import Settings
from quipu.workspace.workspace import Workspace

SCORING = Path(__file__).resolve().parents[1] / "tests" / "api" / "cards" / "scoring.py"


def _scoring():  # the scorer lives with the tests it serves
    spec = importlib.util.spec_from_file_location("card_scoring", SCORING)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["card_scoring"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dir", nargs="?", type=Path, help="default: QUIPU_DATA_DIR")
    parser.add_argument("--misses", action="store_true", help="list the dev split's wrong and missed facts")
    parser.add_argument("--split", choices=("dev", "blind7"), action="append", help="only this split (default: both)")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    workspace = Workspace(settings)
    scoring = _scoring()
    print(f"{'split':6} {'lang':4} {'questions':>9} {'shown':>6} {'right':>6} {'precision':>9} {'recall':>7}")
    for split in args.split or ("dev", "blind7"):
        for lang in (None, "es", "en"):
            score, count = scoring.score_split(workspace, split, lang=lang)
            print(f"{split:6} {lang or 'all':4} {count:9d} {score.shown:6d} {score.right:6d} "
                  f"{score.precision:9.3f} {score.recall:7.3f}")
            if args.misses and split == "dev" and lang is None:
                for line in score.wrong:
                    print("  wrong ", line)
                for line in score.missed:
                    print("  missed", line)


if __name__ == "__main__":
    main()
