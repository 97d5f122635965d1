"""Every page over real HTTP through Django's test client, on the seeds in a real PostgreSQL."""

import csv
import io
import re

import pytest
from django.urls import reverse

from reports.models import Issue, Report, Theme
from reports.services.ingest import ingest_text
from tests.conftest import SEEDS

pytestmark = pytest.mark.django_db


def page(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def test_home_shows_the_archive_at_a_glance(client, archive):
    html = page(client, "/")
    assert "<strong>5</strong> 份报告" in html
    assert "2022–2023" in html
    assert '<a href="/coverage/?county=%E9%84%82%E5%89%8D%E6%97%97">鄂前旗</a>' in html  # a row per county
    assert '<a href="/coverage/?county=">（县未写明）</a>' in html
    assert "<title>首页 · 乡镇工作报告档案库</title>" in html


def test_a_county_s_coverage_lists_its_townships_and_its_masked_ones_apart(client, archive):
    html = page(client, "/coverage/", {"county": ""})
    assert '<a href="/townships/' in html and "管仲镇" in html
    assert html.count('<tr class="masked-row">') == 3  # *镇, **镇 and the unknown one, after the named ones
    assert html.index("管仲镇") < html.index('<tr class="masked-row">')
    inner_mongolia = page(client, "/coverage/", {"county": "鄂前旗"})
    assert inner_mongolia.count('<tr class="masked-row">') == 1 and "管仲镇" not in inner_mongolia


def test_home_has_a_helpful_empty_state(client):
    assert "档案库里还没有报告" in page(client, "/")


def test_reports_list_filters_and_counts(client, archive):
    html = page(client, "/reports/", {"year": "2023"})
    assert "共 1 份" in html
    html = page(client, "/reports/", {"period": "first-half"})
    assert "共 1 份" in html and "半年工作总结" in html
    html = page(client, "/reports/", {"has_problems": "false"})
    assert "共 1 份" in html


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"township": "999999"}, {"kind": "poem"}, {"page": "abc"}, {"sort": "nonsense"}]
)
def test_bad_list_parameters_give_400_not_500(client, archive, params):
    html = page(client, "/reports/", params, status=400)
    assert "有误" in html or "页码" in html


def test_a_page_past_the_end_leads_to_the_last_page(client, archive):
    """Once, search said '找到 146 个章节', '没有找到…' and '第 9 / 8 页' together."""
    response = client.get("/reports/", {"page": "999", "year": "2022"})
    assert response.status_code == 302 and response["Location"] == "/reports/?year=2022"  # one page: the first
    response = client.get("/search/", {"q": "党", "page": "999"})
    assert response.status_code == 302
    last = client.get(response["Location"]).content.decode()
    assert 'aria-current="page"' in last and "没有找到" not in last


