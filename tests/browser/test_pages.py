"""The pages for daily use in a real browser, at desktop and phone sizes, on an archive of 220 reports
(200 synthetic, from the seed paragraphs, and the five seeds) and a province's 1,500 townships: no serious
accessibility fault (axe-core) on any public page, results first on a phone, facets that filter and ✕ that
removes, every search hit reachable, charts and small things. Screenshots land in screenshots/."""

import hashlib
import importlib
import re

import pytest
from django.core.management import call_command

from reports.copying.formulas import shipped_formulas
from reports.models import Formula, Report, Theme, Township
from tests.browser.conftest import shoot
from tests.conftest import seed_files

pytestmark = pytest.mark.browser

DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def _seed_themes():
    """What the migrations seed and `flush` empties: the themes and the shipped formulas."""
    seeded = importlib.import_module("reports.migrations.0002_seed_themes").THEMES
    for order, (name, keywords) in enumerate(seeded):
        Theme.objects.get_or_create(name=name, defaults={"keywords": keywords, "order": order})
    Formula.objects.bulk_create([Formula(text=text) for text in shipped_formulas()], ignore_conflicts=True)


@pytest.fixture(autouse=True)
def _live_server_helper():
    """pytest-django's own would flush the database after each test that uses the live server; here the
    module's archive is built once and flushed once (big_archive)."""
    yield


@pytest.fixture(scope="module")
def big_archive(django_db_setup, django_db_blocker):
    """Committed once for the module (a live server reads it from another connection), flushed after."""
    from bench.search import synthetic_reports
    from reports.services.copies import check_unchecked
    from reports.services.ingest import ingest_batch, prepare_text

    with django_db_blocker.unblock():
        call_command("flush", interactive=False)
        _seed_themes()
        texts = [*synthetic_reports(200), *(p.read_text(encoding="utf-8") for p in seed_files())]
        for start in range(0, len(texts), 50):
            ingest_batch([prepare_text(text) for text in texts[start : start + 50]])
        check_unchecked()  # what the worker does after an ingest
        townships = Township.objects.bulk_create(
            Township(name=f"第{t}号镇", county=f"第{c}号县") for c in range(50) for t in range(30)
        )
        Report.objects.bulk_create(
            Report(
                township=t,
                county=t.county,
                year=2005 + n % 20,
                text=f"{t.pk}",
                sha256=hashlib.sha256(f"t{t.pk}".encode()).hexdigest(),
            )
            for n, t in enumerate(townships)
        )
        yield
        call_command("flush", interactive=False)
        _seed_themes()


def _axe(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def public_pages() -> list[str]:
    return [
        "/",
        "/reports/",
        "/reports/?kind=annual_summary&has_problems=true",
        "/issues/",
        "/issues/?view=themes",
        "/figures/",
        "/figures/?target=true",
        "/plans/",
        "/plans/?follow_up=not_mentioned",
        "/search/",
        "/search/?q=乡村振兴",
        "/search/?q=不存在的词语",
        "/trends/?q=乡村振兴+党建+疫情",
        "/coverage/?county=第7号县",
        "/copies/",
        "/copies/check/",
        "/reports/?sort=copied",
        "/words/",
        "/words/?section_kind=problems",
        "REPORT",
        "COPIES",
        "COPIES_PRINT",
        "COPY_SOURCE",
        "TOWNSHIP",
    ]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_public_page_has_a_serious_accessibility_fault(live_server, big_archive, page, size):
    page.set_viewport_size(size)
    report = Report.objects.exclude(sections__isnull=True).filter(masked_township__gt="").first()
    township = Township.objects.filter(reports__sections__isnull=False).first()
    for path in public_pages():
        path = _named(report, township).get(path, path)
        page.goto(live_server.url + path)
        assert _axe(page) == [], path


def _named(report: Report, township: Township) -> dict[str, str]:
    return {
        "REPORT": f"/reports/{report.pk}/",
        "COPIES": f"/reports/{report.pk}/copies/",
        "COPIES_PRINT": f"/reports/{report.pk}/copies/?view=print",
        "COPY_SOURCE": f"/reports/{report.pk}/copies/{report.copy_top_source_id}/",
        "TOWNSHIP": f"/townships/{township.pk}/",
    }


def test_on_a_phone_no_page_scrolls_sideways(live_server, big_archive, page):
    page.set_viewport_size(PHONE)
    report = Report.objects.exclude(sections__isnull=True).filter(masked_township__gt="").first()
    township = Township.objects.filter(reports__sections__isnull=False).first()
    for path in public_pages():
        page.goto(live_server.url + _named(report, township).get(path, path))
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    shoot(page, "phone-township")
    # Tables with a point show it whole: 复制比, 来源 and 逐段对照 on the screen, not scrolled off to the right.
    copied = Report.objects.filter(copy_ratio__gt=0).order_by("-copy_ratio").first()
    for path in ("/copies/", f"/reports/{copied.pk}/copies/"):
        page.goto(live_server.url + path)
        cells = page.locator("table.stack td.key").all()
        assert cells, path
        for cell in cells[:6]:
            box = cell.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], path
    shoot(page, "phone-copies")


