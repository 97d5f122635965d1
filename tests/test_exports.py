"""Exports as Excel and WPS users open them: UTF-8 with a BOM, formulas neutralised, cut at a cap that
the file says it reached."""

import csv
import io

import pytest

from reports.models import Report
from reports.services.ingest import Overrides, ingest_text
from reports.views.exports import safe_cell
from tests.conftest import seed_files

pytestmark = pytest.mark.django_db
HOSTILE_TITLE = '=HYPERLINK("http://example.invalid/x","点此查看")'


@pytest.fixture
def archive(archive):
    """The seeds, one of them titled as an attacker would title it."""
    Report.objects.filter(pk=archive[0].pk).update(title=HOSTILE_TITLE)
    return archive


def opened_as_excel_would(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+86 10", "'+86 10"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("乡村振兴", "乡村振兴"),
        (2022, 2022),
        (None, ""),
    ],
)
def test_a_cell_that_would_start_a_formula_is_shown_as_text(value, shown):
    assert safe_cell(value) == shown


def test_a_report_list_export_opens_in_excel_with_chinese_and_no_formula(client, archive):
    raw, rows = opened_as_excel_would(client.get("/reports/", {"format": "csv"}))
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel and WPS need to read UTF-8
    assert rows[0][:3] == ["编号", "标题", "乡镇"]
    titles = [row[1] for row in rows[1:]]
    assert "'" + HOSTILE_TITLE in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows[1:] for cell in row)


def test_an_export_past_the_cap_is_cut_and_says_so(client, archive, settings):
    settings.ARCHIVE_EXPORT_MAX_ROWS = 2
    _, rows = opened_as_excel_would(client.get("/reports/", {"format": "csv"}))
    assert len(rows) == 1 + 2 + 1 and rows[-1][0].startswith("（已截断：只导出了前 2 行")
    data = client.get("/reports/", {"format": "json"}).json()
    assert (data["count"], data["truncated"], len(data["results"])) == (2, True, 2)
    whole = client.get("/issues/", {"format": "json"}, HTTP_ACCEPT="application/json")
    assert whole.json()["truncated"] is True


def test_an_export_under_the_cap_is_whole(client, archive):
    data = client.get("/reports/", {"format": "json"}).json()
    assert (data["count"], data["truncated"]) == (5, False)


def test_overrides_do_not_bypass_the_neutralising(client):
    ingest_text((seed_files()[1]).read_text(encoding="utf-8"), overrides=Overrides(title="@cmd|' /C calc'!A0"))
    _, rows = opened_as_excel_would(client.get("/reports/", {"format": "csv"}))
    assert rows[1][1] == "'@cmd|' /C calc'!A0"


def test_an_export_links_absolutely_shows_ratios_as_the_pages_do_and_is_named_by_its_filters(client, archive):
    from urllib.parse import unquote

    report = Report.objects.exclude(county="").exclude(year=None).first()
    Report.objects.filter(pk=report.pk).update(copy_ratio=0.1234)
    response = client.get("/reports/", {"format": "csv", "county": report.county, "year": report.year})
    _, rows = opened_as_excel_would(response)
    header, row = rows[0], next(r for r in rows[1:] if r[0] == str(report.pk))
    assert row[header.index("链接")] == f"http://127.0.0.1:8000/reports/{report.pk}/"
    assert row[header.index("总文字复制比")] == "12.3%"
    named = unquote(response["Content-Disposition"].split("filename*=UTF-8''")[1])
    assert named == f"报告_{report.county}_{report.year}年.csv"
    data = client.get("/reports/", {"format": "json", "year": report.year}).json()
    assert all(r["url"].startswith("http://127.0.0.1:8000/reports/") for r in data["results"])
    assert next(r for r in data["results"] if r["id"] == report.pk)["copy_ratio"] == 0.1234  # JSON: the fraction
    searched = client.get("/search/", {"q": "党建", "format": "csv"})
    assert unquote(searched["Content-Disposition"].split("''")[1]) == "检索_党建.csv"
