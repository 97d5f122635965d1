"""A reader's path through the archive in a real browser: search from home, filter, open a hit,
follow the outline, narrow to a year on the chart. Screenshots land in screenshots/ (ignored by git)."""

import importlib
import re

import pytest

from reports.models import Theme
from reports.services.ingest import ingest_text
from tests.browser.conftest import shoot
from tests.conftest import seed_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive():
    # A live server needs committed data, so these tests flush the database after each other;
    # the themes a data migration seeded go with it and are put back here.
    seeded = importlib.import_module("reports.migrations.0002_seed_themes").THEMES
    for order, (name, keywords) in enumerate(seeded):
        Theme.objects.get_or_create(name=name, defaults={"keywords": keywords, "order": order})
    for path in seed_files():
        ingest_text(path.read_text(encoding="utf-8"), source_name=path.name)


def test_search_from_home_open_a_hit_and_follow_the_outline(live_server, archive, page):
    page.goto(live_server.url + "/")
    shoot(page, "home")
    page.fill("#home-q", "疫情防控")
    page.press("#home-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("mark", has_text="疫情防控").count() > 0
    shoot(page, "search")

    page.locator(".facet a", has_text="存在问题").first.click()
    page.wait_for_url(re.compile(r"section_kind=problems"))
    assert page.locator(".hit .tag", has_text="存在问题").count() == page.locator(".hit").count()

    page.locator(".hit a.where").first.click()
    page.wait_for_url(re.compile(r"/reports/\d+/.*#s\d+"))
    assert page.locator("mark", has_text="疫情防控").count() > 0
    shoot(page, "report")

    link = page.locator(".outline a").nth(2)
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    assert page.locator(f"{target}:target").count() == 1


def test_clicking_a_year_in_the_chart_narrows_the_search(live_server, archive, page):
    page.goto(live_server.url + "/search/?q=乡村振兴")
    bars = page.locator("svg.chart a")
    assert bars.count() == 2
    bars.last.click()
    page.wait_for_url(re.compile(r"year=2023"))
    assert all("2023" in text for text in page.locator(".hit-group .meta").all_inner_texts())
    shoot(page, "search-year")


def test_reports_list_filters_on_a_phone(live_server, archive, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/reports/")
    page.click("#filters > summary")  # folded on a phone
    page.select_option("#id_period", "first-half")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"period=first-half"))
    assert page.locator("table.list tbody tr").count() == 1
    shoot(page, "reports-phone")


def test_trends_and_issue_pages_render(live_server, archive, page):
    page.goto(live_server.url + "/trends/?q=乡村振兴+党建")
    assert page.locator("svg.chart").count() == 2
    shoot(page, "trends")
    page.goto(live_server.url + "/issues/?view=themes")
    assert page.locator("table.list tbody tr").count() > 3
    shoot(page, "issue-themes")
