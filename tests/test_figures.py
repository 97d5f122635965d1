"""Figures stored at ingest and shown on a township's page: its indicators over the years (a year with no report
left as a gap) and each target against the next report, over real HTTP on hand-written reports."""

import re

import pytest

from reports.models import Figure, Report
from reports.services.ingest import ingest_text
from reports.services.upkeep import reparse_report

pytestmark = pytest.mark.django_db


def report(year: int, invest: str, income: str, plans: str) -> str:
    return (
        f"青石县柳湾镇{year}年工作总结\n一、主要工作\n全年完成固定资产投资{invest}，同比增长12%。"
        f"农村居民人均可支配收入达到{income}。\n二、存在的问题\n一是产业链条短。\n"
        f"三、{year + 1}年工作打算\n{plans}\n"
    )


@pytest.fixture
def three_years(db):
    plans = "力争完成固定资产投资3亿元，农民人均可支配收入达到1.6万元以上。"
    first = ingest_text(report(2020, "2.6亿元", "15200元", plans))
    second = ingest_text(report(2021, "3.4亿元", "15800元", "力争完成固定资产投资4亿元。"))
    third = ingest_text(report(2023, "X亿元", "17100元", "新建道路10公里。"))  # 2022 has no report
    return first, second, third


def test_figures_are_stored_at_ingest_and_once_after_a_reparse(three_years):
    first = three_years[0]
    stored = list(first.figures.order_by("order").values_list("indicator", "value", "unit", "target", "change"))
    assert stored[:3] == [
        ("固定资产投资", 260_000_000, "元", False, False),
        ("固定资产投资", 12, "%", False, True),
        ("农村居民人均可支配收入", 15_200, "元", False, False),
    ]
    assert ("农村居民人均可支配收入", 16_000, "元", True, False) in stored  # 农民… is the same indicator
    assert all(f.section_id for f in first.figures.all())
    count = first.figures.count()
    reparse_report(Report.objects.get(pk=first.pk))
    assert Figure.objects.filter(report=first).count() == count


def test_a_township_page_shows_its_indicators_over_the_years_and_its_targets_against_outcomes(client, three_years):
    first = three_years[0]
    html = client.get(f"/townships/{first.township_id}/").content.decode()
    table = re.search(r'<table class="list numbers figures">.*?</table>', html, re.S).group()
    assert [y for y in re.findall(r'<th scope="col">(\d{4})</th>', table)] == ["2020", "2021", "2022", "2023"]
    invest = re.search(r"<tr><th scope=\"row\">固定资产投资</th>(.*?)</tr>", table, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", invest, re.S)
    assert "2.6亿元" in cells[0] and "3.4亿元" in cells[1] and cells[2] == "—"  # the gap year shown as a gap
    assert "已隐去" in cells[3]  # masked, never a value
    assert f'href="/reports/{first.pk}/#s' in cells[0]
    targets = re.search(r'<table class="list targets stack">.*?</table>', html, re.S).group()
    target_row = r'<tr>\s*<td data-label="提出年份">(\d{4})</td><th scope="row">([^<]+)</th>(.*?)</tr>'
    rows = re.findall(target_row, targets, re.S)
    outcome = re.compile(r'class="tag outcome-(\w+)">([^<]+)<')
    outcomes = {(year, name): outcome.search(rest).group(2) for year, name, rest in rows}
    assert outcomes[("2020", "固定资产投资")] == "超额"  # 3 亿 planned, 3.4 亿 done
    assert outcomes[("2020", "农村居民人均可支配收入")] == "未达成"  # 1.6 万 planned, 15,800 done
    assert outcomes[("2021", "固定资产投资")] == "次年未报告"  # no 2022 report
    assert "没有次年报告" in targets and "<svg" in html  # a chart for the indicators given in two years or more


def test_the_figures_list_filters_facets_and_exports(client, three_years):
    first = three_years[0]
    page = client.get("/figures/").content.decode()
    assert "3.4亿元" in page and "完成全年" not in page
    assert 'data-filter="unit"' in page and 'data-filter="indicator"' in page and 'data-filter="target"' in page
    targets = client.get("/figures/?target=true&year=2020").content.decode()
    assert "力争完成固定资产投资3亿元" in targets and "2.6亿元" not in targets  # the sentence is the evidence
    assert f'href="/reports/{first.pk}/#s' in targets
    data = client.get("/figures/?indicator=固定资产投资&target=false&format=json").json()
    values = sorted((row["year"], row["unit"], row["value"] or 0) for row in data["results"])
    assert values == [(2020, "%", 12), (2020, "元", 260_000_000), (2021, "%", 12), (2021, "元", 340_000_000),
                      (2023, "%", 12), (2023, "元", 0)]  # fmt: skip
    assert [row["shown"] for row in data["results"] if row["value"] is None] == ["X亿元"]  # masked: no value
    assert all(row["kind"] == "完成数" for row in data["results"])
    csv = client.get("/figures/?q=投资&format=csv")
    body = b"".join(csv.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff编号,指标,数值,单位") and "固定资产投资" in body
    assert client.get("/figures/?year=abc").status_code == 400
