"""The parameters of each list page (and its JSON): the list's declared filters (reports.filters), as the list's
django-filter FilterSet, and what else each page takes (a query, an order, a page number). Every value is
bounded; a bad one is a 400."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import F, OrderBy

from reports.filters import FilterForm, List, filterset_for
from reports.forms import MAX_QUERY_CHARS, TextField

SORTS = [("relevance", "相关度"), ("newest", "最新"), ("oldest", "最早")]
# The reports list's orders: parameter value, label, ORM ordering.
REPORT_ORDERS = {
    "": ("年份（新到旧）", ("-year", "township__name", "id")),
    "year": ("年份（旧到新）", ("year", "township__name", "id")),
    "township": ("乡镇名称", ("township__name", "-year", "id")),
    "added": ("最近录入", ("-created_at", "-id")),
    "copied": ("总文字复制比（高到低）", (F("copy_ratio").desc(nulls_last=True), "id")),  # the 查重 list
}
MAX_KEYWORDS = 5  # lines a trends chart can tell apart


class ReportParams(FilterForm):
    sort = forms.ChoiceField(
        required=False, choices=[(value, label) for value, (label, _) in REPORT_ORDERS.items()], label="排序"
    )

    def ordering(self) -> tuple[str | OrderBy, ...]:
        return REPORT_ORDERS[self.cleaned_data.get("sort") or ""][1]


class IssueParams(FilterForm):
    q = TextField(MAX_QUERY_CHARS, label="文字检索")


class FigureParams(FilterForm):
    q = TextField(50, label="指标名称")


class PlanParams(FilterForm):
    q = TextField(50, label="计划中的文字")


class SearchParams(FilterForm):
    q = TextField(MAX_QUERY_CHARS, label="检索词")
    sort = forms.ChoiceField(required=False, choices=SORTS, label="排序")
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000, label="页码")

    def search(self) -> dict[str, Any]:
        """What a search selector takes (search_sections, search_issues), from a valid form."""
        data = self.cleaned_data
        return {
            "query": data["q"],
            "filters": self.chosen(),
            "sort": data["sort"] or "relevance",
            "page": data["page"] or 1,
        }


class TrendParams(SearchParams):
    by_township = forms.BooleanField(required=False)

    def all_keywords(self) -> list[str]:
        raw = self.cleaned_data.get("q") or ""
        return [word for word in raw.replace("，", " ").replace(",", " ").split() if word]

    def keywords(self) -> list[str]:
        return self.all_keywords()[:MAX_KEYWORDS]

    def dropped(self) -> list[str]:
        """Keywords past the chart's limit: the page says they were left out."""
        return self.all_keywords()[MAX_KEYWORDS:]


# Each page's FilterSet: the list's filters, with the page's own parameters in its form.
ReportFilters = filterset_for(List.REPORTS, ReportParams)
IssueFilters = filterset_for(List.ISSUES, IssueParams)
FigureFilters = filterset_for(List.FIGURES, FigureParams)
PlanFilters = filterset_for(List.PLANS, PlanParams)
SearchFilters = filterset_for(List.SEARCH, SearchParams)
IssueSearchFilters = filterset_for(List.ISSUES, SearchParams)  # /api/issues: a search of problems
TrendFilters = filterset_for(List.TRENDS, TrendParams)
OverviewFilters = filterset_for(List.REPORTS)  # 查重's overview and a county's coverage: filters alone
WordFilters = filterset_for(List.WORDS)  # /words/ and /api/words: a year and its scope
