"""Fit the score fusion of the ``full`` search mode on a training split; check it on a blind one.

Usage::

    python benchmarks/fit_fusion.py --data D [--corpus DIR ...] [--train FILE ...]
                                    [--blind FILE ...] [--top 15]

For every training question it reads, once, what the full retrieval knows of each
candidate passage (the union of the 300 best BM25 passages and the 100 nearest vectors):

* ``text``: BM25 of the query's weighted terms (with their expansion) over the passage text;
* ``heading``: the same over the passage's document title, section path and table header;
* ``cosine``: the cosine similarity of the query's and the passage's vectors (exact, for
  every candidate, not only the nearest);
* ``figures``, ``entities``, ``sentence``: the share of figures, of the query's named
  entities, and of the query's term weight that one sentence holds.

Then it scores every fusion of a grid (normalisation of each score × weights) on the
training questions by R@5 + MRR@10 and prints the best. With ``--blind``, the chosen
fusion (the best on training, never one picked by its blind figures) and the current
one are scored on the blind questions, once.

Relevance rule and metrics: as ``benchmarks/retrieval.py``.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from retrieval import CORPUS, QUESTIONS, Question, load_questions, normalise, open_index  # noqa: E402

import quipu.search.fusion as fusion_module  # noqa: E402
from quipu.search.fusion import FITTED_FUSION, Candidates, Fusion  # noqa: E402

_normalised = fusion_module.normalised
  # noqa: E402


@dataclass
class Case:
    question: Question
    candidates: Candidates
    relevant: np.ndarray  # bool per candidate
    sentence: np.ndarray  # the sentence re-ranker's share per candidate


_KEPT: dict[int, np.ndarray] = {}  # the candidates' score arrays, by id, kept alive while fitting
_NORMALISED: dict[tuple[int, str], np.ndarray] = {}


def _cached_normalised(values: np.ndarray, norm: str) -> np.ndarray:
    """fusion.normalised, computed once per candidate array and norm (the grid asks again and
    again); arrays made on the fly (the "fields" sum) are computed each time."""
    if _KEPT.get(id(values)) is not values:
        return _normalised(values, norm)  # type: ignore[arg-type]
    key = (id(values), norm)
    if key not in _NORMALISED:
        _NORMALISED[key] = _normalised(values, norm)  # type: ignore[arg-type]
    return _NORMALISED[key]


fusion_module.normalised = _cached_normalised  # type: ignore[assignment]


def cases_of(index, questions: list[Question]) -> list[Case]:
    texts = [normalise(r.text) for r in index.records]
    full = index.full
    out = []
    for q in questions:
        relevant_rows = {row for row, text in enumerate(texts) if any(e in text for e in q.evidence)}
        if not relevant_rows:
            continue
        candidates, records, weights = full.candidates(q.text)
        for array in (candidates.text, candidates.heading, candidates.context, candidates.cosine):
            _KEPT[id(array)] = array
        relevant = np.array([k in relevant_rows for k in candidates.keys], dtype=bool)
        out.append(Case(q, candidates, relevant, full.sentence_shares(q.text, records, weights)))
    return out


def ranks(cases: list[Case], fusion: Fusion) -> list[int | None]:
    found = []
    for case in cases:
        order = fusion.order(case.candidates, case.sentence)
        hits = np.nonzero(case.relevant[order])[0]
        found.append(int(hits[0]) + 1 if len(hits) else None)
    return found


def metrics(found: list[int | None]) -> tuple[float, float]:
    n = len(found) or 1
    r5 = sum(1 for r in found if r is not None and r <= 5) / n
    mrr = sum(1 / r for r in found if r is not None and r <= 10) / n
    return r5, mrr


def grid(families: tuple[str, ...] = ("context", "fields")) -> list[Fusion]:
    fusions = []
    for field, lexical_norm, dense_norm in itertools.product(families, ("max", "z"), ("raw", "z", "minmax")):
        for dense_weight, heading_weight, sentence_weight, entity_weight in itertools.product(
            (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0),
            (0.0, 0.1, 0.25, 0.5, 0.75, 1.0),
            (0.0, 0.15, 0.3),
            (0.0, 0.1),
        ):
            if dense_norm == "raw":
                dense_weight *= 10  # cosines bunch within ~0.1: a raw gap needs a larger weight
            fusions.append(
                Fusion(
                    lexical_field=field,
                    lexical_norm=lexical_norm,
                    dense_norm=dense_norm,
                    dense_weight=dense_weight,
                    heading_weight=heading_weight,
                    sentence_weight=sentence_weight,
                    entity_weight=entity_weight,
                )
            )
    return fusions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="ingested data folder (ingested from --corpus if new)")
    parser.add_argument("--corpus", type=Path, action="append", help="folder(s) to ingest (default ../shared/corpus)")
    parser.add_argument("--train", type=Path, action="append", help=f"training questions (default {QUESTIONS.name})")
    parser.add_argument("--blind", type=Path, action="append", default=[], help="blind questions, scored once")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--no-grid", action="store_true", help="skip the fit; score FITTED_FUSION and its ablations")
    parser.add_argument("--by-language", action="store_true", help="also fit the Spanish and English questions apart")
    parser.add_argument("--dense-depth", type=int, help="nearest passages that join the candidates (FullConfig)")
    parser.add_argument("--families", default="context,fields", help="lexical fields of the grid")
    args = parser.parse_args(argv)

    index = open_index(args.data, args.corpus or [CORPUS])
    index.warm_up()
    if args.dense_depth:
        index.full.config = replace(index.full.config, dense_depth=args.dense_depth)
    families = tuple(args.families.split(","))
    train = cases_of(index, [q for path in args.train or [QUESTIONS] for q in load_questions(path)])
    print(f"training questions: {len(train)}", file=sys.stderr)

    scored = []
    for fusion in [] if args.no_grid else grid(families):
        r5, mrr = metrics(ranks(train, fusion))
        scored.append((r5 + mrr, r5, mrr, fusion))
    scored.sort(key=lambda item: -item[0])
    print(f"\n{'R@5':>6} {'MRR':>6}  fusion (training split, {len(train)} questions)")
    for _, r5, mrr, fusion in scored[: args.top]:
        print(f"{r5:6.3f} {mrr:6.3f}  {fusion}")
    if args.by_language:
        for lang in ("es", "en"):
            chosen = [c for c in train if c.question.lang == lang]
            found = sorted(
                ((sum(metrics(ranks(chosen, f))), f) for f in grid(families) if f.lexical_field == "context"),
                key=lambda item: -item[0],
            )
            print(f"\n{lang}: {len(chosen)} training questions")
            for _, fusion in found[: args.top]:
                r5, mrr = metrics(ranks(chosen, fusion))
                print(f"{r5:6.3f} {mrr:6.3f}  {fusion}")
            r5, mrr = metrics(ranks(chosen, FITTED_FUSION))
            print(f"{r5:6.3f} {mrr:6.3f}  [fitted on both] {FITTED_FUSION}")

    print("\nbest of each family (lexical field, lexical norm, dense norm):")
    seen = set()
    for _, r5, mrr, fusion in scored:
        family = (fusion.lexical_field, fusion.lexical_norm, fusion.dense_norm)
        if family not in seen:
            seen.add(family)
            print(f"{r5:6.3f} {mrr:6.3f}  {fusion}")
    r5, mrr = metrics(ranks(train, Fusion()))
    print(f"{r5:6.3f} {mrr:6.3f}  [default] {Fusion()}")

    if args.blind:
        blind = cases_of(index, [q for path in args.blind for q in load_questions(path)])
        best = scored[0][3] if scored else FITTED_FUSION
        print(f"\nblind split, {len(blind)} questions")
        # The fitted fusion, then each of its parts taken away: a part that does not pay its
        # way here is a candidate for removal (the weights themselves are never chosen here).
        chosen = FITTED_FUSION
        variants = {
            "fitted": chosen,
            "best-now": best,
            "-entity": replace(chosen, entity_weight=0.0),
            "-sentence": replace(chosen, sentence_weight=0.0),
            "-heading": replace(chosen, heading_weight=0.0),
            "-figures": replace(chosen, figures_share=1.0),
            "-dense": replace(chosen, dense_weight=0.0),
        }
        for name, fusion in variants.items():
            for lang in ("all", "es", "en"):
                chosen = [c for c in blind if lang == "all" or c.question.lang == lang]
                r5, mrr = metrics(ranks(chosen, fusion))
                print(f"  {name:<10} {lang:<4} n={len(chosen):<4} R@5 {r5:.3f}  MRR@10 {mrr:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
