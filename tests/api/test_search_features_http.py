"""Filters, facets, highlights and answer cards over HTTP, against a real `quipu serve`."""

from __future__ import annotations

import pytest


def search(http, **params):
    response = http.get("/v1/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_every_result_marks_a_sentence_of_its_own_text(http):
    body = search(http, q="¿Cuántas personas se insertaron a través de la bolsa de trabajo en 2024?", k=5)
    for result in body["results"]:
        mark = result["highlight"]
        assert result["start"] <= mark["start"] < mark["end"] <= result["end"]
        # The text is plain (markup removed); text_start/text_end mark the same words in it.
        assert result["text"][mark["text_start"] : mark["text_end"]] == mark["text"]
        assert "**" not in result["text"] and "<b>" not in result["text"]


def test_highlight_is_the_sentence_with_the_question_terms(http):
    body = search(http, q="¿Qué norma crea las Ventanillas Únicas de Promoción del Empleo?", k=10)
    marks = [r["highlight"]["text"].lower() for r in body["results"]]
    assert any("ventanilla" in m and "crea" in m for m in marks), marks


@pytest.mark.parametrize(
    ("params", "check"),
    [
        # Repeated parameters are alternatives.
        pytest.param({"document": ["infomigra-sistematizacion", "mdgf-1901-juventud-empleo-migracion-ficha"]},
                     lambda r: r["document"]["id"] in {"infomigra-sistematizacion", "mdgf-1901-juventud-empleo-migracion-ficha"},
                     id="two documents"),
        pytest.param({"year": 2015}, lambda r: r["year"] == 2015, id="year"),
        # A passage passes when it names the region or entity, or its document is about it.
        pytest.param({"region": "region/puno"},
                     lambda r: "region/puno" in {e["key"] for e in (*r["entities"], *r["document"]["about"])}, id="region key"),
        pytest.param({"entity": "Jóvenes Productivos"},
                     lambda r: "programme/jovenes-productivos" in {e["key"] for e in (*r["entities"], *r["document"]["about"])},
                     id="entity label"),
    ],
)
def test_filters_keep_only_matching_passages(http, params, check):
    body = search(http, q="jóvenes empleo", k=8, **params)
    assert body["results"], body
    assert all(check(r) for r in body["results"])
    assert body["filters"]


def test_the_readme_region_and_year_example_finds_the_job_board(http):
    # curl '…/v1/search?q=bolsa%20de%20trabajo&region=Puno&year=2015': the Puno plan is about
    # Puno, so its passages on the bolsa de trabajo pass even where they do not name Puno.
    body = search(http, q="bolsa de trabajo", region="Puno", year=2015)
    assert body["filters"] == {"year": ["2015"], "region": ["region/puno"]}
    assert any("bolsa de trabajo" in r["text"].lower() for r in body["results"][:3])
    assert {e["key"] for e in body["results"][0]["document"]["about"]} >= {"region/puno"}


def test_facets_count_the_ranked_passages(http):
    body = search(http, q="empleo juvenil", k=5)
    facets = body["facets"]
    assert set(facets) == {"document", "year", "document_type", "region", "entity"}
    assert sum(v["count"] for v in facets["document"]) == body["facets_over"] >= 5
    assert all(v["label"] and v["count"] > 0 for values in facets.values() for v in values)
    # A facet value is a valid filter: filtering by it returns exactly that many candidates or more.
    region = facets["region"][0]
    narrowed = search(http, q="empleo juvenil", k=5, region=region["value"])
    assert narrowed["facets_over"] >= region["count"]
    assert {v["value"] for v in narrowed["facets"]["region"]} >= {region["value"]}


def test_the_entities_a_query_names_are_offered_as_filters(http):
    body = search(http, q="¿Qué servicios ofrece la VUPE en Puno?", k=3)
    offered = {e["key"] for e in body["query_entities"]}
    assert offered == {"service/centro-de-empleo", "region/puno"}
    narrowed = search(http, q="servicios", k=3, entity="service/centro-de-empleo", region="region/puno")
    assert narrowed["results"]


def test_an_unknown_filter_value_is_a_400_that_says_what_to_give(http):
    response = http.get("/v1/search", params={"q": "empleo", "region": "Narnia"})
    assert response.status_code == 400
    assert "region/puno" in response.json()["error"]["message"]


def test_contract_fields_are_kept(http):
    result = search(http, q="bolsa de trabajo", k=1)["results"][0]
    assert {"passage_id", "text", "score", "document", "section", "page", "start", "end"} <= set(result)


# ------------------------------------------------------------------ answer cards


def ask(http, q: str, **params) -> dict:
    response = http.get("/v1/ask", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_ask_which_norm_approved_the_poi(http):
    body = ask(http, "¿Qué norma aprobó el POI 2024?")
    card = body["cards"][0]
    assert card["entity"]["key"] == "plan/poi-2024"
    first = card["facts"][0]
    assert (first["property"], first["direction"]) == ("qp:approvedBy", "out")
    assert first["entity"]["key"] == "norm/rm-2-2024-tr"
    source = first["sources"][0]
    assert "002-2024-TR" in source["quote"] and source["document_id"] == "mtpe-evaluacion-poi-2024"
    assert body["results"]  # passages beside the card


def test_ask_reaches_the_norms_that_approved_the_updates(http):
    body = ask(http, "¿Qué resolución aprobó la actualización del POI 2024?")
    facts = body["cards"][0]["facts"]
    via = {f["entity"]["key"] for f in facts if f["via"] and f["property"] == "qp:approvedBy"}
    assert "norm/rsg-7-2025-tr-sg" in via  # version 4


def test_ask_in_english_about_regions(http):
    body = ask(http, "In which regions did the VUPE operate?")
    card = next(c for c in body["cards"] if c["entity"]["key"] == "service/centro-de-empleo")
    assert card["facts"][0]["property"] == "qp:operatesIn"
    assert all(f["sources"] for f in card["facts"] if f["property"] == "qp:operatesIn")


def test_ask_without_a_named_entity_still_answers_with_passages(http):
    body = ask(http, "¿cuáles fueron las principales dificultades?", k=3)
    assert body["cards"] == [] and len(body["results"]) == 3


def test_ask_refuses_an_empty_question(http):
    assert http.get("/v1/ask", params={"q": " "}).status_code == 400


def test_search_page_shows_the_answer_card_above_the_passages(http):
    page = http.get("/", params={"q": "¿Qué norma aprobó el POI 2024?"}).text
    card, hits = page.find('class="card"'), page.find('class="hits"')
    assert 0 < card < hits
    assert 'href="/entity/norm/rm-2-2024-tr"' in page[card:hits]


def test_search_page_without_a_named_entity_has_no_card(http):
    page = http.get("/", params={"q": "dificultades de los jóvenes"}).text
    assert 'class="card"' not in page and 'class="hits"' in page


def test_ask_which_programmes_the_mtpe_runs_lists_programmes_first(http):
    card = ask(http, "Which programmes does the MTPE run?")["cards"][0]
    assert card["entity"]["key"] == "institution/mtpe"
    first = card["facts"][:3]
    assert all(f["entity"]["type"] == "programme" and f["direction"] == "in" for f in first), first
    assert "programme/jovenes-productivos" in {f["entity"]["key"] for f in card["facts"]}


def test_search_page_offers_the_named_entities_as_filters(http):
    page = http.get("/", params={"q": "¿Qué servicios ofrece la VUPE en Puno?"}).text
    offer = page[page.find('class="suggest"') :]
    assert "entity=service%2Fcentro-de-empleo" in offer[:600] and "region=region%2Fpuno" in offer[:600]


def test_the_readme_context_example_adds_the_passages_around_each_hit(http):
    # curl '…/v1/search?q=servicios%20de%20la%20VUPE&k=3&context=1': the same hits, in the
    # same order with the same scores, each with the passage before and after it.
    plain = search(http, q="servicios de la VUPE", k=3)
    body = search(http, q="servicios de la VUPE", k=3, context=1)
    assert [(r["passage_id"], r["score"]) for r in body["results"]] == [
        (r["passage_id"], r["score"]) for r in plain["results"]
    ]
    for result in body["results"]:
        document, ordinal = result["passage_id"].rsplit("-", 1)
        before, after = result["before"], result["after"]
        assert [p["passage_id"] for p in before] == ([f"{document}-{int(ordinal) - 1:04d}"] if int(ordinal) else [])
        assert len(after) <= 1 and all(p["passage_id"] == f"{document}-{int(ordinal) + 1:04d}" for p in after)
        assert all(p["end"] <= result["start"] for p in before) and all(p["start"] >= result["end"] for p in after)
