"""The Quipu ontology, shapes and vocabularies, as Turtle files shipped with the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

NAMESPACE = "https://w3id.org/quipu/ontology#"
ONTOLOGY_IRI = "https://w3id.org/quipu/ontology"


# Seed vocabularies that extraction matches against; an entity of them enters the graph
# only when a document mentions it, so these files are not loaded as they are.
SEED_FILES = frozenset({"entities.ttl"})


def turtle_files(*, seeds: bool = True) -> list[Path]:
    """The ``*.ttl`` files of the ontology folder, sorted by name (``seeds=False``
    leaves out the extraction seed vocabularies)."""
    folder = files(__name__)
    paths = sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".ttl"))
    return [p for p in paths if seeds or p.name not in SEED_FILES]


def path(name: str) -> Path:
    """The path of one file of the ontology folder."""
    return Path(str(files(__name__).joinpath(name)))
