"""PDF ingest: what a printed plan keeps of its text version's facts, and how fast pages read.

    python benchmarks/pdf.py [--corpus ../shared/corpus] [--ocr-pages 6]

For each table-bearing corpus document, and each document of the gold sets written for
extraction (tests/extraction/goldsets/: the dev set and the frozen blind set, which this
measures without tuning anything to it), its text is rendered to HTML (tables as HTML
tables, by tests/extraction/layouts.py) and printed to PDF by Debian's Chromium twice:
with ruled tables (cell borders, as word processors print them) and with borderless
tables (the browser's default). Each PDF is ingested like any file and its values and
links are compared with those of the text version. Then pages per second are measured
on the printed PDF (text layer) and on a scan of its first pages (rendered to images at
200 dpi, wrapped back into a PDF, read by Tesseract). One run; the machine is shared,
so compare figures within a run.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]  # a spec of an existing .py file has a loader
    return module


layouts = _load("layouts", REPO / "tests" / "extraction" / "layouts.py")
pdfs = _load("pdfs", REPO / "tests" / "ingest" / "pdfs.py")

from quipu.ingest import read_document  # noqa: E402
from quipu.ingest.ocr import NoOcr, find_engine  # noqa: E402
from quipu.ingest.readers import read_source  # noqa: E402

DOCUMENTS = ["puno-mejora-continua-promocion-empleo-2015.md", "mtpe-evaluacion-poi-2024.txt", "redproempleo-evaluacion-vupe-2013.txt"]
RULED = "<style>table{border-collapse:collapse} td,th{border:1px solid #000;padding:2px 4px;font-size:9pt}</style>"


facts_of = layouts.comparable_facts


def _html(source: Path, folder: Path) -> Path:
    """The document as HTML: its tables as HTML tables, or, without tables, its paragraphs."""
    rendered = layouts.render(source, "html", folder / "html")
    if rendered is not None:
        return rendered
    document = read_document(source)
    body = []
    for paragraph in (p.strip() for p in document.text.split("\n\n") if p.strip()):
        level = len(paragraph) - len(paragraph.lstrip("#"))
        if level:
            body.append(f"<h{min(level, 6)}>{html.escape(paragraph.lstrip('#').strip())}</h{min(level, 6)}>")
        else:
            body.append("<p>" + "<br>".join(html.escape(line) for line in paragraph.split("\n")) + "</p>")
    target = folder / "html" / f"{source.stem}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("<!doctype html><html><head><meta charset='utf-8'><title>" + html.escape(document.title)
                      + "</title></head><body>" + "\n".join(body) + "</body></html>", encoding="utf-8")
    return target


def print_pdfs(sources: list[Path], folder: Path) -> dict[tuple[str, str], Path]:
    from playwright.sync_api import sync_playwright

    printed: dict[tuple[str, str], Path] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        for source in sources:
            rendered = _html(source, folder)
            for style, css in (("ruled", RULED), ("borderless", "")):
                styled = folder / f"{source.stem}-{style}.html"
                styled.write_text(rendered.read_text(encoding="utf-8").replace("</head>", css + "</head>"), encoding="utf-8")
                page.goto(styled.as_uri())
                target = folder / f"{source.stem}-{style}.pdf"
                page.pdf(path=str(target), format="A4", display_header_footer=True)
                printed[(str(source), style)] = target
        browser.close()
    return printed


def pages_per_second(path: Path, ocr) -> tuple[int, float]:
    began = time.perf_counter()
    source = read_source(path, ocr=ocr)
    return len(source.pages), time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--ocr-pages", type=int, default=6, help="pages of the scan to OCR (default 6)")
    parser.add_argument("--keep", type=Path, help="write the printed PDFs to this folder and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        goldsets = REPO / "tests" / "extraction" / "goldsets"
        groups = {
            "corpus": [args.corpus / name for name in DOCUMENTS],
            "dev gold set": sorted(p for p in (goldsets / "dev").iterdir() if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"),
            "blind gold set": sorted(p for p in goldsets.glob("blind-*/*") if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"),
        }
        printed = print_pdfs([p for group in groups.values() for p in group], folder)
        print("Printed PDF against its text version (share of the text version's facts the PDF gives):")
        for group, sources in groups.items():
            print(f"\n{group}")
            print(f"{'document':45} {'tables':11} {'values':>16} {'links':>16} {'extra v/l':>10}")
            totals: dict[str, list[int]] = {}
            for source in sources:
                values, links = facts_of(source)
                for style in ("ruled", "borderless"):
                    got_values, got_links = facts_of(printed[(str(source), style)])
                    kept_v, kept_l = len(values & got_values), len(links & got_links)
                    total = totals.setdefault(style, [0, 0, 0, 0])
                    total[0] += kept_v; total[1] += len(values); total[2] += kept_l; total[3] += len(links)  # noqa: E702
                    print(f"{source.name[:45]:45} {style:11} {kept_v / max(len(values), 1):6.2f} ({kept_v:3}/{len(values):3})"
                          f" {kept_l / max(len(links), 1):6.2f} ({kept_l:3}/{len(links):3})"
                          f" {len(got_values - values):4}/{len(got_links - links):<4}")
            for style, (kv, nv, kl, nl) in totals.items():
                print(f"{'pooled':45} {style:11} {kv / max(nv, 1):6.2f} ({kv:3}/{nv:3}) {kl / max(nl, 1):6.2f} ({kl:3}/{nl:3})")
        print()
        plan = printed[(str(groups["corpus"][0]), "ruled")]
        pages, seconds = pages_per_second(plan, NoOcr("measured without OCR"))
        print(f"Text layer: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s ({plan.name})")
        engine = find_engine()
        if isinstance(engine, NoOcr):
            print(f"OCR: not measured: {engine.reason}")
            return
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for page in PdfReader(plan).pages[: args.ocr_pages]:
            writer.add_page(page)
        first = folder / "first-pages.pdf"
        with open(first, "wb") as handle:
            writer.write(handle)
        scan = pdfs.scanned_pdf(first, folder / "scan.pdf")
        pages, seconds = pages_per_second(scan, engine)
        print(f"OCR ({engine.name}, pages rendered at 300 dpi): {pages} pages in {seconds:.1f} s = {pages / seconds:.2f} pages/s")


if __name__ == "__main__":
    sys.exit(main())
