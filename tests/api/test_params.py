"""The closed sets of the API's parameters (api/params.py) are the sets the packages offer.

They are written out as ``Literal`` types so that the OpenAPI document and the type
checker see them; these tests are what keeps them from drifting from the sets they mirror.
"""

from __future__ import annotations

from typing import get_args

from quipu.api.app import create_app
from quipu.api.params import AnyFormat, EntityType, GraphFormat, SearchMode
from quipu.core.settings import Settings
from quipu.graph.explore import ENTITY_TYPES
from quipu.graph.formats import format_names
from quipu.search import SEARCH_MODES
from quipu.workspace.workspace import Workspace


def test_search_modes_are_those_of_the_index():
    assert set(get_args(SearchMode)) == set(SEARCH_MODES)


def test_formats_are_those_offered_in_the_same_order():
    assert get_args(AnyFormat) == format_names()
    assert get_args(GraphFormat) == format_names(graph_only=True)


def test_entity_types_are_the_ontology_classes():
    assert get_args(EntityType) == tuple(ENTITY_TYPES)


def test_the_openapi_document_lists_each_set_and_bound(tmp_path):
    settings = Settings(data_dir=tmp_path)
    schema = create_app(settings, workspace=Workspace(settings)).openapi()
    search = {p["name"]: p for p in schema["paths"]["/v1/search"]["get"]["parameters"]}
    assert search["mode"]["schema"]["enum"] == list(get_args(SearchMode))
    assert search["k"]["schema"]["minimum"] == 1 and search["k"]["schema"]["maximum"] == settings.max_k
    sparql = {p["name"]: p for p in schema["paths"]["/sparql"]["get"]["parameters"]}
    assert list(get_args(AnyFormat)) in [s.get("enum") for s in sparql["format"]["schema"]["anyOf"]]
