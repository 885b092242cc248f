"""Extraction benchmark: recall and precision of entities, links and values, in one run.

    python benchmarks/extraction.py                 # every set below
    python benchmarks/extraction.py --sets dev,blind --misses

Sets (see tests/extraction/goldsets/GUIDELINES.md):

* ``corpus`` — the five corpus documents against tests/extraction/devset.toml (both
  splits). That annotation is not exhaustive, so precision there is judged only inside
  the sentences that hold an annotated fact of the same kind.
* ``dev`` — documents written for development (tests/extraction/goldsets/dev), annotated
  exhaustively: precision counts everything the extractor outputs on them.
* ``blind`` — every frozen blind set (tests/extraction/goldsets/blind-*): annotated before
  the extractor ever ran on them, and no rule changed because of their misses.
* ``layouts`` — each table-bearing corpus document with its tables re-rendered as
  Markdown pipe rows, HTML, DOCX and space-aligned columns: the share of the original
  layout's values and links that each rendering still gives.

A value found in the corpus matches an annotated one with the same kind and printed value
when its indicator's name matches or it cites the annotated line (as in the gold sets).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

from quipu.core.text import fold
from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.extract.resolve import merge_entities, resolve
from quipu.ingest.extract.spans import sentences

sys.path.insert(0, str(Path(__file__).resolve().parent))
from goldsets import score_folder  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
GOLDSETS = REPO / "tests" / "extraction" / "goldsets"
LOOSE = {"indicator", "objective", "action", "activity"}


def names_of(entity) -> set[str]:
    return {fold(n) for n in {entity.label, *entity.alt_labels} if n}


def loose_match(gold: str, predicted: str) -> bool:
    if gold == predicted:
        return True
    short, long_ = sorted((gold, predicted), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_) or long_.startswith(short) and len(short.split()) >= 5


def entity_matches(gold: dict, entity) -> bool:
    if entity.type != gold["type"]:
        return False
    if gold["type"] == "norm" and "norm_id" in gold:
        return str(entity.attributes.get("id_local", "")).upper() == gold["norm_id"].upper()
    wanted = {fold(gold["label"]), *(fold(a) for a in gold.get("aliases", []))}
    have = names_of(entity)
    if wanted & have:
        return True
    return gold["type"] in LOOSE and any(loose_match(w, h) for w in wanted for h in have)


def locate(text: str, quote: str) -> list[tuple[int, int]]:
    pattern = r"\s*".join(re.escape(w) for w in quote.replace("\\t", " ").split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default="corpus,dev,blind,layouts",
                        help="comma-separated: corpus, dev, blind, layouts, or the name of one gold set folder (blind-2026-12-07k)")
    parser.add_argument("--split", default="all", choices=["dev", "test", "all"], help="split of the corpus annotation")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--devset", type=Path, default=REPO / "tests" / "extraction" / "devset.toml")
    parser.add_argument("--misses", action="store_true", help="list the gold facts not found and the false positives")
    args = parser.parse_args()
    wanted = {s.strip() for s in args.sets.split(",")}
    print(f"# extraction benchmark  {time.strftime('%Y-%m-%d %H:%M')}")
    if "corpus" in wanted:
        corpus_scores(args)
    for name in ("dev", "blind"):
        if name in wanted:
            for folder in sorted(GOLDSETS.glob(name + "*")):
                if folder.is_dir() and (folder / "gold.toml").exists():
                    goldset_scores(folder, args.misses)
    # one named folder: a blind set being written beside it is not run on
    for name in sorted(wanted - {"corpus", "dev", "blind", "layouts"}):
        folder = GOLDSETS / name
        if not (folder / "gold.toml").exists():
            parser.error(f"no gold set {name!r} in {GOLDSETS} (a folder with a gold.toml)")
        goldset_scores(folder, args.misses)
    if "layouts" in wanted:
        layout_scores(args.corpus)


def goldset_scores(folder: Path, misses: bool) -> None:
    began = time.perf_counter()
    scores = score_folder(folder)
    print(f"\n## {folder.name}  (exhaustive gold; precision over every fact output; {time.perf_counter() - began:.1f} s)")
    print(f"{'kind':22s} {'recall':>18s} {'precision':>18s}")
    fmt = lambda n, d: f"{n / d:.2f} ({n:3d}/{d:3d})" if d else "   -"  # noqa: E731
    for key in ["entity", *sorted(k for k in scores if k.startswith("entity:") and k != "entity:vocabulary"), "link", "value"]:
        score = scores.get(key)
        if score is None:
            continue
        print(f"{key:22s} {fmt(score.found, score.gold):>18s} {fmt(score.right, score.predicted):>18s}")
    for kind, plural in (("link", "links"), ("entity", "entities")):
        vocabulary = scores.get(f"{kind}:vocabulary")
        if vocabulary is not None:
            print(f"({plural} the vocabulary states, not counted above: {vocabulary.predicted})")
    if misses:
        for key in ("entity", "link", "value"):
            for line in scores[key].misses:
                print(f"  miss  {key:6s} {line}")
            for line in scores[key].wrong:
                print(f"  wrong {key:6s} {line}")


def layout_scores(corpus: Path) -> None:
    import tempfile

    sys.path.insert(0, str(REPO / "tests" / "extraction"))
    from layouts import LAYOUTS, render  # noqa: PLC0415 - the renderers live with the tests
    from layouts import comparable_facts as facts_of

    print("\n## layouts  (share of the original layout's values and links each rendering gives)")
    print(f"{'document':32s} {'layout':8s} {'values':>18s} {'links':>18s}")
    pooled: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with tempfile.TemporaryDirectory() as scratch:
        for path in sorted(corpus.iterdir()):
            if path.suffix not in {".txt", ".md"}:
                continue
            original = None
            for layout in LAYOUTS:
                rendered = render(path, layout, Path(scratch) / layout)
                if rendered is None:
                    break
                original = original or facts_of(path)
                values, links = facts_of(rendered)
                kept_v, kept_l = len(original[0] & values), len(original[1] & links)
                total = pooled[layout]
                total[0] += kept_v
                total[1] += len(original[0])
                total[2] += kept_l
                total[3] += len(original[1])
                print(f"{path.stem[:32]:32s} {layout:8s} {kept_v / max(len(original[0]), 1):>7.2f} ({kept_v:4d}/{len(original[0]):4d}) "
                      f"{kept_l / max(len(original[1]), 1):>7.2f} ({kept_l:4d}/{len(original[1]):4d})")
    for layout, (kv, tv, kl, tl) in pooled.items():
        print(f"{'all table-bearing documents':32s} {layout:8s} {kv / max(tv, 1):>7.2f} ({kv:4d}/{tv:4d}) {kl / max(tl, 1):>7.2f} ({kl:4d}/{tl:4d})")


def corpus_scores(args) -> None:

    gold_all = tomllib.loads(args.devset.read_text(encoding="utf-8"))
    in_split = lambda g: args.split == "all" or g.get("split", "dev") == args.split  # noqa: E731

    began = time.perf_counter()
    documents, facts = {}, {}
    for path in sorted(args.corpus.iterdir()):
        if path.suffix in {".txt", ".md"}:
            document = read_document(path)
            documents[document.id] = document
            facts[document.id] = extract_facts(document)
    mapping = resolve(facts.values())
    merged = merge_entities(facts.values(), mapping)
    elapsed = time.perf_counter() - began

    def doc_entities(doc: str):
        return [merged[mapping[k]] for k in facts[doc].entities]

    def entity_by_key(key: str):
        return merged.get(mapping.get(key, key))

    def gold_entity_names(doc: str, label: str) -> list[dict]:
        return [g for g in gold_all.get("entity", []) if g["document"] == doc and fold(g["label"]) == fold(label)]

    def link_matches(gold: dict, link) -> bool:
        if link.predicate != gold["predicate"]:
            return False
        for side in ("subject", "object"):
            entity = entity_by_key(getattr(link, side))
            refs = gold_entity_names(gold["document"], gold[side]) or [{"type": gold[f"{side}_type"], "label": gold[side]}]
            if entity is None or not any(entity_matches({**r, "type": gold[f"{side}_type"]}, entity) for r in refs):
                return False
        return True

    def observation_matches(gold: dict, obs) -> bool:
        if obs.kind != gold["kind"] or re.sub(r"\s", "", obs.raw) != re.sub(r"\s", "", gold["raw"]):
            return False
        if gold.get("period") and obs.period and str(obs.period) != str(gold["period"]):
            return False
        indicator = entity_by_key(obs.indicator)
        if indicator is not None and any(loose_match(fold(gold["indicator"]), n) for n in names_of(indicator)):
            return True
        # The same value stated on the annotated line (the name a rule gives may differ).
        document = documents[gold["document"]]
        return any(start <= obs.evidence.end and obs.evidence.start <= end for start, end in locate(document.text, gold["evidence"]))

    # ------------------------------------------------------------------ recall
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for kind, items in (("entity", gold_all.get("entity", [])), ("link", gold_all.get("link", [])),
                        ("observation", gold_all.get("observation", []))):
        for gold in filter(in_split, items):
            doc = gold["document"]
            if doc not in facts:
                continue
            if kind == "entity":
                ok = any(entity_matches(gold, e) for e in doc_entities(doc))
                row = gold["type"]
            elif kind == "link":
                ok = any(link_matches(gold, l) for l in facts[doc].links)
                row = "link"
            else:
                ok = any(observation_matches(gold, o) for o in facts[doc].observations)
                row = "observation"
            found[row][0] += ok
            found[row][1] += 1
            if not ok:
                misses.append(f"  miss {row:12s} {doc[:12]}: {gold.get('label') or gold.get('subject', '') + ' ' + gold.get('predicate', '') + ' ' + gold.get('object', '') if kind != 'observation' else gold['indicator'][:50] + ' ' + gold['kind'] + ' ' + gold['raw']}")

    # ------------------------------------------------------------------ precision
    judged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_positives: list[str] = []
    for doc, document in documents.items():
        regions: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for kind in ("entity", "link", "observation"):
            for gold in filter(in_split, gold_all.get(kind, [])):
                if gold["document"] == doc:
                    category = gold["type"] if kind == "entity" else kind
                    for start, end in locate(document.text, gold["evidence"]):
                        for passage in document.passages:
                            if passage.start <= start < passage.end:
                                for s in sentences(passage):
                                    if passage.start + s.start <= end and start <= passage.start + s.end:
                                        regions[category].append((passage.start + s.start, passage.start + s.end))

        def inside(span, category: str) -> bool:
            return any(a <= span.start < b or a < span.end <= b for a, b in regions[category])

        doc_gold = {k: [g for g in gold_all.get(k, []) if g["document"] == doc] for k in ("entity", "link", "observation")}
        for key, raw in facts[doc].entities.items():
            entity = merged[mapping[key]]
            for mention in raw.mentions:
                if inside(mention, entity.type):
                    ok = any(entity_matches(g, entity) for g in doc_gold["entity"]) or any(
                        entity.type in LOOSE and any(loose_match(fold(g["indicator"]), n) for n in names_of(entity))
                        for g in doc_gold["observation"]
                    )
                    judged[entity.type][0] += ok
                    judged[entity.type][1] += 1
                    if not ok:
                        false_positives.append(f"  false {entity.type:12s} {doc[:12]}: {entity.label[:70]}")
        for link in facts[doc].links:
            if inside(link.evidence, "link"):
                ok = any(link_matches(g, link) for g in doc_gold["link"])
                judged["link"][0] += ok
                judged["link"][1] += 1
                if not ok:
                    false_positives.append(f"  false link         {doc[:12]}: {link.subject} {link.predicate} {link.object}")
        for obs in facts[doc].observations:
            if inside(obs.evidence, "observation"):
                ok = any(observation_matches(g, obs) for g in doc_gold["observation"])
                judged["observation"][0] += ok
                judged["observation"][1] += 1
                if not ok:
                    false_positives.append(f"  false observation  {doc[:12]}: {obs.indicator[:50]} {obs.kind} {obs.raw}")

    print(f"\n## corpus  (tests/extraction/devset.toml, split {args.split}; precision judged inside annotated sentences)")
    print(f"split={args.split}  documents={len(documents)}  extraction+resolution {elapsed:.2f} s  "
          f"entities={len(merged)}  links={sum(len(f.links) for f in facts.values())}  "
          f"observations={sum(len(f.observations) for f in facts.values())}")
    print(f"{'type':14s} {'recall':>16s} {'precision':>16s}")
    total_r, total_p = [0, 0], [0, 0]
    for row in ["norm", "institution", "programme", "service", "region", "indicator", "objective", "action",
                "activity", "link", "observation"]:
        r, p = found.get(row, [0, 0]), judged.get(row, [0, 0])
        if not r[1] and not p[1]:
            continue
        total_r = [total_r[0] + r[0], total_r[1] + r[1]]
        total_p = [total_p[0] + p[0], total_p[1] + p[1]]
        fmt = lambda a: f"{a[0] / a[1]:.2f} ({a[0]:3d}/{a[1]:3d})" if a[1] else "   -"  # noqa: E731
        print(f"{row:14s} {fmt(r):>16s} {fmt(p):>16s}")
    print(f"{'all':14s} {total_r[0] / max(total_r[1], 1):.2f} ({total_r[0]:3d}/{total_r[1]:3d}) "
          f"{total_p[0] / max(total_p[1], 1):.2f} ({total_p[0]:3d}/{total_p[1]:3d})")
    if args.misses:
        print("\n".join(misses + false_positives))


if __name__ == "__main__":
    main()
