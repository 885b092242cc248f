"""Documents as they are published, end to end: a folder with a PDF plan, a scanned
resolution, an Excel annex and a CSV is ingested with the real model and served by a
real `quipu serve`; the graph, the web page and the original files are checked over HTTP.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import httpx
import pytest

from quipu.core.settings import Settings
from quipu.ingest.ocr import NoOcr, find_engine
from quipu.workspace.pipeline import ingest

# The PDF writer of the ingest tests, loaded by path: tests/ is not a package.
_spec = importlib.util.spec_from_file_location("pdfs", Path(__file__).parents[1] / "ingest" / "pdfs.py")
assert _spec is not None and _spec.loader is not None, "tests/ingest/pdfs.py is missing"
pdfs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pdfs)

HAS_TESSERACT = not isinstance(find_engine(), NoOcr)
needs_ocr = pytest.mark.skipif(not HAS_TESSERACT, reason="Tesseract with its Spanish model is not installed (make install does it)")

TABLE = [["Indicador", "Unidad de medida", "Línea de base 2021", "Meta 2022", "Meta 2023"]] + [
    [f"Personas capacitadas en oficios por el centro {i}", "Persona", str(40 + i), str(60 + i), str(80 + i)] for i in range(1, 31)
]
RESOLUTION = [
    ("h1", "RESOLUCIÓN EJECUTIVA REGIONAL N° 112-2022-GR-TUMBES"),
    ("p", "Tumbes, 5 de julio de 2022"),
    ("p", "CONSIDERANDO: que la Dirección Regional de Trabajo y Promoción del Empleo de Tumbes presentó su plan anual."),
    ("p", "SE RESUELVE:"),
    ("p", "Artículo 1.- APROBAR el Plan Operativo Institucional 2022 de la Dirección Regional de Trabajo y Promoción del Empleo de Tumbes."),
]


@pytest.fixture(scope="module")
def published(tmp_path_factory, embedder) -> tuple[Path, Settings]:
    folder = tmp_path_factory.mktemp("published")
    pdfs.document_pdf(folder / "plan.pdf", [("h1", "Plan anual del centro de formación 2022"), ("p", "El plan fija las metas de capacitación."),
                                            ("h2", "Matriz de indicadores"), ("table", TABLE)], title="Plan anual del centro de formación")
    typed = pdfs.document_pdf(tmp_path_factory.mktemp("typed") / "typed.pdf", RESOLUTION)
    pdfs.scanned_pdf(typed, folder / "resolucion.pdf")
    pdfs.workbook(folder / "anexo.xlsx", {"Metas": TABLE})
    (folder / "anexo.csv").write_text("\n".join(";".join(row) for row in TABLE), encoding="utf-8")
    settings = Settings(data_dir=tmp_path_factory.mktemp("data") / "quipu-data", corpus_dir=folder)
    report = ingest(settings, [folder], embedder=embedder)
    assert report.ok, report.failed
    return folder, settings


@pytest.fixture(scope="module")
def site(published, serve_data, tmp_path_factory):
    folder, settings = published
    with serve_data(settings.data_dir, tmp_path_factory.mktemp("log") / "server.log") as url:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client


def _count(site: httpx.Client, query: str) -> int:
    response = site.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _observations(site: httpx.Client, file_name: str) -> int:
    return _count(site, f"""PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qp: <https://w3id.org/quipu/ontology#>
SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?o a qp:Observation ; prov:wasDerivedFrom ?p . ?p qp:inDocument ?d . ?d qp:fileName "{file_name}" }}""")


# The same indicator table as a ruled PDF table across two pages, an Excel sheet and a CSV file.
@pytest.mark.parametrize("file_name", ["plan.pdf", "anexo.xlsx", "anexo.csv"])
def test_each_form_of_the_table_gives_every_value(site: httpx.Client, file_name: str) -> None:
    assert _observations(site, file_name) == 3 * 30


def test_the_original_file_is_served_read_only(site: httpx.Client, published) -> None:
    folder, _ = published
    response = site.get("/v1/documents/plan/file")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.content == (folder / "plan.pdf").read_bytes()
    assert site.put("/v1/documents/plan/file", content=b"x").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/v1/documents/no-such-doc/file",  # an id that was never ingested
        "/v1/documents/..%2F..%2Fetc%2Fpasswd/file",  # a path is never a document id
    ],
)
def test_only_ingested_files_are_served(site: httpx.Client, path: str) -> None:
    response = site.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert "root:" not in response.text  # nothing of /etc/passwd


def test_the_document_page_links_each_passage_to_its_page_in_the_pdf(site: httpx.Client) -> None:
    page = site.get("/documents/plan").text
    assert 'href="/v1/documents/plan/file#page=2"' in page
    assert 'href="/v1/documents/plan/file"' in page


@needs_ocr
def test_the_scanned_resolution_is_in_the_graph_with_ocr_marked(site: httpx.Client) -> None:
    prefixes = """PREFIX qp: <https://w3id.org/quipu/ontology#> PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dct: <http://purl.org/dc/terms/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"""
    assert _count(site, prefixes + """ SELECT (COUNT(?p) AS ?n) WHERE {
  ?p qp:inDocument ?d ; qp:ocr true ; qp:ocrConfidence ?c . ?d dct:identifier "resolucion" FILTER(?c > 0.5) }""") >= 1
    assert _count(site, prefixes + """ SELECT (COUNT(?norm) AS ?n) WHERE {
  ?norm eli:number "112" ; eli:date_document "2022-07-05"^^xsd:date .
  ?plan qp:approvedBy ?norm FILTER(STRENDS(STR(?plan), "/plan/poi-2022")) }""") == 1
    page = site.get("/documents/resolucion").text
    assert "OCR " in page and 'class="ocr"' in page


class _Recorder:
    """A Progress that remembers what the pipeline reported."""

    def __init__(self) -> None:
        self.totals: dict[str, int] = {}
        self.done: dict[str, int] = {}

    def start(self, task: str, total: int) -> None:
        self.totals[task] = total
        self.done[task] = 0

    def advance(self, task: str, amount: int = 1) -> None:
        self.done[task] += amount

    def extend(self, task: str, amount: int) -> None:
        self.totals[task] += amount


def test_a_long_pdf_shows_progress_page_by_page(tmp_path: Path, embedder) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    paragraph = "La oficina de empleo registra a las personas que buscan trabajo y las orienta según su perfil. " * 6
    pdfs.document_pdf(folder / "informe-largo.pdf", [("p", f"{n}. {paragraph}") for n in range(150)])
    recorder = _Recorder()
    report = ingest(Settings(data_dir=tmp_path / "data", corpus_dir=folder), [folder], embedder=embedder, progress=recorder)
    assert report.ok
    task = "pages of informe-largo.pdf"
    assert recorder.totals[task] >= 10
    assert recorder.done[task] == recorder.totals[task]
