"""What every learned model of extraction (links, values) shares: a model file that may be
absent, and weights trained on development gold sets only, never on a frozen blind set."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from quipu.ingest.extract import learned, learned_values

MODELS = [pytest.param(learned, id="links"), pytest.param(learned_values, id="values")]


@pytest.mark.parametrize("module", MODELS)
def test_missing_model_file_adds_nothing(tmp_path: Path, module: ModuleType) -> None:
    assert module.load_model(tmp_path / "none.json") is None


@pytest.mark.parametrize("module", MODELS)
def test_shipped_model_was_trained_on_development_sets_only(module: ModuleType) -> None:
    model = module.load_model()
    assert model is not None
    sets = model.trained_on.split(",")
    assert sets and all(name.startswith("dev") for name in sets), sets
