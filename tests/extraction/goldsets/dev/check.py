#!/usr/bin/env python3
"""Check the dev gold set (gold.toml) against the documents of this folder.

Standalone: imports nothing from the repository. Run from anywhere:
    python3 tests/extraction/goldsets/dev/check.py

Checks, for every [[entity]], [[link]] and [[observation]] (see ../GUIDELINES.md):
- `document` names a document of this folder by file stem;
- `evidence` is an exact substring of ONE line of that document and has 3-12 words;
  a shorter evidence is accepted only where it is the whole text of its line (one cell
  per line, as plain PDF extraction or pretty-printed HTML leave a table), and it is then
  reported when that text is not unique in the document;
- entity types, link predicates (with their subject/object types), observation kinds
  and units are in the closed sets of the guidelines; norms carry a canonical norm_id;
- every link side is the label or an alias of an annotated entity of that type in the
  same document, and no name is used by two entities of one type in one document;
- every observation's `indicator` names an annotated entity of that document, its `raw`
  value occurs in its evidence and its `period` is a year or a range of years;
- no record is duplicated.
Warnings (not errors): a label/alias that does not occur in the document text, an
entity evidence that holds none of its names.
Prints counts per document and kind; exits non-zero on any error.
"""

from __future__ import annotations

import html
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold.toml"

ENTITY_TYPES = {
    "norm", "institution", "programme", "service", "region",
    "indicator", "objective", "action", "activity", "plan",
}
# predicate -> (allowed subject types, allowed object types)
LINKS = {
    "runs": ({"institution"}, {"programme", "service"}),
    "funds": ({"institution"}, {"programme", "service", "activity"}),
    "evaluates": ({"institution"}, {"programme", "service"}),
    "operatesIn": ({"programme", "service", "institution"}, {"region"}),
    "createdBy": ({"programme", "service", "institution"}, {"norm"}),
    "approvedBy": ({"plan", "programme", "indicator"}, {"norm"}),
    "regulatedBy": ({"service", "programme"}, {"norm"}),
    "partOf": (None, None),  # checked with PART_OF below
    "subOrganizationOf": ({"institution"}, {"institution"}),
    "cites": ({"norm"}, {"norm"}),
    "amends": ({"norm"}, {"norm"}),
    "measures": ({"indicator"}, {"objective", "action", "activity", "programme", "service"}),
    "responsibleUnit": ({"indicator", "activity"}, {"institution"}),
    "competentAuthority": ({"service"}, {"institution"}),
}
PART_OF = {
    ("programme", "programme"), ("service", "service"), ("service", "programme"),
    ("action", "objective"), ("activity", "action"), ("activity", "objective"),
}
KINDS = {
    "baseline", "target", "achieved", "executionRate", "cost",
    "budgetOpening", "budgetModified", "budgetCertified", "budgetAccrued",
}
UNITS = {"count", "percent", "PEN", "USD"}
OBSERVED_TYPES = {"indicator", "activity", "objective", "action", "plan", "programme", "service"}
NORM_TYPES = {"LEY", "DL", "DS", "DU", "RM", "RSG", "RVM", "RD", "RER", "OR", "DIR", "RPCD"}
NORM_ID = re.compile(r"^(?P<type>[A-Z]+)-(?P<num>[1-9][0-9]*)(-(19|20)[0-9]{2})?(-[A-Z0-9/.-]+)?$")
PERIOD = re.compile(r"^(19|20)[0-9]{2}(-(19|20)[0-9]{2})?$")
MIN_WORDS, MAX_WORDS = 3, 12


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def cell_text(line: str) -> str:
    """The text of a line without HTML tags (for one-cell-per-line layouts)."""
    return html.unescape(re.sub(r"<[^>]+>", "", line)).strip()


def load_docs() -> dict[str, list[str]]:
    return {
        p.stem: p.read_text(encoding="utf-8").splitlines()
        for p in sorted(HERE.iterdir())
        if p.suffix in {".txt", ".md", ".html"} and p.name != "README.md"
    }


