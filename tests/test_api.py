"""The JSON endpoints over real HTTP: the same selectors as the pages, bad parameters give 400."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_returns_hits_grouped_by_report_with_facets(client, archive):
    body = client.get("/api/search", {"q": "乡村振兴", "section_kind": "plans"}).json()
    assert body["total"] == sum(len(group["hits"]) for group in body["results"])
    assert body["total"] > 0
    assert all(hit["kind"] == "plans" for group in body["results"] for hit in group["hits"])
    assert all("<mark>乡村振兴</mark>" in hit["snippet_html"] for group in body["results"] for hit in group["hits"])
    assert {"year", "township", "county", "period", "kind", "section_kind", "theme"} <= set(body["facets"])


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"page": "0"}, {"page": "999999"}, {"township": "x"}, {"kind": "novel"}, {"sort": "random"}],
)
def test_bad_parameters_give_a_400_with_the_reason(client, archive, params):
    response = client.get("/api/search", params)
    assert response.status_code == 400
    assert response.json()["error"] == "参数有误"


def test_a_page_past_the_end_is_empty_not_an_error(client, archive):
    body = client.get("/api/search", {"q": "党建", "page": "400"}).json()
    assert body["results"] == []


def test_an_unknown_township_is_a_bad_request_with_its_reason(client, archive):
    answer = client.get("/api/search", {"q": "党建", "township": "987654"})
    assert answer.status_code == 400 and answer.json()["fields"] == {"township": ["没有这个乡镇"]}


def test_issues_endpoint_filters_by_theme(client, archive):
    body = client.get("/api/issues", {"q": "干部"}).json()
    theme = body["facets"]["theme"][0]
    narrowed = client.get("/api/issues", {"q": "干部", "theme": theme["value"]}).json()
    assert narrowed["total"] == theme["count"]
    assert all(theme["label"] in hit["themes"] for hit in narrowed["results"])


def test_trends_endpoint_compares_keywords_per_year(client, archive):
    body = client.get("/api/trends", {"q": "乡村振兴 党建", "by_township": "1"}).json()
    assert [k["keyword"] for k in body["keywords"]] == ["乡村振兴", "党建"]
    years = {p["year"]: p for p in body["keywords"][0]["years"]}
    assert set(years) == {2022, 2023}
    assert years[2022]["reports_mentioning"] <= years[2022]["reports"]
    assert body["keywords"][0]["townships"]["管仲镇"][0]["mentions"] > 0


def test_malformed_search_syntax_is_not_an_error(client, archive):
    for q in ['"乡村', "-", "OR OR", "((", "党建:*", "!"]:
        assert client.get("/api/search", {"q": q}).status_code == 200
