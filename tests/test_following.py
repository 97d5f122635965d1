"""Following a topic: every list and the search as an Atom feed that validates and shows a report stored after it
was first read; a signed-in reader saves a search and its digest reaches the e-mail backend (the console one,
as in development), once."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from reports.models import SavedSearch
from reports.services.following import send_digests
from reports.services.ingest import ingest_text

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def report(township: str, year: int, work: str) -> str:
    return (
        f"青石县{township}{year}年工作总结\n一、主要工作\n{work}\n二、存在的问题\n一是产业基础薄弱。\n二是人才短缺。\n"
        f"三、{year + 1}年工作打算\n（一）推进乡村振兴示范村建设。\n（二）抓好安全生产。\n"
    )


def atom(client: Client, url: str, **params) -> ET.Element:
    response = client.get(url, params)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.version == "atom10" and not parsed.bozo, parsed.get("bozo_exception")
    return ET.fromstring(response.content)


def assert_valid_atom(feed: ET.Element) -> None:
    """RFC 4287's required elements: the feed's id, title, updated and an author (of the feed, so of each
    entry); each entry's id, title, updated and a link."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}") is not None and feed.find(f"{ATOM}{name}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "乡镇工作报告档案库"
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        ids.append(entry.find(f"{ATOM}id").text)
    assert len(ids) == len(set(ids))


def links(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]


def test_a_search_feed_validates_and_lists_a_report_stored_after_it_was_read(client):
    ingest_text(report("柳湾镇", 2022, "完成乡村振兴项目三个。"))
    first = atom(client, "/search/feed/", q="乡村振兴", county="青石县")
    assert_valid_atom(first)
    assert "“乡村振兴”的新报告（青石县）" in first.find(f"{ATOM}title").text
    before = links(first)
    later = ingest_text(report("白杨镇", 2023, "乡村振兴示范村建成两个。"))
    second = atom(client, "/search/feed/", q="乡村振兴", county="青石县")
    assert_valid_atom(second)
    assert links(second)[0].endswith(f"/reports/{later.pk}/") and links(second)[1:] == before
    assert client.get("/search/feed/").status_code == 400  # a feed needs a query


def test_every_list_has_a_feed_linked_from_its_page(client):
    stored = ingest_text(report("柳湾镇", 2022, "新建道路12公里，完成投资3000万元。"))
    for path, page in (("/reports/feed/", "/reports/"), ("/issues/feed/", "/issues/"), ("/plans/feed/", "/plans/")):
        feed = atom(client, path, county="青石县")
        assert_valid_atom(feed)
        assert links(feed) and all(f"/reports/{stored.pk}/" in link for link in links(feed))
        html = client.get(page, {"county": "青石县"}).content.decode()
        alternate = '<link rel="alternate" type="application/atom+xml" title="订阅：有新内容时通知"'
        assert f'{alternate} href="{path}?county=' in html
    figures = atom(client, "/figures/feed/")
    assert any("公里" in entry.find(f"{ATOM}title").text for entry in figures.findall(f"{ATOM}entry"))
    assert "#s" in links(figures)[0]  # a figure's entry opens its section
    search = client.get("/search/", {"q": "道路"}).content.decode()
    assert 'href="/search/feed/?q=' in search
    assert client.get("/reports/feed/", {"year": "abc"}).status_code == 400


@pytest.fixture
def reader(db) -> Client:
    user = User.objects.create_user("reader", email="reader@example.com", password="a-long-pass-phrase")
    client = Client()
    client.force_login(user)
    return client


def test_a_reader_saves_a_search_and_its_digest_reaches_the_console_once(reader, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ingest_text(report("柳湾镇", 2021, "乡村振兴工作稳步推进。"))  # stored before: never in a digest
    page = reader.get("/search/", {"q": "乡村振兴", "county": "青石县"}).content.decode()
    assert "关注这个检索，有新报告时发邮件" in page
    response = reader.post("/searches/follow/", {"q": "乡村振兴", "county": "青石县"})
    assert response.status_code == 302 and response["Location"] == "/searches/"
    saved = SavedSearch.objects.get()
    assert (saved.query, saved.filters) == ("乡村振兴", {"county": "青石县"})
    listing = reader.get("/searches/").content.decode()
    assert "“乡村振兴”（青石县）" in listing and "reader@example.com" in listing
    new = ingest_text(report("白杨镇", 2023, "乡村振兴示范村建成两个。"))
    ingest_text(report("白杨镇", 2024, "修缮学校两所。").replace("推进乡村振兴示范村建设", "抓好防汛"))
    ingest_text(report("红旗乡", 2023, "乡村振兴产业园开工。").replace("青石县", "远山县"))
    capsys.readouterr()
    assert send_digests() == 1
    printed = capsys.readouterr().out
    assert "To: reader@example.com" in printed and new.display_title in printed
    assert f"/reports/{new.pk}/" in printed and "1. " in printed and "2. " not in printed
    assert "/searches/" in printed  # how to stop following
    assert send_digests() == 0  # nothing stored since: nothing sent twice
    reader.post("/searches/", {"forget": str(saved.pk)})
    assert not SavedSearch.objects.exists()


def test_following_needs_a_signed_in_reader_with_an_address_and_a_valid_search(client, reader):
    assert client.post("/searches/follow/", {"q": "党建"})["Location"].startswith("/accounts/login/")
    assert client.get("/searches/")["Location"].startswith("/accounts/login/")
    assert "登录" in client.get("/accounts/login/").content.decode()
    assert reader.post("/searches/follow/", {"q": ""}).status_code == 400
    User.objects.filter(username="reader").update(email="")
    reader.post("/searches/follow/", {"q": "党建"})
    assert not SavedSearch.objects.exists()
    assert "没有填写电子邮箱" in reader.get("/searches/").content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="reader"))
    assert strict.post("/searches/follow/", {"q": "党建"}).status_code == 403


def test_a_failed_send_is_tried_again_with_the_same_reports(reader, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reader.post("/searches/follow/", {"q": "乡村振兴"})
    ingest_text(report("白杨镇", 2023, "乡村振兴示范村建成两个。"))

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("reports.services.following.send_mail", refuse)
    assert send_digests() == 0
    monkeypatch.undo()
    assert send_digests() == 1 and "乡村振兴示范村" not in mail.outbox[0].subject
    assert "白杨镇" in mail.outbox[0].body


def test_the_digest_is_a_daily_periodic_job_on_the_queue():
    from procrastinate.contrib.django import app

    import reports.tasks  # noqa: F401  (registers the tasks)

    assert ("send_search_digests", "") in app.periodic_registry.periodic_tasks


def test_a_reader_follows_at_most_the_searches_the_setting_allows(reader, settings):
    settings.ARCHIVE_MAX_SAVED_SEARCHES = 1
    reader.post("/searches/follow/", {"q": "党建"})
    reader.post("/searches/follow/", {"q": "乡村振兴"})
    assert list(SavedSearch.objects.values_list("query", flat=True)) == ["党建"]
    assert "最多保存 1 个检索" in reader.get("/searches/").content.decode()
