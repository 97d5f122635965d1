"""Every list can be read as CSV or JSON through the same filters: ?format=csv or ?format=json. Each list's
columns (key, Chinese header) and its row maker are declared here, once.

CSV is what users open in Excel or WPS: UTF-8 with a BOM (so the Chinese reads right), and a text cell
that would start a formula (= + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP
advises against CSV injection. Both stream at most ARCHIVE_EXPORT_MAX_ROWS rows and say so when cut.
"""

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import islice
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.html import strip_tags

from reports.copying.followup import FOLLOW_UPS
from reports.filters import COUNTY_LABEL, chips
from reports.models import Figure, Issue, Plan, Report
from reports.selectors.links import absolute

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> object:
    """'=HYPERLINK("http://…")' -> "'=HYPERLINK(…)": shown as text by Excel and WPS, never run."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def export_response(
    request: HttpRequest, rows: Iterable[dict], columns: Sequence[tuple[str, str]], filename: str, form=None
) -> HttpResponseBase | None:
    """A CSV or JSON response of at most ARCHIVE_EXPORT_MAX_ROWS rows, or None for the HTML page. The file is
    named by what it holds: `filename` and the chosen filters ('报告_青石县_2022年.csv')."""
    fmt = request.GET.get("format", "")
    if fmt not in ("csv", "json"):
        return None
    cap = settings.ARCHIVE_EXPORT_MAX_ROWS
    if fmt == "json":
        data = [{key: row.get(key) for key, _ in columns} for row in islice(rows, cap + 1)]
        body = {"count": min(len(data), cap), "truncated": len(data) > cap, "results": data[:cap]}
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response = StreamingHttpResponse(_csv_lines(rows, columns, cap), content_type="text/csv; charset=utf-8")
    name = export_name(filename, form)
    response["Content-Disposition"] = f"attachment; filename=\"export.csv\"; filename*=UTF-8''{quote(name)}.csv"
    return response


def export_name(base: str, form=None) -> str:
    """'报告' and a form with a county and a year chosen -> '报告_青石县_2022年': what a file saved from it holds."""
    parts = [base]
    if form is not None and form.is_valid():
        query = form.cleaned_data.get("q")
        parts += [query.strip()[:20]] if query and query.strip() else []
        parts += [chip.value for chip in chips(form.chosen())]
    name = "_".join(part for part in parts if part)
    return re.sub(r'[\\/:*?"<>|\s]+', "-", name)[:80]


def _csv_lines(rows: Iterable[dict], columns: Sequence[tuple[str, str]], cap: int) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([header for _, header in columns])
    for written, row in enumerate(rows):
        if written == cap:
            yield writer.writerow([f"（已截断：只导出了前 {cap} 行，请缩小筛选范围后分批导出）"])
            return
        yield writer.writerow([safe_cell(_shown(key, row.get(key, ""))) for key, _ in columns])


# Ratios a CSV shows as the pages do ('12.3%'); JSON keeps the fraction, for a reader's own sums.
PERCENT_COLUMNS = frozenset({"copy_ratio", "copy_top_ratio", "source_ratio"})


def _shown(key: str, value: object) -> object:
    if key in PERCENT_COLUMNS and isinstance(value, float):
        return f"{value:.1%}"
    return value


# --- each list's columns ---------------------------------------------------------------------------------

REPORT_COLUMNS = [
    ("id", "编号"),
    ("title", "标题"),
    ("township", "乡镇"),
    ("county", COUNTY_LABEL),
    ("year", "年份"),
    ("period", "期间"),
    ("kind", "类型"),
    ("issues", "问题数"),
    ("copy_ratio", "总文字复制比"),
    ("copy_top_ratio", "单源最大复制比"),
    ("copy_top_source", "最大来源（编号）"),
    ("copied_from", "复制来源"),
    ("url", "链接"),
]

TREND_COLUMNS = [
    ("keyword", "关键词"),
    ("year", "年份"),
    ("reports", "报告数"),
    ("mentioning", "提及的报告数"),
    ("mentions", "提及该词的章节数"),
    ("per_10k", "每万字中提及该词的章节数"),
]

WORD_COLUMNS = [
    ("table", "类别"),
    ("word", "词"),
    ("year", "年份"),
    ("count", "当年次数"),
    ("per_10k", "当年每万词"),
    ("before", "往年次数"),
    ("per_10k_before", "往年每万词"),
    ("z", "变化显著性（z）"),
]

SOURCE_COLUMNS = [  # a 查重 result's sources, numbered as its marked text numbers them
    ("number", "编号"),
    ("title", "来源报告"),
    ("township", "乡镇"),
    ("year", "年份"),
    ("copied_characters", "相同字数"),
    ("source_ratio", "复制比"),
    ("same_township", "来源"),
    ("url", "链接"),
]

PAIR_COLUMNS = [
    ("first", "乡镇甲"),
    ("second", "乡镇乙"),
    ("characters", "相同文字（两边合计）"),
    ("reports", "涉及报告数"),
]


def report_row(report: Report) -> dict:
    return {
        "id": report.pk,
        "title": report.display_title,
        "township": report.township_label,
        "county": report.county,
        "year": report.year,
        "period": _LABELS["period"].get(report.period, report.period),
        "kind": _LABELS["kind"].get(report.kind, report.kind),
        "issues": getattr(report, "issue_count", None),
        "copy_ratio": report.copy_ratio,
        "copy_top_ratio": report.copy_top_ratio,
        "copy_top_source": report.copy_top_source_id,
        "copied_from": _LABELS["copied_from"].get(report.copied_from, "尚未检查"),
        "url": report_url(report.pk),
    }


# An export writes up to 10,000 rows: Django's get_FOO_display and reverse() for each took half its time.
_LABELS = {
    "period": dict(Report.Period.choices),
    "kind": dict(Report.Kind.choices),
    "copied_from": dict(Report.CopiedFrom.choices),
}


@cache
def _report_url_pattern() -> str:
    return absolute(reverse("reports:report", args=[0]).replace("/0/", "/{}/"))


def report_url(pk: int) -> str:
    """A report's page, absolute (ARCHIVE_SITE_URL): an exported link works where the file is opened."""
    return _report_url_pattern().format(pk)


