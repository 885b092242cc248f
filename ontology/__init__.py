"""The Quipu ontology, shapes and vocabularies, as Turtle files shipped with the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

NAMESPACE = "https://w3id.org/quipu/ontology#"
ONTOLOGY_IRI = "https://w3id.org/quipu/ontology"


def turtle_files() -> list[Path]:
    """Every ``*.ttl`` file of the ontology folder, sorted by name."""
    folder = files(__name__)
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".ttl"))
