"""The README's pictures of the web pages, made from invented documents (never the corpus).

Writes a small folder of made-up policy documents, ingests it, serves it with `quipu serve`
on 127.0.0.1, and photographs the search page in Debian's Chromium (Playwright):

    python docs/screenshots.py            # writes docs/web-search.png and docs/web-search-phone.png
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from quipu.core.settings import Settings
from quipu.workspace.pipeline import ingest

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("QUIPU_CHROMIUM", "/usr/bin/chromium")

# Invented documents of the genres Quipu reads: a regional plan, an evaluation, a norm.
DOCUMENTS = {
    "plan-regional-empleo-tacna-2030.md": """# Plan Regional de Empleo Juvenil de Tacna 2030

## Presentación

El Plan Regional de Empleo Juvenil de Tacna 2030 fue aprobado mediante Ordenanza Regional
N° 014-2029-CR/GOB.REG.TACNA. La DRTPE de Tacna ejecuta el plan, con el apoyo técnico
del MTPE.

## Servicios

El Centro de Empleo de Tacna brinda la bolsa de trabajo, la orientación vocacional y la
capacitación laboral. La bolsa de trabajo pone en contacto a las empresas con jóvenes que
buscan su primer empleo.

## Indicadores

| Código | Indicador | Línea de base 2028 | Meta 2030 |
|---|---|---|---|
| OE.01 | Jóvenes colocados en un empleo formal | 1 200 | 2 500 |
| OE.02 | Empresas inscritas en la bolsa de trabajo | 140 | 300 |
""",
    "evaluacion-centro-empleo-2031.txt": """EVALUACIÓN DEL CENTRO DE EMPLEO DE TACNA 2031

El Centro de Empleo de Tacna atendió a 4 800 personas en 2031. La bolsa de trabajo colocó a
1 950 jóvenes, el 41 % mujeres. La evaluación recomienda ampliar la orientación vocacional a
las provincias de Tarata y Candarave.
""",
}
MANIFEST = """[[document]]
file = "plan-regional-empleo-tacna-2030.md"
title = "Plan Regional de Empleo Juvenil de Tacna 2030"
publisher = ["Gobierno Regional de Tacna"]
year = 2029
type = "plan regional"

[[document]]
file = "evaluacion-centro-empleo-2031.txt"
title = "Evaluación del Centro de Empleo de Tacna 2031"
year = 2032
type = "informe de evaluación"
"""
SHOTS = [
    # (file, path, browser options)
    ("web-search.png", "/?q=¿Qué norma aprobó el Plan Regional de Empleo Juvenil de Tacna 2030?",
     {"viewport": {"width": 1200, "height": 760}, "locale": "es-PE"}),
    ("web-search-phone.png", "/?q=Which ordinance approved the Plan Regional de Empleo Juvenil de Tacna 2030?",
     {"viewport": {"width": 390, "height": 760}, "device_scale_factor": 2, "is_mobile": True, "locale": "en-GB"}),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, data = Path(tmp) / "corpus", Path(tmp) / "data"
        corpus.mkdir()
        for name, text in DOCUMENTS.items():
            (corpus / name).write_text(text, encoding="utf-8")
        (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
        ingest(Settings(data_dir=data, corpus_dir=corpus))
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "quipu.api.cli", "serve", "--no-ingest", "--port", str(port)],
            env={**os.environ, "QUIPU_DATA_DIR": str(data)},
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.3)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
                for name, path, options in SHOTS:
                    context = browser.new_context(base_url=url, **options)
                    page = context.new_page()
                    page.goto(path)
                    page.screenshot(path=str(HERE / name))
                    context.close()
                    print(HERE / name)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
