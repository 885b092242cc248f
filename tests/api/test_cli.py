"""The `quipu` command line, run as a real process over the ingested corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

VUPE = "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?"


@pytest.fixture(scope="module")
def quipu(corpus_settings, corpus_ingest):
    env = {**os.environ, "QUIPU_DATA_DIR": str(corpus_settings.data_dir), "QUIPU_CORPUS_DIR": str(corpus_settings.corpus_dir)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "quipu.api.cli", *args], env=env, capture_output=True, text=True)

    return run


def test_search_json_has_the_contract_fields(quipu):
    done = quipu("search", VUPE, "--json", "-k", "5")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert len(body["results"]) == 5
    assert "redproempleo-evaluacion-vupe-2013" in {r["document"]["id"] for r in body["results"]}
    assert {"passage_id", "text", "score", "section", "page", "start", "end"} <= set(body["results"][0])


def test_sparql_prints_csv(quipu):
    done = quipu("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert done.returncode == 0, done.stderr
    header, value = done.stdout.split()[:2]
    assert header == "n" and int(value) > 1000


def test_reingest_of_the_unchanged_corpus_is_up_to_date(quipu):
    done = quipu("ingest", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "Up to date: 5 documents unchanged" in done.stdout


def test_bad_sparql_exits_2_with_a_message(quipu):
    done = quipu("sparql", "SELECT WHERE {")
    assert done.returncode == 2
    assert "syntax error" in done.stderr


def test_search_filters_and_facets(quipu):
    # The README's example: the Puno plan is about Puno, so its passages on its job board
    # pass the region filter even where they do not repeat "Puno".
    done = quipu("search", "bolsa de trabajo", "--region", "Puno", "--year", "2015", "--facets", "--json", "-k", "3")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["filters"] == {"year": ["2015"], "region": ["region/puno"]}
    results = body["results"]
    assert len(results) == 3
    for r in results:
        keys = {e["key"] for e in (*r["entities"], *r["document"]["about"])}
        assert r["year"] == 2015 and "region/puno" in keys
    assert any("bolsa de trabajo" in r["text"].lower() for r in results), [r["text"][:200] for r in results]
    assert body["facets"]["region"][0]["value"] == "region/puno"


def test_search_text_output_shows_facets(quipu):
    done = quipu("search", "bolsa de trabajo", "--document", "infomigra-sistematizacion", "--facets", "-k", "2")
    assert done.returncode == 0, done.stderr
    assert "Facets" in done.stdout and "document:" in done.stdout


def test_search_with_an_unknown_region_exits_2(quipu):
    done = quipu("search", "empleo", "--region", "Narnia")
    assert done.returncode == 2
    assert "no region 'Narnia'" in done.stderr


def test_ask_prints_the_norm_with_its_quote(quipu):
    done = quipu("ask", "¿Qué norma aprobó el POI 2024?", "-k", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Plan Operativo Institucional (POI) 2024")
    assert "aprobado por Resolución Ministerial N° 002-2024-TR" in " ".join(done.stdout.split())  # lines wrap
    assert "se aprueba" in done.stdout


def test_ask_json_has_cards_and_results(quipu):
    done = quipu("ask", "Which programmes does the MTPE run?", "--json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["cards"][0]["entity"]["key"] == "institution/mtpe"
    assert {"cards", "results", "query"} <= set(body)


@pytest.mark.parametrize("command", ["ingest", "search", "ask", "sparql", "serve", "settings", "validate", "export"])
def test_every_command_has_help(quipu, command):
    done = quipu(command, "--help")
    assert done.returncode == 0 and "Usage" in done.stdout


def test_validate_finds_no_shacl_violations_in_the_corpus_graph(quipu):
    done = quipu("validate")
    assert done.returncode == 0, done.stdout[-3000:]
    assert " 0 violation(s)" in done.stdout


@pytest.mark.parametrize(
    "argument",
    [
        "query.rq",  # the README's example name, not written yet
        "queries/missing.sparql",  # a relative path
        "/tmp/no-such-dir/q.rq",  # an absolute one
        "graph/queries/nothing-here",  # a path with no suffix
    ],
)
def test_sparql_of_a_missing_file_says_no_such_file(argument, tmp_path):
    env = {**os.environ, "QUIPU_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "quipu.api.cli", "sparql", argument], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "no such file" in done.stderr and "DESCRIBE" not in done.stderr


def test_sparql_of_a_file_reads_it(tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    env = {**os.environ, "QUIPU_DATA_DIR": str(tmp_path / "empty")}
    done = subprocess.run(
        [sys.executable, "-m", "quipu.api.cli", "sparql", str(query)], env=env, capture_output=True, text=True
    )
    # the file was read as a query: an empty data dir answers that it holds no data, not a syntax error
    assert "no such file" not in done.stderr and "syntax" not in done.stderr, done.stderr
