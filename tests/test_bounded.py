"""Bounded work per request: a statement timeout on public queries that says 查询过于复杂 when it hits,
and a search that stays fast when one huge report is in the archive."""

import time

import pytest

from reports.services.ingest import ingest_text

pytestmark = pytest.mark.django_db


def test_a_search_past_the_timeout_is_answered_in_chinese(client, archive, settings):
    settings.ARCHIVE_QUERY_TIMEOUT_MS = 1
    page = client.get("/search/", {"q": "乡村振兴 OR 党风廉政建设 -疫情", "sort": "newest"})
    api = client.get("/api/search", {"q": "乡村振兴 OR 党风廉政建设 -疫情"})
    for response in (page, api):
        assert response.status_code in (200, 503)
        if response.status_code == 503:
            assert "查询过于复杂" in response.content.decode()


def test_the_timeout_holds_during_a_public_request_and_is_lifted_after(client, settings, monkeypatch):
    from django.db import connection

    from reports.views import lists as views

    seen = []

    def overview():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            seen.append(cursor.fetchone()[0])
        return {}

    monkeypatch.setattr(views.browsing, "overview", overview)
    settings.ARCHIVE_QUERY_TIMEOUT_MS = 1234
    client.get("/")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        after = cursor.fetchone()[0]
    assert (seen, after) == (["1234ms"], "0")


def test_an_admin_request_does_not_inherit_a_public_limit_from_a_kept_connection(rf, settings):
    """Server processes keep their connection between requests (CONN_MAX_AGE): whatever limit the last
    request left on it, the admin's re-parses and merges run without one."""
    from django.db import connection
    from django.http import HttpResponse

    from reports.middleware import QueryTimeoutMiddleware

    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    seen = []

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            seen.append(cursor.fetchone()[0])
        return HttpResponse()

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '1234ms'")  # as a request cut short might leave it
    QueryTimeoutMiddleware(view)(rf.get("/admin/reports/report/"))
    assert seen == ["0"]


def test_a_sleeping_query_is_cancelled_and_explained(client, settings, monkeypatch):
    """The real path: PostgreSQL cancels the statement, the middleware answers 503 with the reason."""
    from reports.views import lists as views

    def slow_overview():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return {}

    monkeypatch.setattr(views.browsing, "overview", slow_overview)
    settings.ARCHIVE_QUERY_TIMEOUT_MS = 100
    started = time.perf_counter()
    response = client.get("/")
    assert response.status_code == 503 and "查询过于复杂" in response.content.decode()
    assert time.perf_counter() - started < 1.5


def test_an_or_query_with_a_long_word_stays_fast_beside_a_3_million_character_report(client, archive, settings):
    paragraph = "全镇坚持党建引领，深入推进乡村振兴战略，持续改善农村人居环境，不断增强群众获得感。" * 40
    huge = (
        "巨型镇2022年工作总结\n一、工作成效\n"
        + "\n".join([paragraph] * 1900)
        + "\n二、存在的问题\n一是学习不深。二是作风不实。"
    )
    assert len(huge) > 3_000_000
    report = ingest_text(huge)
    settings.ARCHIVE_QUERY_TIMEOUT_MS = (
        1000  # each statement; the whole answer was 30 s when a section was read per passage
    )
    response = client.get("/search/", {"q": "党风廉政建设 OR 改善农村人居环境"})  # in every passage of the huge one
    assert response.status_code == 200, response.content[:300]
    assert "巨型镇" in response.content.decode()
    # Narrowed to its township, a common word: the planner must still reach passages by the GIN index
    # only (through an index on township it computed each passage's n-grams: seconds).
    response = client.get("/search/", {"q": "乡村振兴", "township": report.township_id})
    assert response.status_code == 200, response.content[:300]
    assert "巨型镇" in response.content.decode()
