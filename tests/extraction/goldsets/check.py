#!/usr/bin/env python3
"""Standalone consistency check of a gold set: its gold.toml against the documents of its folder.

Run from a gold set's folder: python3 ../check.py   (or: python3 check.py FOLDER)
(exit 1 on any error; warnings are printed but do not fail)
Checks, per GUIDELINES.md: closed sets of types/predicates/kinds/units, norm_id form,
evidence an exact substring of one line (3-12 words, except a whole one-cell line or a
whole HTML cell), observation evidence on exactly one line and containing the raw value,
link ends naming a label/alias of an entity of the stated type in the same document.
"""
import re
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

# The gold set to check: the folder given, else the one this is run in.
HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path.cwd()
TYPES = {"norm", "institution", "programme", "service", "region", "indicator",
         "objective", "action", "activity", "plan"}
KINDS = {"baseline", "target", "achieved", "executionRate", "cost", "budgetOpening",
         "budgetModified", "budgetCertified", "budgetAccrued"}
UNITS = {"count", "percent", "PEN", "USD"}
PRED = {  # predicate -> (allowed subject types, allowed object types)
    "runs": ({"institution"}, {"programme", "service"}),
    "funds": ({"institution"}, {"programme", "service", "activity"}),
    "evaluates": ({"institution"}, {"programme", "service"}),
    "operatesIn": ({"programme", "service", "institution"}, {"region"}),
    "createdBy": ({"programme", "service", "institution"}, {"norm"}),
    "approvedBy": ({"plan", "programme", "indicator"}, {"norm"}),
    "regulatedBy": ({"service", "programme"}, {"norm"}),
    "partOf": ({"programme", "service", "action", "activity"},
               {"programme", "service", "objective", "action"}),
    "subOrganizationOf": ({"institution"}, {"institution"}),
    "cites": ({"norm"}, {"norm"}),
    "amends": ({"norm"}, {"norm"}),
    "measures": ({"indicator"}, {"objective", "action", "activity", "programme", "service"}),
    "responsibleUnit": ({"indicator", "activity"}, {"institution"}),
    "competentAuthority": ({"service"}, {"institution"}),
}
PART_OF = {"programme": {"programme"}, "service": {"service", "programme"},
           "action": {"objective"}, "activity": {"action", "objective"}}
OBS_OWNER = {"indicator", "activity", "objective", "action", "plan", "programme", "service"}
NORM_ID = re.compile(r"^(LEY|DL|DS|DU|RS|RM|RSG|RVM|RD|RER|RJ|OR|OM|RA|DA|AC|ACR|DR|DIR|RPCD)-[1-9][0-9]*(-[0-9]{4})?(-\S+)?$")
PERIOD = re.compile(r"^[0-9]{4}(-[0-9]{4})?$")

errors, warnings = [], []
gold = tomllib.loads((HERE / "gold.toml").read_text(encoding="utf-8"))
docs = {}
for p in HERE.iterdir():
    if p.suffix in {".txt", ".md", ".html"} and p.name != "README.md":
        docs[p.stem] = p.read_text(encoding="utf-8").split("\n")


def words(s):
    return [t for t in s.split() if any(c.isalnum() for c in t)]


def check_evidence(where, doc, ev, unique):
    lines = docs.get(doc)
    if lines is None:
        errors.append(f"{where}: unknown document {doc!r}")
        return
    hits = [i for i, line in enumerate(lines) if ev in line]
    if not hits:
        errors.append(f"{where}: evidence not in any single line: {ev!r}")
        return
    n = len(words(ev))
    whole = any(lines[i].strip() == ev or f">{ev}<" in lines[i] for i in hits)
    if not (3 <= n <= 12) and not whole:
        errors.append(f"{where}: evidence has {n} words: {ev!r}")
    exact = [i for i in hits if lines[i].strip() == ev]
    if whole and len(exact) == 1:
        hits = exact  # a whole one-cell line names its line, though the figure recurs in prose
    if len(hits) > 1:
        (errors if unique else warnings).append(
            f"{where}: evidence on {len(hits)} lines {[h + 1 for h in hits]}: {ev!r}")


