"""Extractors are plugins: Quipu's own run in a declared order, and an installed package
adds one through the ``quipu.extractors`` entry-point group without editing Quipu.

The plugin here is a real distribution (a ``.dist-info`` folder on ``sys.path``), found
by ``importlib.metadata`` as any installed package would be.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from quipu.core.errors import ConfigError
from quipu.ingest.extract.extractor import BUILTIN, ENTRY_POINT_GROUP, available, enabled, extract_facts
from quipu.ingest.models import Document, DocumentMeta, Passage

PLUGIN = '''
from quipu.ingest.facts import Entity


class AnnexExtractor:
    """Marks every document it sees (a stand-in for a user's own document family)."""

    name = "annex"
    order = 650  # between tables (600) and headings (700)

    def __call__(self, document, facts):
        facts.entities["programme/annex-seen"] = Entity("programme/annex-seen", "programme", "Seen by the annex plugin")
'''


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "annex_plugin.py").write_text(PLUGIN, encoding="utf-8")
    info = tmp_path / "annex_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: annex-plugin\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nannex = annex_plugin:AnnexExtractor\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    sys.modules.pop("annex_plugin", None)


def _document() -> Document:
    text = "El programa atendió a 120 jóvenes en 2025."
    passage = Passage("d#0", "d", 0, text, 0, len(text))
    return Document("d", Path("d.txt"), "", "text/plain", text, DocumentMeta(), [passage])


def test_builtin_extractors_run_in_their_declared_order() -> None:
    names = [e.name for e in available() if e in BUILTIN]
    # Relations link the mentions the entity extractors found, so they come after them.
    assert names.index("entities") < names.index("tables") < names.index("relations") < names.index("implicit")
    assert [e.order for e in BUILTIN] == sorted(e.order for e in BUILTIN)


def test_a_plugin_is_found_through_its_entry_point_and_runs_in_order(plugin: Path) -> None:
    names = [e.name for e in available()]
    assert names.index("tables") < names.index("annex") < names.index("headings")
    facts = extract_facts(_document())
    assert "programme/annex-seen" in facts.entities


def test_an_extractor_can_be_switched_off(plugin: Path) -> None:
    assert "annex" not in [e.name for e in enabled(["annex", "prose"])]
    facts = extract_facts(_document(), enabled(["annex"]))
    assert "programme/annex-seen" not in facts.entities


def test_a_misspelt_name_is_an_error_not_a_silent_no_op() -> None:
    with pytest.raises(ConfigError, match="unknown extractor prse"):
        enabled(["prse"])


def test_a_plugin_that_is_not_an_extractor_is_named_in_the_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "broken_plugin.py").write_text("thing = 42\n", encoding="utf-8")
    info = tmp_path / "broken_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nbroken = broken_plugin:thing\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ConfigError, match="broken"):
        available()