ISSUE_COLUMNS = [
    ("id", "编号"),
    ("title", "问题"),
    ("themes", "主题"),
    ("township", "乡镇"),
    ("county", COUNTY_LABEL),
    ("year", "年份"),
    ("report", "报告"),
    ("text", "全文"),
    ("url", "链接"),
]


def issue_row(issue: Issue) -> dict:
    return {
        "id": issue.pk,
        "title": issue.title,
        "themes": "、".join(t.name for t in issue.themes.all()),
        "township": issue.report.township_label,
        "county": issue.report.county,
        "year": issue.report.year,
        "report": issue.report.display_title,
        "text": issue.text,
        "url": report_url(issue.report_id) + f"#s{issue.section_id}",
    }


FIGURE_COLUMNS = [
    ("id", "编号"),
    ("indicator", "指标"),
    ("value", "数值"),
    ("unit", "单位"),
    ("shown", "原文数字"),
    ("kind", "类型"),
    ("modifier", "修饰词"),
    ("change", "增减幅度"),
    ("township", "乡镇"),
    ("county", COUNTY_LABEL),
    ("year", "年份"),
    ("sentence", "所在句子"),
    ("url", "链接"),
]


def figure_row(figure: Figure) -> dict:
    """A figure as exported: its value in the stored unit (万 and 亿 folded in), empty when masked."""
    return {
        "id": figure.pk,
        "indicator": figure.indicator,
        "value": figure.value,
        "unit": figure.unit,
        "shown": figure.text,
        "kind": "目标" if figure.target else "完成数",
        "modifier": figure.modifier,
        "change": "是" if figure.change else "",
        "township": figure.report.township_label,
        "county": figure.report.county,
        "year": figure.report.year,
        "sentence": figure.sentence,
        "url": report_url(figure.report_id) + (f"#s{figure.section_id}" if figure.section_id else ""),
    }


PLAN_COLUMNS = [
    ("id", "编号"),
    ("title", "计划"),
    ("township", "乡镇"),
    ("county", COUNTY_LABEL),
    ("year", "年份"),
    ("follow_up", "次年落实情况"),
    ("checked", "人工核定"),
    ("evidence", "依据（次年报告原句）"),
    ("evidence_url", "次年报告链接"),
    ("text", "全文"),
    ("url", "链接"),
]
_FOLLOW_UPS = dict(FOLLOW_UPS)


def plan_row(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "title": plan.title,
        "township": plan.report.township_label,
        "county": plan.report.county,
        "year": plan.report.year,
        "follow_up": _FOLLOW_UPS.get(plan.follow_up, "尚未对照"),
        "checked": "是" if plan.follow_up_checked else "",
        "evidence": plan.evidence,
        "evidence_url": report_url(plan.evidence_report_id) if plan.evidence_report_id else "",
        "text": plan.text,
        "url": report_url(plan.report_id) + f"#s{plan.section_id}",
    }


SEARCH_COLUMNS = [
    ("report_id", "报告编号"),
    ("report", "报告"),
    ("township", "乡镇"),
    ("year", "年份"),
    ("section", "章节"),
    ("kind", "部分"),
    ("snippet", "摘录"),
    ("url", "链接"),
]


def search_rows(results):
    for group in results.groups:
        for hit in group.hits:
            yield {
                "report_id": group.report.pk,
                "report": group.report.display_title,
                "township": group.report.township_label,
                "year": group.report.year,
                "section": f"{hit.section.number} {hit.section.heading}".strip(),
                "kind": hit.section.get_kind_display(),
                "snippet": strip_tags(hit.snippet),
                "url": report_url(group.report.pk) + f"#s{hit.section.pk}",
            }