names = defaultdict(set)  # (doc, type) -> names
for e in gold.get("entity", []):
    w = f"entity {e.get('document')}/{e.get('label')}"
    if e.get("type") not in TYPES:
        errors.append(f"{w}: bad type {e.get('type')!r}")
    for k in ("document", "type", "label", "evidence"):
        if not e.get(k):
            errors.append(f"{w}: missing {k}")
    check_evidence(w, e["document"], e["evidence"], unique=False)
    if e["type"] == "norm":
        if not NORM_ID.match(e.get("norm_id", "")):
            errors.append(f"{w}: bad or missing norm_id {e.get('norm_id')!r}")
    elif "norm_id" in e:
        errors.append(f"{w}: norm_id on a non-norm")
    all_names = [e["label"], *e.get("aliases", [])]
    text = "\n".join(docs.get(e["document"], []))
    flat = re.sub(r"\s+", " ", text).lower()
    for nm in all_names:
        key = (e["document"], e["type"])
        if nm in names[key]:
            errors.append(f"{w}: name {nm!r} used by two entities of type {e['type']}")
        names[key].add(nm)
        if re.sub(r"\s+", " ", nm).lower() not in flat:
            warnings.append(f"{w}: name {nm!r} not found verbatim (case/space-folded) in the document")
    if not any(nm.lower() in e["evidence"].lower() for nm in all_names):
        warnings.append(f"{w}: evidence holds neither label nor alias")

seen = set()
for ln in gold.get("link", []):
    w = f"link {ln.get('document')}/{ln.get('subject')} {ln.get('predicate')} {ln.get('object')}"
    p = ln.get("predicate")
    if p not in PRED:
        errors.append(f"{w}: bad predicate")
        continue
    st, ot = ln["subject_type"], ln["object_type"]
    if st not in PRED[p][0] or ot not in PRED[p][1]:
        errors.append(f"{w}: types {st}->{ot} not allowed for {p}")
    if p == "partOf" and ot not in PART_OF.get(st, set()):
        errors.append(f"{w}: partOf {st}->{ot} not allowed")
    for side, typ in ((ln["subject"], st), (ln["object"], ot)):
        if side not in names[(ln["document"], typ)]:
            errors.append(f"{w}: {side!r} is no label/alias of a {typ} of the document")
    check_evidence(w, ln["document"], ln["evidence"], unique=False)
    key = (ln["document"], ln["subject"], p, ln["object"])
    if key in seen:
        warnings.append(f"{w}: duplicate")
    seen.add(key)

owner_names = defaultdict(set)
for (doc, typ), ns in names.items():
    if typ in OBS_OWNER:
        owner_names[doc] |= ns
for o in gold.get("observation", []):
    w = f"observation {o.get('document')}/{o.get('indicator')}/{o.get('kind')}/{o.get('raw')}"
    if o.get("kind") not in KINDS:
        errors.append(f"{w}: bad kind")
    if o.get("unit") not in UNITS:
        errors.append(f"{w}: bad unit")
    if "period" in o and not PERIOD.match(o["period"]):
        errors.append(f"{w}: bad period {o['period']!r}")
    if o["indicator"] not in owner_names[o["document"]]:
        errors.append(f"{w}: indicator is no label/alias of an annotated entity")
    if o["raw"] not in o["evidence"]:
        errors.append(f"{w}: raw not in evidence")
    check_evidence(w, o["document"], o["evidence"], unique=True)

for w in warnings:
    print("WARN ", w)
for e in errors:
    print("ERROR", e)
count = lambda tbl, key: dict(sorted(
    {k: sum(1 for r in gold.get(tbl, []) if r[key] == k) for k in {r[key] for r in gold.get(tbl, [])}}.items()))
print("entities", len(gold.get("entity", [])), count("entity", "type"))
print("links", len(gold.get("link", [])), count("link", "predicate"))
print("observations", len(gold.get("observation", [])), count("observation", "kind"))
print("FAIL" if errors else "OK", f"({len(errors)} errors, {len(warnings)} warnings)")
sys.exit(1 if errors else 0)