def test_at_1366_no_page_and_no_table_is_wider_than_the_screen(live_server, big_archive, page):
    """A table that scrolls inside its box hides its last columns (the /copies/ table once did at 1366 px)."""
    page.set_viewport_size(DESKTOP)
    report = Report.objects.exclude(sections__isnull=True).filter(masked_township__gt="").first()
    township = Township.objects.filter(reports__sections__isnull=False).first()
    cut = {}
    for path in public_pages():
        page.goto(live_server.url + _named(report, township).get(path, path))
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"], path
        cut[path] = page.evaluate(
            "[...document.querySelectorAll('.table-wrap')].filter(w => w.scrollWidth > w.clientWidth + 1)"
            ".map(w => [w.scrollWidth, w.clientWidth, (w.querySelector('caption') || w).innerText.slice(0, 30)])"
        )
    assert {path: tables for path, tables in cut.items() if tables} == {}
    page.goto(live_server.url + "/words/")
    shoot(page, "desktop-words")


def test_a_copy_shows_beside_its_source_with_the_copied_text_marked(live_server, big_archive, page):
    report = Report.objects.filter(copy_ratio__gt=0).order_by("-copy_ratio").first()
    page.goto(live_server.url + "/copies/")
    page.get_by_role("link", name="全部报告按复制比排列（可筛选、导出）").click()
    page.wait_for_url(re.compile(r"sort=copied"))
    assert page.locator("table.list tbody tr td a[href$='/copies/']").first.inner_text().endswith("%")
    page.goto(live_server.url + f"/reports/{report.pk}/copies/")
    assert page.locator("mark.copied").count() > 0
    page.get_by_role("link", name="逐段对照").first.click()
    page.wait_for_url(re.compile(r"/copies/\d+/$"))
    assert page.locator("section.pair").count() > 0 and page.locator("section.pair .same").count() > 0
    page.set_viewport_size(PHONE)
    shoot(page, "phone-copy-source")


def test_a_reader_checks_a_pasted_text_and_prints_the_result_to_pdf(live_server, big_archive, page):
    """/copies/check/ in the browser, its print layout rendered to PDF by Chromium and the PDF's text read back;
    the stored report's print layout too."""
    import pypdfium2 as pdfium

    source = Report.objects.get(township__name="管仲镇")  # a seed: its text is its own, not the synthetic ones'
    lifted = source.text[300:700]
    page.goto(live_server.url + "/copies/check/")
    page.get_by_label("粘贴文字").fill(
        "远山县红旗乡2024年工作总结\n一、主要工作\n" + lifted + "\n二、存在的问题\n一是基础薄弱。"
    )
    page.get_by_role("button", name="开始查重").click()
    page.wait_for_selector("sup.source-mark")
    assert "没有存入档案库" in page.content() and page.locator(".copy-summary .ratio").inner_text().startswith(
        "总文字复制比"
    )
    shoot(page, "copy-check-result")
    page.get_by_role("button", name="打印版（可存为 PDF）").click()
    page.wait_for_selector("h1:has-text('文本复制检测报告单')")
    shoot(page, "copy-check-print")
    for printed in (page.pdf(format="A4", print_background=True), _stored_pdf(page, live_server, source)):
        document = pdfium.PdfDocument(printed)
        text = "".join(document[n].get_textpage().get_text_range() for n in range(len(document)))
        flat = re.sub(r"\s+", "", text)
        assert "文本复制检测报告单" in flat and "总文字复制比" in flat and "全文标明引文" in flat, flat[:300]
        assert "全文对照" in flat and "[1]" in flat
        assert "乡镇工作报告档案库" in flat and "检索" not in flat[:40]  # the site's navigation is not printed


def _stored_pdf(page, live_server, report: Report) -> bytes:
    page.goto(live_server.url + f"/reports/{report.pk}/copies/?view=print")
    return page.pdf(format="A4", print_background=True)


