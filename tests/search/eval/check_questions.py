#!/usr/bin/env python3
"""Validate tests/search/eval/questions.toml against the raw corpus.

Checks, for every question:
  * unique id, known lang / kind / split, non-empty question text;
  * the named document(s) exist in shared/corpus or in a newdocs*/ folder here (by file stem);
  * kind = "multi" has `documents` with >= 2 distinct ids, `document` equal to
    the first one, and at least one evidence quote per document;
  * every evidence quote is an exact substring of ONE line of the raw file
    (quotes never span line breaks) and has between 4 and 10 words.

Also warns (does not fail) when a quote occurs more than MAX_OCCURRENCES
times in its document, since such quotes do not pin down one passage.

Prints counts per document, lang, kind and split. Exits 1 on any error.

Usage: python3 tests/search/eval/check_questions.py [path/to/questions.toml]
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"

LANGS = {"es", "en"}
KINDS = {"fact", "numeric", "table", "multi", "definition", "list"}
SPLITS = {"dev", "test", "blind", "blind2", "blind3", "blind4", "blind5", "blind6"}
# Documents written for the evaluation, beside the corpus (each folder has its questions.toml).
FOLDERS = [CORPUS, *sorted(HERE.glob("newdocs*"))]
MIN_WORDS, MAX_WORDS = 4, 10
MAX_OCCURRENCES = 3


def find_doc(stem: str) -> Path | None:
    for folder in FOLDERS:
        for ext in ("txt", "md", "html"):
            p = folder / f"{stem}.{ext}"
            if p.is_file():
                return p
    return None


def main(argv: list[str]) -> int:
    qpath = Path(argv[1]) if len(argv) > 1 else HERE / "questions.toml"
    with qpath.open("rb") as fh:
        data = tomllib.load(fh)
    questions = data.get("question", [])

    errors: list[str] = []
    warnings: list[str] = []
    lines_cache: dict[str, list[str]] = {}

    def doc_lines(stem: str) -> list[str] | None:
        if stem not in lines_cache:
            p = find_doc(stem)
            if p is None:
                return None
            lines_cache[stem] = p.read_text(encoding="utf-8").splitlines()
        return lines_cache[stem]

    seen_ids: set[str] = set()
    by_doc: Counter[str] = Counter()
    by_lang: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_split: Counter[str] = Counter()
    by_doc_lang: Counter[tuple[str, str]] = Counter()
    by_doc_split: Counter[tuple[str, str]] = Counter()
    docs_touched: Counter[str] = Counter()

    for i, q in enumerate(questions):
        qid = q.get("id", f"<#{i}>")
        where = f"{qid}"
        if qid in seen_ids:
            errors.append(f"{where}: duplicate id")
        seen_ids.add(qid)

        lang, kind, split = q.get("lang"), q.get("kind"), q.get("split")
        if lang not in LANGS:
            errors.append(f"{where}: bad lang {lang!r}")
        if kind not in KINDS:
            errors.append(f"{where}: bad kind {kind!r}")
        if split not in SPLITS:
            errors.append(f"{where}: bad split {split!r}")
        if not str(q.get("question", "")).strip():
            errors.append(f"{where}: empty question")

        doc = q.get("document")
        evidence = q.get("evidence", [])
        if not isinstance(evidence, list) or not evidence:
            errors.append(f"{where}: evidence must be a non-empty list")
            evidence = []

        if kind == "multi":
            docs = q.get("documents", [])
            if not isinstance(docs, list) or len(set(docs)) < 2:
                errors.append(f"{where}: multi needs documents with >= 2 ids")
                docs = [doc] if doc else []
            elif doc != docs[0]:
                errors.append(f"{where}: document must equal documents[0]")
        else:
            docs = [doc]
            if "documents" in q:
                errors.append(f"{where}: `documents` only allowed for multi")

        for d in docs:
            if doc_lines(d) is None:
                errors.append(f"{where}: no corpus file for document {d!r}")

        # Each quote must be found in one of the question's documents; for
        # multi, every document must be supported by at least one quote.
        supported: set[str] = set()
        for quote in evidence:
            n_words = len(quote.split())
            # A row of figures is distinctive with fewer words; and no quote may hold more
            # than 10 word tokens, so that no run of corpus text is copied.
            min_words = MIN_WORDS - 1 if sum(c.isdigit() for c in quote) >= 8 else MIN_WORDS
            if not (min_words <= n_words <= MAX_WORDS) or len(re.findall(r"\w+", quote)) > 10:
                errors.append(f"{where}: quote has {n_words} words: {quote!r}")
            if "\n" in quote or "\r" in quote:
                errors.append(f"{where}: quote spans lines: {quote!r}")
                continue
            hits_in = []
            for d in docs:
                lines = doc_lines(d)
                if lines is None:
                    continue
                n = sum(line.count(quote) for line in lines)
                if n:
                    hits_in.append((d, n))
            if not hits_in:
                errors.append(f"{where}: quote not found in {docs}: {quote!r}")
                continue
            for d, n in hits_in:
                supported.add(d)
                if n > MAX_OCCURRENCES:
                    warnings.append(f"{where}: quote occurs {n}x in {d}: {quote!r}")
        if kind == "multi":
            for d in docs:
                if doc_lines(d) is not None and d not in supported:
                    errors.append(f"{where}: no evidence quote for document {d!r}")

        by_doc[doc] += 1
        by_lang[lang] += 1
        by_kind[kind] += 1
        by_split[split] += 1
        by_doc_lang[(doc, lang)] += 1
        by_doc_split[(doc, split)] += 1
        for d in docs:
            docs_touched[d] += 1

    def show(title: str, c: Counter) -> None:
        print(f"\n{title}")
        for k, v in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print(f"  {str(k):48s} {v:4d}")

    print(f"questions: {len(questions)}")
    show("by document (primary `document`):", by_doc)
    show("by document (any, incl. multi `documents`):", docs_touched)
    show("by lang:", by_lang)
    show("by kind:", by_kind)
    show("by split:", by_split)
    print("\nby document x lang / split:")
    for d in sorted(by_doc):
        print(
            f"  {d:48s} es={by_doc_lang[(d, 'es')]:3d} en={by_doc_lang[(d, 'en')]:3d}"
            f"  dev={by_doc_split[(d, 'dev')]:3d} test={by_doc_split[(d, 'test')]:3d}"
        )

    for w in warnings:
        print(f"WARNING: {w}")
    for e in errors:
        print(f"ERROR: {e}")
    if errors:
        print(f"\nFAILED: {len(errors)} error(s)")
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
