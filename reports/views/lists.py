"""The lists: the home page, reports, problems and a county's coverage, each with its filters and facets,
read as a page or exported (CSV, JSON)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from reports.filters import List, ListFilterSet, count_facets
from reports.models import Figure, Issue, Plan, Report
from reports.search.query import parse_query
from reports.selectors import browsing
from reports.selectors.search import matching_ids
from reports.views.exports import (
    FIGURE_COLUMNS,
    ISSUE_COLUMNS,
    PLAN_COLUMNS,
    REPORT_COLUMNS,
    export_response,
    figure_row,
    issue_row,
    plan_row,
    report_row,
)
from reports.views.listing import EXPORT_CHUNK, error_page, filtering, page_of
from reports.views.pages import reads
from reports.views.params import FigureFilters, IssueFilters, OverviewFilters, PlanFilters, ReportFilters


@reads()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"overview": browsing.overview()})


@reads(List.REPORTS, "sort", "page", "format")
def report_list(request: HttpRequest) -> HttpResponseBase:
    filters = ReportFilters(request.GET, queryset=Report.objects.all())
    form = filters.form
    if not form.is_valid():
        return error_page(request, "筛选条件有误", status=400, form=form)
    chosen = filters.qs
    reports = browsing.report_list(chosen.order_by(*form.ordering()))
    exported = export_response(
        request,
        (report_row(r) for r in reports.iterator(chunk_size=EXPORT_CHUNK)),
        REPORT_COLUMNS,
        "报告",
        form,
    )
    if exported:
        return exported
    page, error = page_of(request, reports)
    if error:
        return error
    context = {
        **filtering(request, form, List.REPORTS, count_facets(List.REPORTS, chosen)),
        "page": page,
        "total": page.paginator.count,
    }
    return render(request, "reports/report_list.html", context)


@reads(List.ISSUES, "q", "page", "format", "view")
def issue_list(request: HttpRequest) -> HttpResponseBase:
    filters = IssueFilters(request.GET, queryset=Issue.objects.all())
    form = filters.form
    if not form.is_valid():
        return error_page(request, "筛选条件有误", status=400, form=form)
    issues = filters.qs
    query = form.cleaned_data["q"].strip()
    if query:
        issues = issues.filter(id__in=matching_ids(query, issues=True))
    issues_found = issues
    issues = issues.select_related("report", "report__township").defer("report__text").prefetch_related("themes")
    issues = issues.order_by("-report__year", "report_id", "order")  # one theme a filter: no row twice
    exported = export_response(
        request, (issue_row(i) for i in issues.iterator(chunk_size=EXPORT_CHUNK)), ISSUE_COLUMNS, "问题", form
    )
    if exported:
        return exported
    if request.GET.get("view") == "themes":
        years, themes = browsing.themes_by_year(issues)
        return render(request, "reports/issue_themes.html", {"form": form, "years": years, "themes": themes})
    page, error = page_of(request, issues)
    if error:
        return error
    context = {
        **filtering(request, form, List.ISSUES, count_facets(List.ISSUES, issues_found)),
        "page": page,
        "query": query,
        "terms": parse_query(query).positive_terms,
        "total": page.paginator.count,
    }
    return render(request, "reports/issue_list.html", context)


@dataclass(frozen=True)
class ItemList:
    """A list of a report's items read one way: figures and plans are each one of these."""

    listing: List
    filters: type[ListFilterSet]
    model: type[Model]
    contains: str  # the field the list's text box ('q') searches
    columns: list[tuple[str, str]]
    row: Callable[[Any], dict]
    export_name: str
    template: str


FIGURES = ItemList(
    List.FIGURES, FigureFilters, Figure, "indicator", FIGURE_COLUMNS, figure_row, "数字", "reports/figure_list.html"
)
PLANS = ItemList(List.PLANS, PlanFilters, Plan, "title", PLAN_COLUMNS, plan_row, "计划", "reports/plan_list.html")


@reads(List.FIGURES, "q", "page", "format")
def figure_list(request: HttpRequest) -> HttpResponseBase:
    """Every figure of the archive's reports: achievements and targets, filtered like the other lists."""
    return _item_list(request, FIGURES)


@reads(List.PLANS, "q", "page", "format")
def plan_list(request: HttpRequest) -> HttpResponseBase:
    """Every plan of the archive's reports, with what the township's next report says of it and the sentence
    that counts: the ledger a 督查 office keeps of what was promised."""
    return _item_list(request, PLANS)


def _item_list(request: HttpRequest, items: ItemList) -> HttpResponseBase:
    """A list of items: filtered, searched by its text box, newest report first, paged or exported."""
    filters = items.filters(request.GET, queryset=items.model._default_manager.all())
    form = filters.form
    if not form.is_valid():
        return error_page(request, "筛选条件有误", status=400, form=form)
    found = filters.qs
    query = form.cleaned_data["q"].strip()
    if query:
        found = found.filter(**{f"{items.contains}__contains": query})
    rows = found.select_related("report", "report__township").defer("report__text")
    rows = rows.order_by("-report__year", "report_id", "order")
    lines = (items.row(row) for row in rows.iterator(chunk_size=EXPORT_CHUNK))
    exported = export_response(request, lines, items.columns, items.export_name, form)
    if exported:
        return exported
    page, error = page_of(request, rows)
    if error:
        return error
    context = {
        **filtering(request, form, items.listing, count_facets(items.listing, found)),
        "page": page,
        "query": query,
        "total": page.paginator.count,
    }
    return render(request, items.template, context)


@reads("county", empty_means=("county",))
def coverage(request: HttpRequest) -> HttpResponse:
    """One county's townships by year (the home page lists the counties)."""
    form = OverviewFilters({"county": request.GET.get("county", "")}).form
    if not form.is_valid():
        return error_page(request, "参数有误", status=400, form=form)
    county = form.cleaned_data["county"]
    return render(request, "reports/coverage.html", {"county": county, "grid": browsing.coverage_grid(county)})