def main() -> int:
    data = tomllib.loads(GOLD.read_text(encoding="utf-8"))
    docs = load_docs()
    errors: list[str] = []
    warnings: list[str] = []
    counts: Counter[tuple[str, str]] = Counter()
    seen: set[str] = set()

    def common(kind: str, i: int, rec: dict) -> str | None:
        where = f"{kind}[{i}]"
        key = repr((kind, sorted(rec.items(), key=lambda kv: kv[0])))
        if key in seen:
            errors.append(f"{where}: duplicate record")
        seen.add(key)
        doc = rec.get("document")
        if doc not in docs:
            errors.append(f"{where}: unknown document {doc!r}")
            return None
        ev = rec.get("evidence")
        if not isinstance(ev, str) or not ev.strip():
            errors.append(f"{where}: missing evidence")
            return None
        lines = [line for line in docs[doc] if ev in line]
        if "\n" in ev or not lines:
            errors.append(f"{where}: evidence not on one line of {doc}: {ev!r}")
            return ev
        n = len(ev.split())
        if n < MIN_WORDS:
            whole = [line for line in docs[doc] if cell_text(line) == ev]
            if not whole:
                errors.append(f"{where}: evidence has {n} word(s) and is not a whole cell line: {ev!r}")
            # The scorer finds an evidence at its first occurrence in the text: a short
            # evidence must not occur in any earlier line than its own.
            elif len(whole) > 1 or docs[doc].index(lines[0]) != docs[doc].index(whole[0]):
                warnings.append(f"{where}: short evidence {ev!r} is not unique in {doc}")
        elif n > MAX_WORDS:
            errors.append(f"{where}: evidence has {n} words (want {MIN_WORDS}-{MAX_WORDS}): {ev!r}")
        counts[(doc, kind)] += 1
        return ev

    names: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for i, ent in enumerate(data.get("entity", [])):
        ev = common("entity", i, ent)
        etype, label, doc = ent.get("type"), ent.get("label"), ent.get("document")
        if etype not in ENTITY_TYPES:
            errors.append(f"entity[{i}]: bad type {etype!r}")
        if not label:
            errors.append(f"entity[{i}]: missing label")
            continue
        counts[(doc, f"entity:{etype}")] += 1
        if etype == "norm":
            nid = ent.get("norm_id", "")
            m = NORM_ID.match(nid)
            if not m or m.group("type") not in NORM_TYPES or nid != nid.upper():
                errors.append(f"entity[{i}]: bad norm_id {nid!r}")
        elif "norm_id" in ent:
            errors.append(f"entity[{i}]: norm_id on a {etype}")
        all_names = [label, *ent.get("aliases", [])]
        text = fold(" ".join(docs.get(doc, [])))
        for name in all_names:
            bucket = names[(doc, etype)]
            if fold(name) in bucket and bucket[fold(name)] != i:
                errors.append(f"entity[{i}]: name {name!r} already names entity[{bucket[fold(name)]}] ({etype}, {doc})")
            bucket[fold(name)] = i
            if doc in docs and fold(name) not in text:
                warnings.append(f"entity[{i}]: {etype} name {name!r} does not occur in {doc}")
        if ev and not any(fold(n) in fold(ev) for n in all_names):
            warnings.append(f"entity[{i}]: evidence {ev!r} holds none of the names of {label!r}")

    for i, link in enumerate(data.get("link", [])):
        common("link", i, link)
        doc, pred = link.get("document"), link.get("predicate")
        st, ot = link.get("subject_type"), link.get("object_type")
        for side, etype in (("subject", st), ("object", ot)):
            name = link.get(side, "")
            if etype not in ENTITY_TYPES:
                errors.append(f"link[{i}]: bad {side}_type {etype!r}")
            elif fold(name) not in names.get((doc, etype), {}):
                errors.append(f"link[{i}]: {side} {name!r} is no {etype} label/alias in {doc}")
        if pred not in LINKS:
            errors.append(f"link[{i}]: bad predicate {pred!r}")
        elif pred == "partOf":
            if (st, ot) not in PART_OF:
                errors.append(f"link[{i}]: partOf {st} -> {ot} is not allowed")
        else:
            subj_ok, obj_ok = LINKS[pred]
            if st not in subj_ok or ot not in obj_ok:
                errors.append(f"link[{i}]: {pred} {st} -> {ot} is not allowed")
        if fold(link.get("subject", "")) == fold(link.get("object", "")) and st == ot:
            errors.append(f"link[{i}]: subject and object are the same entity")

    for i, obs in enumerate(data.get("observation", [])):
        ev = common("observation", i, obs)
        doc = obs.get("document")
        kind = obs.get("kind")
        if kind not in KINDS:
            errors.append(f"observation[{i}]: bad kind {kind!r}")
        counts[(doc, f"observation:{kind}")] += 1
        target = fold(obs.get("indicator", ""))
        if not target or not any(target in names.get((doc, t), {}) for t in OBSERVED_TYPES):
            errors.append(f"observation[{i}]: indicator {obs.get('indicator')!r} names no annotated entity in {doc}")
        raw = obs.get("raw")
        if not raw:
            errors.append(f"observation[{i}]: missing raw")
        elif ev and raw not in ev:
            errors.append(f"observation[{i}]: raw {raw!r} not in evidence {ev!r}")
        if obs.get("unit") not in UNITS:
            errors.append(f"observation[{i}]: bad unit {obs.get('unit')!r}")
        if "period" in obs and not PERIOD.match(str(obs["period"])):
            errors.append(f"observation[{i}]: bad period {obs['period']!r}")

    print(f"gold set: {GOLD}")
    header = ("entities", "links", "observations")
    print(f"  {'document':45s} " + " ".join(f"{h:>12s}" for h in header))
    for doc in docs:
        row = [counts[(doc, k)] for k in ("entity", "link", "observation")]
        print(f"  {doc:45s} " + " ".join(f"{n:12d}" for n in row))
        if not any(row):
            errors.append(f"document {doc} has no facts")
    totals = Counter()
    for (doc, k), n in counts.items():
        totals[k] += n
    print("  " + "-" * 84)
    print(f"  {'total':45s} " + " ".join(f"{totals[k]:12d}" for k in ("entity", "link", "observation")))
    print("per entity type:", dict(sorted((k.split(':')[1], n) for k, n in totals.items() if k.startswith("entity:"))))
    print("per observation kind:", dict(sorted((k.split(':')[1], n) for k, n in totals.items() if k.startswith("observation:"))))
    per_pred = Counter(link.get("predicate") for link in data.get("link", []))
    print("per link predicate:", dict(sorted(per_pred.items())))
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