def test_on_a_phone_the_first_search_hit_is_on_the_first_screen(live_server, big_archive, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/search/?q=乡村振兴")
    assert page.locator("#filters").get_attribute("open") is None  # filters folded
    assert page.locator("#chart").get_attribute("open") is None  # the chart too
    first = page.locator(".hit").first.bounding_box()
    assert first["y"] < PHONE["height"], first
    shoot(page, "phone-search")
    page.click("#filters > summary")
    page.locator("[data-filter=section_kind] a").first.click()
    page.wait_for_url(re.compile(r"section_kind=\w+"))
    assert "已选 1 项" in page.locator("#filters > summary").inner_text()


def test_on_a_phone_the_reports_list_starts_with_reports(live_server, big_archive, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/reports/")
    assert page.locator("table.list tbody tr").first.bounding_box()["y"] < PHONE["height"]
    shoot(page, "phone-reports")


def test_filters_apply_when_sent_not_on_an_arrow_key_and_send_no_empty_parameters(live_server, big_archive, page):
    page.goto(live_server.url + "/reports/")
    page.focus("#id_period")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == live_server.url + "/reports/"  # a select does not reload the page
    page.select_option("#id_period", "first-half")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"/reports/\?period=first-half$"))  # nothing empty in the address
    assert page.locator(".chips li", has_text="期间：上半年").count() == 1
    count = int(re.search(r"共 (\d+) 份", page.locator("h1").inner_text()).group(1))
    facet = page.locator("[data-filter=period] a.chosen").inner_text()
    assert "上半年" in facet and count == Report.objects.filter(period="first-half").count()
    page.locator(".chips li", has_text="期间：上半年").get_by_role("link").click()
    page.wait_for_url(live_server.url + "/reports/?")
    assert page.locator(".chips").count() == 0
    shoot(page, "reports-filters")


def test_every_search_hit_is_reachable_past_the_ranked_ones(live_server, big_archive, page):
    page.goto(live_server.url + "/search/?q=党建")
    total = int(re.search(r"找到 (\d+) 个章节", page.locator(".summary").inner_text()).group(1))
    assert total > 200  # more than the ranked window
    last = -(-total // 20)
    page.goto(live_server.url + f"/search/?q=党建&page={last}")
    assert page.locator(".hit").count() == total - (last - 1) * 20
    assert page.locator("a[rel=next]").count() == 0 and page.locator("text=没有找到").count() == 0
    shoot(page, "search-last-page")


def test_an_empty_search_draws_no_chart_and_offers_no_download(live_server, big_archive, page):
    page.goto(live_server.url + "/search/?q=不存在的词语")
    assert page.locator("svg.chart").count() == 0 and page.locator(".exports").count() == 0
    assert page.locator("text=没有找到包含“不存在的词语”的章节").count() == 1


def test_trends_say_which_keyword_was_left_out_and_keep_lines_apart(live_server, big_archive, page):
    page.goto(live_server.url + "/trends/?q=党建+疫情+干部+乡村振兴+招商引资+作风")
    assert page.locator("text=未比较：作风").count() == 1
    legend = page.locator("svg.chart").first.locator(".legend")
    assert legend.count() == 5
    ticks = page.locator("svg.chart").first.locator("text.axis[text-anchor=end]").all_text_contents()
    assert all(re.fullmatch(r"\d+(\.\d)?", t) for t in ticks), ticks  # round numbers
    page.set_viewport_size(PHONE)
    page.goto(page.url)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('svg.chart text.axis')).fontSize)")
    scale = page.evaluate("document.querySelector('svg.chart').getBoundingClientRect().width / 400")
    assert size * scale >= 9, (size, scale)  # no 5-pixel text on a phone
    shoot(page, "phone-trends")


def test_the_coverage_of_a_province_lists_counties_and_a_county_keeps_its_township_column_in_view(
    live_server, big_archive, page
):
    page.goto(live_server.url + "/")
    assert page.locator("table.coverage tbody tr").count() >= 50
    assert page.evaluate("document.documentElement.scrollHeight") < 6000
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # the table scrolls, not the page
    shoot(page, "home-province")
    page.set_viewport_size(PHONE)
    page.locator("table.coverage a", has_text="第7号县").click()
    page.wait_for_url(re.compile(r"/coverage/\?county="))
    assert page.locator("table.coverage tbody tr").count() == 30
    wrap = page.locator(".coverage-wrap")
    wrap.evaluate("element => element.scrollLeft = 400")
    first = page.locator("table.coverage tbody th").first.bounding_box()
    assert first["x"] < 40  # the township column stayed at the left edge
    shoot(page, "phone-county")


def test_a_mask_is_read_out_and_the_focus_ring_is_seen(live_server, big_archive, page):
    report = Report.objects.filter(masked_township="**镇").first()
    page.goto(live_server.url + f"/reports/{report.pk}/")
    mask = page.locator(".mask").first
    assert mask.locator(".sr-only").inner_text() == "已隐去"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert outline == "rgb(11, 61, 145)"
