"""The JSON endpoints, /api/…: the same selectors and parameters as the pages, answered as JSON."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from reports.filters import List
from reports.selectors.search import SearchResults, search_issues, search_sections
from reports.selectors.trends import keyword_trends
from reports.selectors.words import word_statistics
from reports.views.pages import expensive, reads
from reports.views.params import IssueSearchFilters, SearchFilters, TrendFilters, WordFilters


def _bad_request(form) -> JsonResponse:
    errors = {field: [str(e) for e in messages] for field, messages in form.errors.items()}
    return JsonResponse({"error": "参数有误", "fields": errors}, status=400, json_dumps_params={"ensure_ascii": False})


def _facets_json(results: SearchResults) -> dict:
    return {
        name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
        for name, values in results.facets.items()
    }


def _envelope(results: SearchResults) -> dict:
    return {
        "query": {
            "terms": results.query.positive_terms,
            "excluded": [t.text for t in results.query.excluded],
            "notes": results.query.notes,
        },
        "total": results.total,
        "total_label": results.total_label,
        "page": results.page,
        "pages": results.pages,
        "has_next": results.has_next,
        "facets": _facets_json(results),
    }


@expensive
@reads(List.SEARCH, "q", "sort", "page")
@require_GET
def search_json(request: HttpRequest) -> JsonResponse:
    form = SearchFilters(request.GET).form
    if not form.is_valid():
        return _bad_request(form)
    results = search_sections(**form.search())
    body = _envelope(results)
    body["results"] = [
        {
            "report": {
                "id": group.report.pk,
                "title": group.report.display_title,
                "township": group.report.township_label,
                "year": group.report.year,
                "kind": group.report.get_kind_display(),
            },
            "hits": [
                {
                    "section": hit.section.pk,
                    "number": hit.section.number,
                    "heading": hit.section.heading,
                    "kind": hit.section.kind,
                    "start": hit.section.start,
                    "snippet_html": str(hit.snippet),
                    "rank": hit.rank,
                }
                for hit in group.hits
            ],
        }
        for group in results.groups
    ]
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@expensive
@reads(List.ISSUES, "q", "sort", "page")
@require_GET
def issues_json(request: HttpRequest) -> JsonResponse:
    form = IssueSearchFilters(request.GET).form
    if not form.is_valid():
        return _bad_request(form)
    results = search_issues(**form.search())
    body = _envelope(results)
    body["results"] = [
        {
            "issue": hit.issue.pk,
            "title": hit.issue.title,
            "themes": [theme.name for theme in hit.issue.themes.all()],
            "report": hit.issue.report_id,
            "township": hit.issue.report.township_label,
            "year": hit.issue.report.year,
            "snippet_html": str(hit.snippet),
        }
        for hit in results.issues
    ]
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@expensive
@reads(List.TRENDS, "q", "sort", "page", "by_township")
@require_GET
def trends_json(request: HttpRequest) -> JsonResponse:
    form = TrendFilters(request.GET).form
    if not form.is_valid():
        return _bad_request(form)
    trends = keyword_trends(
        keywords=form.keywords(), filters=form.chosen(), by_township=form.cleaned_data["by_township"]
    )

    def points(series):
        return [
            {
                "year": p.year,
                "reports": p.reports,
                "reports_mentioning": p.mentioning,
                "mentions": p.mentions,
                "characters": p.characters,
                "per_10k_chars": p.per_10k,
            }
            for p in series
        ]

    body = {
        "keywords": [
            {
                "keyword": trend.keyword,
                "years": points(trend.points),
                "townships": {name: points(series) for name, series in trend.by_township.items()},
            }
            for trend in trends
        ]
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@expensive
@reads(List.WORDS)
@require_GET
def words_json(request: HttpRequest) -> JsonResponse:
    """The statistics of /words/, whole: the year, its totals, and the four lists of words."""
    form = WordFilters(request.GET).form
    if not form.is_valid():
        return _bad_request(form)
    stats = word_statistics(form.chosen())
    body = asdict(stats) | {"compared": stats.compared}
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
