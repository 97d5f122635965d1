"""Anonymous readers' pages come from memory until the archive changes; staff always see fresh pages."""

from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client

from reports.db.freshness import archive_version
from reports.services.ingest import ingest_text
from tests.conftest import seed_files

pytestmark = pytest.mark.django_db(transaction=True)  # the version advances when a write commits


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 300
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def test_a_page_is_served_again_with_one_query_until_the_archive_changes(client, django_assert_num_queries):
    ingest_text(seed_files()[4].read_text(encoding="utf-8"))
    first = client.get("/reports/")
    with django_assert_num_queries(1):  # the archive's version
        again = client.get("/reports/")
    assert again.content == first.content
    before = archive_version()
    new = ingest_text(seed_files()[2].read_text(encoding="utf-8"))
    assert archive_version() > before
    assert f"/reports/{new.pk}/" in client.get("/reports/").content.decode()


def test_an_admin_edit_makes_the_page_fresh(client):
    report = ingest_text(seed_files()[4].read_text(encoding="utf-8"))
    assert "管仲镇" in client.get(f"/reports/{report.pk}/").content.decode()
    report.title = "改过的标题二〇二二"
    report.save()
    assert "改过的标题二〇二二" in client.get(f"/reports/{report.pk}/").content.decode()


def test_staff_and_errors_are_never_kept(client, admin_client):
    ingest_text(seed_files()[4].read_text(encoding="utf-8"))
    admin_client.get("/reports/")
    assert admin_client.get("/reports/").content.decode().count("管理") >= 1  # the staff link, fresh
    assert "管理</a>" not in client.get("/reports/").content.decode()  # anonymous page has no staff link
    kept = set(Path(caches["pages"]._dir).glob("*.djcache"))
    assert client.get("/reports/", {"page": "²"}).status_code == 400
    assert set(Path(caches["pages"]._dir).glob("*.djcache")) == kept


def test_an_export_sent_whole_is_kept_with_its_file_name_and_a_big_one_streams_each_time(
    client, settings, django_assert_num_queries
):
    ingest_text(seed_files()[4].read_text(encoding="utf-8"))
    first = client.get("/reports/", {"format": "csv"})
    sent = b"".join(first.streaming_content)
    with django_assert_num_queries(1):  # the archive's version
        again = client.get("/reports/", {"format": "csv"})
    assert again.content == sent and sent.decode("utf-8").count("\n") == 2  # the header and one report
    named = "attachment; filename=\"export.csv\"; filename*=UTF-8''%E6%8A%A5%E5%91%8A.csv"  # 报告.csv
    assert again["Content-Disposition"] == first["Content-Disposition"] == named
    assert again["Content-Type"] == first["Content-Type"]

    settings.ARCHIVE_CACHED_EXPORT_BYTES = len(sent) - 1
    caches["pages"].clear()
    for _ in range(2):
        response = client.get("/reports/", {"format": "csv"})
        assert response.streaming and b"".join(response.streaming_content) == sent
    assert not list(Path(caches["pages"]._dir).glob("*.djcache"))


def test_a_migration_means_fresh_pages(client):
    from django.core.management import call_command

    before = archive_version()
    call_command("migrate", verbosity=0)
    assert archive_version() > before


def test_each_kept_page_shows_its_own_request_s_choice(client):
    from reports.models import Township

    first, second = Township.objects.create(name="红旗镇"), Township.objects.create(name="白杨镇")
    for _ in range(2):  # computed, then served from the cache
        for chosen, other in ((first, second), (second, first)):
            html = client.get("/issues/", {"township": chosen.pk}).content.decode()
            assert f"乡镇：{chosen.name}" in html and f"乡镇：{other.name}" not in html


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.mark.parametrize("path", ["/", "/reports/", "/api/issues", "/reports/?format=csv"])
def test_a_page_from_the_cache_carries_the_same_security_headers_as_the_first(client, path):
    """Once, the cache rebuilt a page with its content type only: no X-Frame-Options the second time."""
    ingest_text(seed_files()[4].read_text(encoding="utf-8"))
    first = client.get(path)
    again = client.get(path)
    for name in SECURITY_HEADERS:
        assert first.has_header(name), name
        assert again.get(name) == first[name], name
    assert "script-src 'self'" in again["Content-Security-Policy"] and again["X-Frame-Options"] == "DENY"


def test_a_parameter_no_page_reads_is_dropped_by_a_redirect_before_any_work(client, django_assert_num_queries):
    """Once, '?x=1' made the cache compute the page anew: any extra parameter bypassed it."""
    with django_assert_num_queries(0):
        response = client.get("/reports/", {"year": "2023", "x": "1", "county": ""})
    assert response.status_code == 302 and response["Location"] == "/reports/?year=2023"
    assert client.get("/reports/", {"year": "2023"}).status_code == 200


def test_an_api_answer_is_kept_once_whatever_else_the_address_carries(client, django_assert_num_queries):
    ingest_text(seed_files()[4].read_text(encoding="utf-8"))
    first = client.get("/api/issues", {"q": "干部"})
    with django_assert_num_queries(1):  # the archive's version: the same answer, from the cache
        again = client.get("/api/issues", {"q": "干部", "utm_source": "x" * 40})
    assert again.status_code == 200 and again.content == first.content


def test_a_long_address_is_kept_without_a_cache_key_warning(client):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a CacheKeyWarning would fail the test
        for _ in range(2):  # 11 words: 54 characters, 450 once percent-encoded, past the 250 a key may have
            assert client.get("/search/", {"q": "乡村振兴 " * 10 + "党建工作"}).status_code == 200


def test_an_address_asking_for_too_many_expensive_pages_is_told_to_wait(client, admin_client, settings):
    """Once, four clients looping over a 查重 page moved /reports/ p50 from 0.026 s to 3.35 s."""
    from django.core.cache import cache

    cache.clear()
    settings.ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE = 3
    ingest_text(seed_files()[4].read_text(encoding="utf-8"))
    for word in ("党建", "干部", "群众"):
        assert client.get("/search/", {"q": word}).status_code == 200
    assert client.get("/search/", {"q": "党建"}).status_code == 200  # the cache's answer costs nothing: not counted
    limited = client.get("/search/", {"q": "产业"})
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    assert "请求过于频繁" in limited.content.decode()
    api = client.get("/api/search", {"q": "振兴"})
    assert api.status_code == 429 and "请求过于频繁" in api.json()["error"]
    assert client.get("/reports/").status_code == 200  # a cheap page is never limited
    assert admin_client.get("/search/", {"q": "产业"}).status_code == 200  # nor staff
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get("/search/", {"q": "产业"}).status_code == 200  # another address has its own count
