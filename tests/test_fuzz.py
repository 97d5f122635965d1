"""Every public URL with every parameter it reads, given what attackers and clumsy users send: never a 500.
Hypothesis with a fixed seed and a bounded number of examples, so CI runs the same requests each time."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from reports.filters import FILTERS
from reports.services.ingest import ingest_text
from tests.conftest import seed_files

PAGES = [
    "/",
    "/reports/",
    "/issues/",
    "/figures/",
    "/plans/",
    "/search/",
    "/search/feed/",
    "/reports/feed/",
    "/issues/feed/",
    "/plans/feed/",
    "/figures/feed/",
    "/trends/",
    "/words/",
    "/coverage/",
    "/copies/check/",
    "/api/search",
    "/api/issues",
    "/api/trends",
    "/api/words",
]
# Every declared filter (reports.filters), so a new one is fuzzed too, and the other parameters pages read.
PARAMETERS = sorted({f.name for f in FILTERS} | {"q", "page", "sort", "format", "view", "by_township"})
HOSTILE_VALUES = [
    "²", "٣", "1" * 400, "-1", "0", "2147483648", "9223372036854775808", "1e309", "NaN", "3.5", "",
    "\x00", "党建\x00", "\x1f\x7f", "' OR 1=1 --", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
    "乡村振兴 OR", '"未闭合', "-", "-党建", "OR OR OR", "党建 " * 60, "a" * 600, "𠀀𠀀", "\ud7ff",
    "csv", "json", "themes", "true", "false", "newest", "relevance", "annual", "problems",
]  # fmt: skip
values = st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=30), st.integers().map(str))
queries = st.dictionaries(st.sampled_from(PARAMETERS), values, max_size=4)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Two seeds stored once for the module: Hypothesis runs hundreds of requests per test."""
    with django_db_blocker.unblock():
        reports = [ingest_text(path.read_text(encoding="utf-8")) for path in seed_files()[:2]]
        yield reports
        for report in reports:
            report.delete()


@pytest.mark.django_db
@seed(20261202)
@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PAGES), query=queries)
def test_no_public_url_answers_500(seeded, path, query):
    response = Client(raise_request_exception=False).get(path, query)
    assert response.status_code < 500, (path, query, response.content[:300])
    if path.startswith("/api/") and response.status_code == 400:
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
@seed(20261202)
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.sampled_from(HOSTILE_VALUES), st.text(max_size=200)), view=values, fmt=values)
def test_no_checked_text_answers_500(seeded, text, view, fmt):
    """/copies/check/ takes a reader's text: whatever it holds, an answer (a result or a 400), never a 500."""
    response = Client(raise_request_exception=False).post("/copies/check/", {"text": text, "view": view, "format": fmt})
    assert response.status_code < 500, (text, view, fmt, response.content[:300])


@pytest.mark.django_db
@seed(20261202)
@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=st.one_of(st.sampled_from(["0", "²", "99999999999999999999", "-5", "abc"]), st.integers().map(str)))
def test_no_object_page_answers_500(seeded, number):
    for prefix in ("/reports/", "/townships/"):
        response = Client(raise_request_exception=False).get(f"{prefix}{number}/")
        assert response.status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "query", "reason"),
    [
        ("/reports/", {"page": "²"}, "页码应为 1 到 100000 之间的整数"),
        ("/issues/", {"page": "9" * 4000}, "页码应为 1 到 100000 之间的整数"),
        ("/search/", {"q": "党建", "theme": "2147483648"}, "检索参数有误"),
        ("/issues/", {"q": "党建\x00"}, "含有不允许的控制字符"),
        ("/issues/", {"q": "党建\x00", "format": "csv"}, "含有不允许的控制字符"),
        ("/reports/", {"township": "9223372036854775808"}, "筛选条件有误"),
        ("/reports/", {"year": "1e309"}, "筛选条件有误"),
    ],
)
def test_the_inputs_that_once_gave_500_give_400_with_a_chinese_reason(client, path, query, reason):
    response = client.get(path, query)
    assert response.status_code == 400 and reason in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{"q": "党建", "theme": "2147483648"}, {"q": "党建\x00"}, {"page": "²"}, {"township": "-1"}]
)
def test_the_api_answers_bad_parameters_in_json(client, query):
    for path in ("/api/search", "/api/issues"):
        response = client.get(path, query)
        assert response.status_code == 400 and response.json()["error"] == "参数有误"
