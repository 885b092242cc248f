#!/usr/bin/env python3
"""Check the extraction development set (devset.toml) against the raw corpus.

Standalone on purpose: imports nothing from the repository, so it can judge the
extractor without depending on it. Run: python3 tests/extraction/check_devset.py

Checks, for every [[entity]], [[link]] and [[observation]]:
- the document names a corpus file by stem;
- `evidence` is an exact substring of one line of that file and is 3-10 words;
- types, predicates and kinds belong to the closed sets of ingest/facts.py;
- norms carry a canonical `norm_id` of the form TYPE-number[-year][-suffix];
- links' subject and object are the label or an alias of an entity of the given
  type annotated in the same document;
- observations' `raw` value occurs in the evidence (entities' label or an alias
  should, but that is only counted and reported, since a name can be split
  across lines in the corpus);
- `split` is "dev" or "test".
Prints counts per document / type / split and exits non-zero on any error.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve()
DEVSET = HERE.parent / "devset.toml"
CORPUS = HERE.parents[3] / "shared" / "corpus"

ENTITY_TYPES = {
    "norm",
    "institution",
    "programme",
    "service",
    "region",
    "indicator",
    "objective",
    "action",
    "activity",
}
LINK_PREDICATES = {
    "runs",
    "funds",
    "evaluates",
    "operatesIn",
    "createdBy",
    "approvedBy",
    "regulatedBy",
    "partOf",
    "subOrganizationOf",
    "cites",
    "amends",
    "measures",
    "responsibleUnit",
    "competentAuthority",
}
OBSERVATION_KINDS = {"baseline", "target", "achieved", "executionRate", "cost", "budgetOpening", "budgetModified", "budgetCertified", "budgetAccrued"}
SPLITS = {"dev", "test"}
NORM_TYPES = {"LEY", "DL", "DS", "DU", "RM", "RVM", "RSG", "RD", "RER", "OR", "OM", "RS", "RJ", "RA", "DA", "AC", "ACR", "DR", "DIR", "RPCD", "RSD"}
NORM_ID = re.compile(r"^(?P<type>[A-Z]+)-(?P<num>[1-9][0-9]*)(-(?P<year>(19|20)[0-9]{2}))?(-[A-Z0-9/.-]+)?$")
MIN_WORDS, MAX_WORDS = 3, 10

MINIMUMS = {  # brief's coverage minimums
    "norm": 20,
    "institution": 20,
    "programme": 10,
    "service": 10,
    "region": 12,
    "indicator": 10,
    "objective+action": 6,
    "link": 20,
    "observation": 15,
    "total": 110,
}


def load_corpus() -> dict[str, list[str]]:
    docs: dict[str, list[str]] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in {".txt", ".md"}:
            docs[path.stem] = path.read_text(encoding="utf-8").splitlines()
    return docs


def main() -> int:
    data = tomllib.loads(DEVSET.read_text(encoding="utf-8"))
    docs = load_corpus()
    errors: list[str] = []
    warnings: list[str] = []
    per_doc: Counter[str] = Counter()
    per_type: Counter[str] = Counter()
    per_split: Counter[str] = Counter()
    per_doc_split: Counter[tuple[str, str]] = Counter()
    seen: set[tuple] = set()

    def check_common(kind: str, i: int, rec: dict) -> str | None:
        where = f"{kind}[{i}]"
        doc = rec.get("document")
        if doc not in docs:
            errors.append(f"{where}: unknown document {doc!r}")
            return None
        ev = rec.get("evidence")
        if not isinstance(ev, str) or not ev.strip():
            errors.append(f"{where}: missing evidence")
            return None
        n = len(ev.split())
        if not MIN_WORDS <= n <= MAX_WORDS:
            errors.append(f"{where}: evidence has {n} words (want {MIN_WORDS}-{MAX_WORDS}): {ev!r}")
        # No field may hold 12 or more word tokens ("N° 001-2012-TR" is 4): that would copy
        # a run of corpus text into the repository.
        for field in ("evidence", "label", "indicator", "subject", "object", *(["aliases"] if rec.get("aliases") else [])):
            values = rec.get(field) if isinstance(rec.get(field), list) else [rec.get(field)]
            for value in values:
                if isinstance(value, str) and len(re.findall(r"\w+", value)) > 11:
                    errors.append(f"{where}: {field} has more than 11 word tokens: {value!r}")
        if "\n" in ev or not any(ev in line for line in docs[doc]):
            errors.append(f"{where}: evidence not found on one line of {doc}: {ev!r}")
        split = rec.get("split")
        if split not in SPLITS:
            errors.append(f"{where}: bad split {split!r}")
        key = (kind, doc, tuple(sorted((k, str(v)) for k, v in rec.items() if k != "split")))
        if key in seen:
            errors.append(f"{where}: duplicate record")
        seen.add(key)
        per_doc[doc] += 1
        per_split[split] += 1
        per_doc_split[(doc, split)] += 1
        return ev

    for i, ent in enumerate(data.get("entity", [])):
        ev = check_common("entity", i, ent)
        etype = ent.get("type")
        if etype not in ENTITY_TYPES:
            errors.append(f"entity[{i}]: bad type {etype!r}")
        per_type[etype] += 1
        label = ent.get("label")
        if not label:
            errors.append(f"entity[{i}]: missing label")
            continue
        if etype == "norm":
            nid = ent.get("norm_id", "")
            m = NORM_ID.match(nid)
            if not m or m.group("type") not in NORM_TYPES or nid != nid.upper():
                errors.append(f"entity[{i}]: bad norm_id {nid!r}")
        elif "norm_id" in ent:
            errors.append(f"entity[{i}]: norm_id on a {etype}")
        names = [label, *ent.get("aliases", [])]
        # A name cut by a hard line break may only be partly in the evidence:
        # accept evidence that holds a name, or whose words start a name.
        ev_core = " ".join(w.strip(".,;:()*\"“”") for w in (ev or "").split()).casefold()
        if ev and not any(
            n.casefold() in ev.casefold() or (ev_core and ev_core in n.casefold()) for n in names
        ):
            warnings.append(f"entity[{i}] {label!r}: no label/alias inside evidence {ev!r}")

    names_by_doc: dict[tuple[str, str], set[str]] = {}
    for ent in data.get("entity", []):
        bucket = names_by_doc.setdefault((ent.get("document"), ent.get("type")), set())
        bucket.update(n.casefold() for n in [ent.get("label", ""), *ent.get("aliases", [])])

    for i, link in enumerate(data.get("link", [])):
        check_common("link", i, link)
        for side in ("subject", "object"):  # each end names an annotated entity of that type
            name, etype = link.get(side, ""), link.get(f"{side}_type")
            if name.casefold() not in names_by_doc.get((link.get("document"), etype), set()):
                errors.append(f"link[{i}]: {side} {name!r} is no {etype} label/alias in {link.get('document')}")
        per_type["link"] += 1
        if link.get("predicate") not in LINK_PREDICATES:
            errors.append(f"link[{i}]: bad predicate {link.get('predicate')!r}")
        for side in ("subject", "object"):
            if not link.get(side):
                errors.append(f"link[{i}]: missing {side}")
            if link.get(f"{side}_type") not in ENTITY_TYPES:
                errors.append(f"link[{i}]: bad {side}_type {link.get(side + '_type')!r}")

    for i, obs in enumerate(data.get("observation", [])):
        ev = check_common("observation", i, obs)
        per_type["observation"] += 1
        if obs.get("kind") not in OBSERVATION_KINDS:
            errors.append(f"observation[{i}]: bad kind {obs.get('kind')!r}")
        if not obs.get("indicator"):
            errors.append(f"observation[{i}]: missing indicator")
        raw = obs.get("raw")
        if not raw:
            errors.append(f"observation[{i}]: missing raw")
        elif ev and raw not in ev:
            errors.append(f"observation[{i}]: raw {raw!r} not in evidence {ev!r}")

    total = sum(per_doc.values())
    for doc in docs:
        if not per_doc[doc]:
            errors.append(f"document {doc} contributes no facts")
    got = dict(per_type)
    got["objective+action"] = per_type["objective"] + per_type["action"]
    got["total"] = total
    for name, need in MINIMUMS.items():
        if got.get(name, 0) < need:
            errors.append(f"coverage: {name} has {got.get(name, 0)}, need >= {need}")

    print(f"devset: {total} facts ({DEVSET})")
    print("per document (dev/test):")
    for doc in docs:
        print(f"  {doc:50s} {per_doc[doc]:4d}  ({per_doc_split[(doc, 'dev')]}/{per_doc_split[(doc, 'test')]})")
    print("per type:")
    for t, n in sorted(per_type.items(), key=lambda kv: -kv[1]):
        print(f"  {t:20s} {n:4d}")
    print("per split:", dict(per_split), f"(test share {per_split['test'] / max(total, 1):.0%})")
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
