"""`context` on GET /v1/search and `quipu search --context`: the passages around each hit.

A small folder of invented documents is ingested with a word-hashing embedder (no model,
no corpus) and served in process; the ranking must not move when context is asked.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from quipu.api.app import create_app
from quipu.api.schemas import MAX_CONTEXT
from quipu.core.settings import Settings
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

GUIDE = "\n\n".join(
    ["# Guía del servicio de empleo"]
    + [
        f"## Servicio {n}\n\n" + f"El servicio número {n} de la oficina atiende a jóvenes de la provincia {n}. " * 3
        for n in range(1, 7)
    ]
)
REPORT = (
    "# Informe de la ventanilla\n\nLa ventanilla única atendió a dos mil personas en el año.\n\n"
    "## Recomendaciones\n\nSe recomienda ampliar la bolsa de trabajo a las provincias altas."
)


@pytest.fixture(scope="module")
def embedder(hashed_embedder):
    return hashed_embedder("words")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, embedder) -> Settings:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "guia.md").write_text(GUIDE, encoding="utf-8")
    (folder / "informe.md").write_text(REPORT, encoding="utf-8")
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("data"), corpus_dir=folder, model=embedder.name, passage_chars=120
    )
    report = ingest(settings, embedder=embedder)
    assert report.ok and report.passages >= 8
    return settings


@pytest.fixture(scope="module")
def workspace(settings: Settings, embedder) -> Workspace:
    return Workspace(settings, embedder=embedder)


@pytest.fixture(scope="module")
def client(settings: Settings, workspace: Workspace) -> TestClient:
    return TestClient(create_app(settings, workspace=workspace))


def search(client: TestClient, **params) -> dict:
    response = client.get("/v1/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ranking(body: dict) -> list[tuple[str, float]]:
    return [(r["passage_id"], r["score"]) for r in body["results"]]


@pytest.mark.parametrize("mode", ["full", "hybrid", "lexical", "dense"])
@pytest.mark.parametrize("context", [1, 2, MAX_CONTEXT])
def test_context_leaves_the_hits_their_order_and_scores(client, mode, context):
    plain = search(client, q="servicio de empleo para jóvenes", k=5, mode=mode)
    around = search(client, q="servicio de empleo para jóvenes", k=5, mode=mode, context=context)
    assert plain["results"] and ranking(around) == ranking(plain)
    for without, with_context in zip(plain["results"], around["results"]):
        assert without["before"] is None and without["after"] is None  # not asked: null
        assert with_context | {"before": None, "after": None} == without  # nothing else changes


def test_neighbours_are_the_adjacent_passages_of_the_same_document(client, workspace):
    body = search(client, q="servicio de empleo para jóvenes", k=10, mode="lexical", context=1)
    order = {}
    for record in workspace.index.records:
        order.setdefault(record.document_id, []).append(record)
    for result in body["results"]:
        passages = sorted(order[result["document"]["id"]], key=lambda r: r.start)
        at = [p.id for p in passages].index(result["passage_id"])
        assert [p["passage_id"] for p in result["before"]] == [p.id for p in passages[max(0, at - 1) : at]]
        assert [p["passage_id"] for p in result["after"]] == [p.id for p in passages[at + 1 : at + 2]]
        for near, record in zip(
            result["before"] + result["after"], passages[max(0, at - 1) : at] + passages[at + 1 : at + 2]
        ):
            assert near["section"] == record.section_title and near["section_path"] == list(record.section)
            assert (near["start"], near["end"]) == (record.start, record.end)
            assert near["text"] and "#" not in near["text"]  # plain text, as a result's
        assert all(p["end"] <= result["start"] for p in result["before"])
        assert all(p["start"] >= result["end"] for p in result["after"])


def test_the_first_passage_of_a_document_has_nothing_before_it(client, workspace):
    first = next(r for r in workspace.index.records if r.document_id == "informe" and r.start == 0)
    body = search(client, q="ventanilla bolsa de trabajo", k=10, mode="lexical", document="informe", context=2)
    hit = next(r for r in body["results"] if r["passage_id"] == first.id)
    assert hit["before"] == [] and hit["after"]
    last = max((r for r in workspace.index.records if r.document_id == "informe"), key=lambda r: r.start)
    hit = next(r for r in body["results"] if r["passage_id"] == last.id)
    assert hit["after"] == [] and hit["before"]


@pytest.mark.parametrize("context", [MAX_CONTEXT + 1, 10, -1, "dos"])
def test_bad_context_values_are_refused_with_a_message(client, context):
    response = client.get("/v1/search", params={"q": "empleo", "context": context})
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["type"] == "ValidationError" and "context" in body["error"]["message"]


def test_the_openapi_document_declares_context_and_the_new_fields(settings, workspace):
    schema = create_app(settings, workspace=workspace).openapi()
    parameters = {p["name"]: p for p in schema["paths"]["/v1/search"]["get"]["parameters"]}
    assert parameters["context"]["schema"] == {
        "type": "integer",
        "maximum": MAX_CONTEXT,
        "minimum": 0,
        "default": 0,
        "title": "Context",
        "description": parameters["context"]["description"],
    }
    assert not parameters["context"].get("required")
    result = schema["components"]["schemas"]["SearchResult"]
    assert {"before", "after"} <= set(result["properties"]) and not {"before", "after"} & set(
        result.get("required", [])
    )


def test_the_cli_prints_the_neighbours_and_its_json_has_them(settings, embedder, monkeypatch, request):
    from typer.testing import CliRunner

    from quipu.api.cli import app
    from quipu.core.settings import get_settings

    monkeypatch.setenv("QUIPU_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("QUIPU_MODEL", embedder.name)
    get_settings.cache_clear()  # the CLI reads its settings once per process: these, not earlier ones
    request.addfinalizer(get_settings.cache_clear)
    runner = CliRunner()
    done = runner.invoke(
        app, ["search", "bolsa de trabajo", "-k", "1", "--mode", "lexical", "--context", "1", "--json"]
    )
    assert done.exit_code == 0, done.output
    result = json.loads(done.output)["results"][0]
    assert result["passage_id"].startswith("informe-") and result["before"] and result["after"] == []
    text = runner.invoke(app, ["search", "bolsa de trabajo", "-k", "1", "--mode", "lexical", "-C", "1"])
    assert text.exit_code == 0, text.output
    assert f"    {result['before'][0]['passage_id']}: " in text.output  # indented under its hit
    refused = runner.invoke(app, ["search", "bolsa de trabajo", "--context", str(MAX_CONTEXT + 1)])
    assert refused.exit_code == 2 and "--context" in refused.output


def test_a_passage_the_index_no_longer_holds_has_no_neighbours(workspace):
    # A hit a newer ingest replaced between the search and the read of its context.
    [around] = workspace.index.neighbours(["nada-0000"], 1)
    assert around.before == () and around.after == ()