def test_reports_export_as_csv_and_json(client, archive):
    response = client.get("/reports/", {"format": "csv", "year": "2022"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "标题", "乡镇"]
    assert len(rows) == 1 + Report.objects.filter(year=2022).count()
    data = client.get("/reports/", {"format": "json", "year": "2022"}).json()
    assert data["count"] == Report.objects.filter(year=2022).count()


def test_the_list_pages_make_a_fixed_number_of_queries(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/reports/")
    with django_assert_max_num_queries(14):
        client.get("/issues/")
    with django_assert_max_num_queries(11):  # one more than before: the theme select's choices
        client.get("/search/", {"q": "党建"})


def test_a_report_page_has_outline_text_issues_and_masks(client, archive):
    report = Report.objects.get(masked_township="**镇")
    html = page(client, reverse("reports:report", args=[report.pk]))
    problems = report.sections.get(heading="存在问题")
    assert f'href="#s{problems.pk}"' in html and f'id="s{problems.pk}"' in html
    assert "疫情防控存在短板" in html
    assert '<span class="mask"><span aria-hidden="true">▒▒</span><span class="sr-only">已隐去</span></span>镇' in html
    assert "**镇" not in html


def test_a_report_page_marks_the_search_terms(client, archive):
    report = Report.objects.get(township__name="管仲镇")
    html = page(client, reverse("reports:report", args=[report.pk]), {"q": "乡村振兴"})
    assert "<mark>乡村振兴</mark>" in html


def test_the_original_text_downloads(client, archive):
    report = archive[0]
    response = client.get(reverse("reports:report-text", args=[report.pk]))
    assert response.content.decode("utf-8") == report.text
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_report_is_a_404_in_the_sites_style(client, archive):
    html = page(client, "/reports/999999/", status=404)
    assert "找不到这个页面" in html


def test_issues_filter_by_theme_and_text(client, archive):
    theme = Theme.objects.get(name="疫情防控")
    html = page(client, "/issues/", {"theme": theme.pk})
    assert "疫情防控存在短板" in html and "共 1 个" in html
    html = page(client, "/issues/", {"q": "招商"})
    assert "<mark>招商</mark>引资落地的大项目" in html


def test_issues_grouped_by_theme_and_year(client, archive):
    html = page(client, "/issues/", {"view": "themes"})
    assert "问题主题逐年汇总" in html and "干部队伍" in html


def test_issues_export_csv(client, archive):
    response = client.get("/issues/", {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 + Issue.objects.count()


def test_search_page_groups_hits_with_a_year_chart(client, archive):
    html = page(client, "/search/", {"q": "乡村振兴"})
    assert "<mark>乡村振兴</mark>" in html
    assert "<svg" in html and "?q=%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4&amp;year=2022" in html
    assert "<title>“乡村振兴”的检索结果 · 乡镇工作报告档案库</title>" in html


def test_search_says_when_counts_cover_only_the_first_hits(client, archive, monkeypatch):
    from reports.selectors import search as selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 2)
    html = page(client, "/search/", {"q": "党建"})
    assert "找到 3+ 个章节；前 2 个按相关度排列，其余按时间排列" in html
    assert "左侧各项的计数只统计了前 3 个" in html
    assert "从第 3 个起按时间排列，最新的在前" in html
    monkeypatch.setattr(selectors, "COUNT_CAP", 2_000)
    assert "计数只统计" not in page(client, "/search/", {"q": "党建"})


def test_search_with_no_hits_says_so(client, archive):
    assert "没有找到包含“不存在的词语”的章节" in page(client, "/search/", {"q": "不存在的词语"})


def test_search_escapes_the_query_it_shows(client, archive):
    html = page(client, "/search/", {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in html


def test_search_results_export(client, archive):
    data = client.get("/search/", {"q": "乡村振兴", "format": "json"}).json()
    assert data["count"] > 0 and all("乡村振兴" in row["snippet"] for row in data["results"])


def test_trends_compare_keywords(client, archive):
    html = page(client, "/trends/", {"q": "乡村振兴 党建"})
    assert html.count("<svg") == 2
    assert "/search/?q=%E4%B9%A1%E6%9D%91%E6%8C%AF%E5%85%B4&amp;year=2022" in html
    rows = client.get("/trends/", {"q": "乡村振兴", "format": "json"}).json()["results"]
    assert {row["year"] for row in rows} == {2022, 2023}


def test_township_page_lists_its_reports_and_issues(client, archive):
    report = Report.objects.get(township__name="管仲镇")
    html = page(client, reverse("reports:township", args=[report.township_id]))
    assert "管仲镇" in html and "群众工作还需更加精细精准" in html


@pytest.mark.django_db
def test_the_original_file_can_be_downloaded_from_the_report_page(client):
    from reports.services.ingest import ingest_prepared, prepare_file

    data = (SEEDS.parent / "tests" / "fixtures" / "formats" / "003_8ed8cfca5c16b57e.doc").read_bytes()
    report = ingest_prepared(prepare_file(data, filename="材料/红星镇.doc"))
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f"/reports/{report.pk}/original" in page and "下载原始文件" in page and "Word 97-2003（.doc）" in page
    response = client.get(f"/reports/{report.pk}/original")
    assert response.content == data and response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''%E7%BA%A2%E6%98%9F%E9%95%87.doc"
    text_only = ingest_text((SEEDS / "001_63944fab751146e4.txt").read_text(encoding="utf-8"))
    assert client.get(f"/reports/{text_only.pk}/original").status_code == 404


@pytest.mark.django_db
def test_a_chosen_township_is_a_chip_to_remove_and_is_kept_by_the_form_not_listed_in_a_select(client):
    from reports.models import Township

    chosen = Township.objects.create(name="<b>白杨镇</b>", county="和平县")
    html = client.get("/reports/", {"township": chosen.pk, "kind": "annual_summary"}).content.decode()
    assert "乡镇：&lt;b&gt;白杨镇&lt;/b&gt;" in html and "<b>白杨镇</b>" not in html
    assert '<a href="?kind=annual_summary" aria-label="去掉条件：乡镇 &lt;b&gt;白杨镇&lt;/b&gt;"' in html
    assert f'<input type="hidden" name="township" value="{chosen.pk}">' in html
    assert 'name="township"' not in html.replace(f'<input type="hidden" name="township" value="{chosen.pk}">', "")


def test_a_bad_parameter_is_named_by_its_chinese_label_not_its_name(client, archive):
    html = client.get("/search/", {"q": "党建", "year": "1700", "theme": "999999"}).content.decode()
    assert "年份：" in html and "问题主题：" in html
    assert "year：" not in html and "theme：" not in html


def test_staff_who_may_edit_get_a_link_where_a_report_asks_for_an_edit(client, editor_client, archive):
    report = Report.objects.get(masked_township="**镇")
    edit = f'href="/admin/reports/report/{report.pk}/change/"'
    assert "请编辑指定" in page(client, f"/reports/{report.pk}/") and edit not in page(client, f"/reports/{report.pk}/")
    assert edit in editor_client.get(f"/reports/{report.pk}/").content.decode()


def test_every_page_has_an_icon(client, archive):
    assert '<link rel="icon" href="/static/favicon.svg"' in page(client, "/")
    assert client.get("/favicon.ico")["Location"] == "/static/favicon.svg"


def test_search_pages_are_numbered_with_first_and_last(client, archive, settings):
    html = page(client, "/search/", {"q": "党", "page": "3"})
    bar = re.search(r'<nav class="pagination".*?</nav>', html, re.S).group()
    numbers = re.findall(r'aria-label="第 (\d+) 页"', bar)
    assert "首页" in bar and "上一页" in bar and 'aria-current="page" class="current">3<' in bar
    assert numbers[:3] == ["1", "2", "4"] or numbers[:2] == ["1", "2"]


def test_and_和_且_are_read_as_and_and_a_pasted_sentence_is_searched_by_its_beginning(client, archive):
    both = page(client, "/search/", {"q": "党建 AND 疫情"})
    assert page(client, "/search/", {"q": "党建 疫情"}).count('class="hit"') == both.count('class="hit"')
    assert both.count('class="hit"') == page(client, "/search/", {"q": "党建 和 疫情"}).count('class="hit"')
    sentence = "坚持以习近平新时代中国特色社会主义思想为指导全面贯彻落实党的二十大精神"
    sentence += "深入推进全面从严治党向纵深发展不断提高"
    html = page(client, "/search/", {"q": sentence})
    assert f"有 {len(sentence)} 字，超过每个词 50 字的上限，只按前 50 字检索" in html
    assert f'value="{sentence}"' in html  # the query stays in the box


def test_charts_and_the_trends_table_show_every_year_of_the_range_zero_as_zero(client, db):
    """Once, a year with no hit was left out, so 2019 stood next to 2021."""
    for year in (2019, 2021):
        ingest_text(
            f"柳湾镇{year}年工作总结\n一、主要工作\n推进乡村振兴，发展特色产业。\n二、存在的问题\n一是基础薄弱。\n"
        )
    search = page(client, "/search/", {"q": "乡村振兴"})
    assert re.findall(r">(20\d\d)</text>", search) == ["2019", "2020", "2021"]
    trends = page(client, "/trends/", {"q": "乡村振兴"})
    rows = re.findall(r'<th scope="row">(20\d\d)</th>(.*?)</tr>', trends, re.S)
    assert [year for year, _ in rows] == ["2019", "2020", "2021"]
    assert "<td>0/0</td>" in rows[1][1]


def test_the_grid_s_cells_link_to_their_year_s_list_and_县未写明_is_one_count_everywhere(client, db):
    for text in (
        "青石县柳湾镇2021年工作总结\n一、主要工作\n做了工作。\n",
        "石桥乡2021年工作总结\n一、主要工作\n做了工作。\n",  # no county
        "*镇2021年工作总结\n一、主要工作\n做了工作。\n",  # no county, masked
        "白杨镇2022年工作总结\n一、主要工作\n做了工作。\n",  # no county
    ):
        ingest_text(text + "二、存在的问题\n一是产业链条短，基础设施薄弱，群众增收渠道窄。\n")
    home = page(client, "/")
    assert 'href="/reports/?county=青石县&amp;year=2021"' in home
    row = re.search(r"（县未写明）</a></th>\s*<td>(\d+)</td>", home).group(1)
    coverage = page(client, "/coverage/", {"county": ""})
    assert row == "2" and '<span class="count">2 个乡镇</span>' in coverage  # the masked report is no township
    township = Report.objects.get(title__startswith="石桥乡").township_id
    assert f'href="/reports/?township={township}&amp;year=2021"' in coverage


def test_a_report_a_township_and_a_copy_check_read_as_json(client, archive):
    from reports.models import Township

    report = Report.objects.exclude(township=None).exclude(sections=None).first()
    data = client.get(f"/reports/{report.pk}/", {"format": "json"}).json()
    assert data["id"] == report.pk and data["url"] == f"http://127.0.0.1:8000/reports/{report.pk}/"
    assert data["sections"] and {"title", "themes", "start", "end"} <= set(data["issues"][0])
    assert isinstance(data["figures"], list) and "plans" in data
    township = client.get(f"/townships/{report.township_id}/", {"format": "json"}).json()
    assert township["name"] == Township.objects.get(pk=report.township_id).name
    assert [r["id"] for r in township["reports"]] and {"indicators", "targets", "plans"} <= set(township)
    copied = Report.objects.filter(copy_ratio__gt=0).first()
    check = client.get(f"/reports/{copied.pk}/copies/", {"format": "json"}).json()
    assert check["ratio"] == pytest.approx(copied.copy_ratio, abs=0.001) and check["parts"] and check["sources"]
    passage = check["passages"][0]
    assert passage["text"] == copied.text[passage["start"] : passage["end"]]


def test_trends_by_township_on_the_page(client, db):
    """Once, by_township did nothing on /trends/ (only the API read it)."""
    for name, year, says in (
        ("柳湾镇", 2020, "推进乡村振兴"),
        ("柳湾镇", 2021, "抓好安全生产"),
        ("石桥乡", 2021, "推进乡村振兴"),
    ):
        ingest_text(f"{name}{year}年工作总结\n一、主要工作\n{says}，发展特色产业。\n二、存在的问题\n一是基础薄弱。\n")
    html = page(client, "/trends/", {"q": "乡村振兴", "by_township": "on"})
    table = html.split("“乡村振兴”在各乡镇的逐年情况", 1)[1]
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S))
    assert re.findall(r"<td>([^<]*)</td>", rows["柳湾镇"]) == ["1/1", "0/1"]
    assert re.findall(r"<td>([^<]*)</td>", rows["石桥乡"]) == ["", "1/1"]  # no report in 2020: blank, not 0
    assert "在各乡镇的逐年情况" not in page(client, "/trends/", {"q": "乡村振兴"})


def test_a_search_can_be_followed_as_a_feed_newest_stored_first(client, db):
    first = ingest_text(
        "柳湾镇2022年工作总结\n一、主要工作\n推进乡村振兴，发展特色产业。\n二、存在的问题\n一是基础薄弱。\n"
    )
    later = ingest_text(
        "石桥乡2019年工作总结\n一、主要工作\n推进乡村振兴，修建道路。\n二、存在的问题\n一是产业链条短。\n"
    )
    ingest_text("白杨镇2023年工作总结\n一、主要工作\n抓好安全生产。\n二、存在的问题\n一是人才缺乏。\n")
    assert "订阅这个检索（Atom）" in page(client, "/search/", {"q": "乡村振兴"})
    response = client.get("/search/feed/", {"q": "乡村振兴"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    links = re.findall(r'<link href="(http://127\.0\.0\.1:8000/reports/\d+/)" rel="alternate"/>', feed)
    assert links == [f"http://127.0.0.1:8000/reports/{later.pk}/", f"http://127.0.0.1:8000/reports/{first.pk}/"]
    assert "“乡村振兴”的新报告" in feed and "白杨镇" not in feed
    assert client.get("/search/feed/").status_code == 400
