"""Full-text search of sections and keyword trends over the years."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from reports.filters import List
from reports.selectors.search import search_sections
from reports.selectors.trends import keyword_trends
from reports.views.charts import WIDE, Bar, Series, bar_chart, line_chart
from reports.views.exports import SEARCH_COLUMNS, TREND_COLUMNS, export_response, search_rows
from reports.views.listing import error_page, filtering, past_the_end, with_params
from reports.views.pages import expensive, reads
from reports.views.params import SearchFilters, TrendFilters

MOST_TOWNSHIPS = 30  # per keyword on /trends/?by_township=1: the townships that mention it most


def _by_township(found, years: list[int]) -> list[tuple[str, list[tuple[str, list]]]]:
    """Per keyword, its townships (those mentioning it most first) with their point in each year (None: no
    report of theirs that year), for the page's per-township tables."""
    tables = []
    for trend in found:
        rows = sorted(trend.by_township.items(), key=lambda item: (-sum(p.mentioning for p in item[1]), item[0]))
        shown = [
            (name, [next((p for p in points if p.year == year), None) for year in years])
            for name, points in rows[:MOST_TOWNSHIPS]
            if any(p.mentioning for p in points)
        ]
        tables.append((trend.keyword, shown))
    return tables


def every_year(years) -> list[int]:
    """The years from the first to the last of `years`, none left out."""
    known = [y for y in years if y]
    return list(range(min(known), max(known) + 1)) if known else []


@expensive
@reads(List.SEARCH, "q", "sort", "page", "format")
def search(request: HttpRequest) -> HttpResponseBase:
    form = SearchFilters(request.GET).form
    if not form.is_valid():
        return error_page(request, "检索参数有误", status=400, form=form)
    data = form.cleaned_data
    results = search_sections(**form.search())
    exported = export_response(request, search_rows(results), SEARCH_COLUMNS, "检索", form)
    if exported:
        return exported
    if results.pages and results.page > results.pages:
        return past_the_end(request, results.pages)
    year = data.get("year")
    hits = {v.value: v.count for v in results.facets["year"]}
    bars = [  # every year of the range, a year with no hit as 0: 2019 never stands next to 2021
        Bar(f"{y}", hits.get(y, 0), href=with_params(request, year=y) if hits.get(y) else "", selected=y == year)
        for y in every_year(hits)
    ]
    chart = bar_chart(bars, title=f"“{data['q']}”各年份命中章节数", unit="处") if data["q"] and results.total else ""
    context = {
        **filtering(request, form, List.SEARCH, results.facets),
        "results": results,
        "chart": chart,
        "q": data["q"],
    }
    return render(request, "reports/search.html", context)


@expensive
@reads(List.TRENDS, "q", "sort", "page", "by_township", "format")
def trends(request: HttpRequest) -> HttpResponseBase:
    form = TrendFilters(request.GET).form
    if not form.is_valid():
        return error_page(request, "参数有误", status=400, form=form)
    keywords = form.keywords()
    by_township = form.cleaned_data["by_township"]
    found = keyword_trends(keywords=keywords, filters=form.chosen(), by_township=by_township) if keywords else []
    years = every_year({p.year for t in found for p in t.points})
    rows = [
        {
            "keyword": t.keyword,
            "year": p.year,
            "reports": p.reports,
            "mentioning": p.mentioning,
            "mentions": p.mentions,
            "per_10k": p.per_10k,
        }
        for t in found
        for p in t.points
    ]
    exported = export_response(
        request,
        rows,
        TREND_COLUMNS,
        "趋势",
        form,
    )
    if exported:
        return exported

    def drill(keyword: str, year: str) -> str:
        return reverse("reports:search") + "?" + urlencode({"q": keyword, "year": year})

    labels = [str(y) for y in years]

    def series(measure: str) -> list[Series]:
        """Each keyword's line over every year of the range: a year with no report in scope is 0, not left out."""
        return [
            Series(t.keyword, [getattr(by_year[y], measure) if y in by_year else 0 for y in years])
            for t in found
            for by_year in [{p.year: p for p in t.points}]
        ]

    density = line_chart(labels, series("per_10k"), title="每万字中提及该词的章节数", link=drill, width=WIDE)
    reach = line_chart(labels, series("mentioning"), title="提及该词的报告数", link=drill, width=WIDE)
    context = {
        **filtering(request, form, List.TRENDS, {}),
        "trends": found,
        "years": years,
        "density": density,
        "reach": reach,
        "keywords": keywords,
        "dropped": form.dropped(),
        "by_township": by_township,
        "townships": _by_township(found, years),
    }
    return render(request, "reports/trends.html", context)
