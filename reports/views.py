"""Thin views: read the request, call a selector, answer. The JSON endpoints share the pages' selectors."""

import sys
from dataclasses import dataclass
from functools import cache
from urllib.parse import quote, urlencode

from django.core.paginator import EmptyPage, Paginator
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.views.decorators.http import require_GET

from reports import browsing
from reports.charts import Bar, Series, bar_chart, line_chart
from reports.copies import part_rates, stored_copy_check, stored_pair, township_pairs
from reports.copying.compare import by_line, pairs_from_passages, stretches
from reports.exports import export_response
from reports.filters import COUNTY_LABEL, FilterForm, List, chips, count_facets, filters_of
from reports.forms import QueryParams
from reports.models import Issue, OriginalFile, Report, Township
from reports.pages import expensive, reads
from reports.params import REPORT_ORDERS, IssueParams, ReportParams, SearchParams, TrendParams
from reports.search.query import parse_query
from reports.selectors import SearchResults, keyword_trends, matching_ids, search_issues, search_sections
from reports.status import background_status, database_answers, database_away


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: a page in Chinese, and 503 with advice when PostgreSQL is away (restarting). It
    renders a page of its own without the request's context, which would look up the session: the database
    may be what failed."""
    away = database_away(sys.exc_info()[1])
    if away:
        connection.close()  # the next request connects anew
        heading, message, status = "数据库暂时无法连接", "数据库可能正在重启，请稍后刷新重试。", 503
    else:
        heading, message, status = "服务器出错了", "请稍后再试。问题已记录，如果反复出现，请联系管理员。", 500
    if request.path.startswith(("/api/", "/healthz")):
        body = {"error": f"{heading}：{message}"}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(render_to_string("500.html", {"heading": heading, "message": message}), status=status)


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For docker compose, a load balancer or a monitor: 200 while the database answers, 503 when not; the
    worker's state is told, not judged (the site serves without it)."""
    if not database_answers():
        return JsonResponse({"database": "unreachable"}, status=503)
    status = background_status()
    body = {"database": "ok", "worker_alive": status.worker_alive, "jobs_waiting": status.waiting}
    return JsonResponse(body | {"failed_copy_checks": status.failed_copy_checks})


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
    form = SearchParams(request.GET)
    if not form.is_valid():
        return _bad_request(form)
    data = form.cleaned_data
    results = search_sections(
        query=data["q"], filters=form.chosen(), sort=data["sort"] or "relevance", page=data["page"] or 1
    )
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
    form = SearchParams(request.GET, listing=List.ISSUES)
    if not form.is_valid():
        return _bad_request(form)
    data = form.cleaned_data
    results = search_issues(
        query=data["q"], filters=form.chosen(), sort=data["sort"] or "relevance", page=data["page"] or 1
    )
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
    form = TrendParams(request.GET)
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


# --- pages ---------------------------------------------------------------------------------------

PER_PAGE = 20
EXPORT_CHUNK = 500  # rows fetched at a time while an export streams


MAX_PAGE = 100_000


def _page(request: HttpRequest, items, per_page: int = PER_PAGE):
    """(page, None) or (None, response 400) for a page number that is not a number; past the end is empty."""
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or not 1 <= int(raw) <= MAX_PAGE:
        return None, _error(request, f"页码应为 1 到 {MAX_PAGE} 之间的整数", status=400)
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(int(raw)), None
    except EmptyPage:
        return None, None


def _error(request: HttpRequest, message: str, *, status: int, form=None) -> HttpResponse:
    """An error page; a form's errors are listed by its fields' Chinese labels, never by parameter name."""
    errors = []
    for name, messages in form.errors.items() if form is not None else []:
        label = form.fields[name].label if name in form.fields else ""
        errors += [f"{label}：{m}" if label else m for m in messages]
    return render(request, "reports/error.html", {"message": message, "errors": errors}, status=status)


@reads()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/home.html", {"overview": browsing.overview()})


@dataclass(frozen=True)
class FacetLink:
    """A facet value as the page shows it: chosen ones link to their removal."""

    value: object
    label: str
    count: int
    href: str
    chosen: bool


def _filtering(request: HttpRequest, form, listing: List, facets: dict) -> dict:
    """What every list page shows of its filters: the form, the chosen ones to remove, the facets with
    their links (made here, in one pass, rather than a template tag a value: 150 values a page)."""
    chosen = form.chosen()
    links = []
    for declared in filters_of(listing):
        if not declared.facet:
            continue
        others = [(k, v) for k, v in request.GET.items() if k not in (declared.name, "page")]
        current = request.GET.get(declared.name)
        without = "?" + urlencode(others)
        values = []
        for v in facets.get(declared.name, []):
            here = str(v.value) == current
            href = without if here else "?" + urlencode([*others, (declared.name, v.value)])
            values.append(FacetLink(v.value, v.label, v.count, href, here))
        links.append((declared, values))
    return {
        "form": form,
        "chips": chips(chosen),
        "facets": links,
        "hidden": [(f.name, chosen.get(f.name)) for f in filters_of(listing) if not f.in_form and chosen.get(f.name)],
    }


@reads(List.REPORTS, "sort", "page", "format")
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportParams(request.GET)
    if not form.is_valid():
        return _error(request, "筛选条件有误", status=400, form=form)
    chosen = form.chosen().reports(Report.objects.all())
    reports = browsing.report_list(chosen.order_by(*form.ordering()))
    exported = export_response(
        request,
        (_report_row(r) for r in reports.iterator(chunk_size=EXPORT_CHUNK)),
        [
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
        ],
        "reports",
    )
    if exported:
        return exported
    page, error = _page(request, reports)
    if error:
        return error
    context = {
        **_filtering(request, form, List.REPORTS, count_facets(List.REPORTS, chosen)),
        "page": page,
        "total": page.paginator.count if page else reports.count(),
    }
    return render(request, "reports/report_list.html", context)


def _report_row(report: Report) -> dict:
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
    return reverse("reports:report", args=[0]).replace("/0/", "/{}/")


def report_url(pk: int) -> str:
    """reverse('reports:report', args=[pk]), the pattern reversed once."""
    return _report_url_pattern().format(pk)


@reads("q")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = browsing.report_page(pk)
    except Report.DoesNotExist:
        raise Http404("没有这份报告") from None
    params = QueryParams(request.GET)
    terms = parse_query(params.cleaned_data["q"]).positive_terms if params.is_valid() else []
    return render(request, "reports/report_detail.html", {"page": page, "report": page.report, "terms": terms})


@expensive
@reads()
def report_copies(request: HttpRequest, pk: int) -> HttpResponse:
    """The report against every other (查重), as the copy map keeps it: the check itself ran in the background
    when the report was stored, so a reader's request never checks again (a 470,000-character report took
    2.7 s a request when it did)."""
    report = get_object_or_404(Report.objects.select_related("township"), pk=pk)
    copies = stored_copy_check(report)
    if copies is None:
        return render(request, "reports/copies.html", {"report": report, "copies": None})
    spans = [(p.start, p.end) for p in copies.passages]
    marked = stretches(report.text, ((p.start, p.end, p.report_id) for p in copies.passages), copies.boilerplate)
    lines = by_line(marked) if copies.passages or copies.boilerplate else []
    context = {"report": report, "copies": copies, "lines": lines, "parts": part_rates(report, spans)}
    return render(request, "reports/copies.html", context)


@expensive
@reads(List.REPORTS, "format")
def copy_overview(request: HttpRequest) -> HttpResponse:
    """查重 across the archive: the reports that copy most, and the township pairs that share most text,
    under the reports list's filters; the pairs as CSV or JSON."""
    form = FilterForm(List.REPORTS, request.GET)
    if not form.is_valid():
        return _error(request, "筛选条件有误", status=400, form=form)
    reports = form.chosen().reports(Report.objects.all())
    pairs = township_pairs(reports)
    exported = export_response(
        request,
        (
            {"first": p.first.name, "second": p.second.name, "characters": p.characters, "reports": p.reports}
            for p in pairs
        ),
        [("first", "乡镇甲"), ("second", "乡镇乙"), ("characters", "相同文字（两边合计）"), ("reports", "涉及报告数")],
        "township-pairs",
    )
    if exported:
        return exported
    top = reports.filter(copy_ratio__gt=0).order_by(*REPORT_ORDERS["copied"][1]).select_related("township")[:20]
    context = {
        **_filtering(request, form, List.REPORTS, count_facets(List.REPORTS, reports)),
        "pairs": pairs,
        "top": top,
        "unchecked": reports.filter(copied_from="").count(),
        "list_query": urlencode([*((k, v) for k, v in request.GET.items() if k != "sort"), ("sort", "copied")]),
    }
    return render(request, "reports/copy_overview.html", context)


@expensive
@reads()
def report_copy_source(request: HttpRequest, pk: int, source: int) -> HttpResponse:
    """A report beside one source: the paragraphs they share, with what differs marked, from the passages the
    copy map keeps (aligning two long texts on a request took 1.7 s at 470,000 characters). A report is not
    its own source."""
    if pk == source:
        raise Http404("一份报告不是它自己的来源")
    report = get_object_or_404(Report.objects.select_related("township"), pk=pk)
    other = get_object_or_404(Report.objects.select_related("township"), pk=source)
    pairs = pairs_from_passages(report.text, other.text, stored_pair(report, other))
    return render(request, "reports/copy_source.html", {"report": report, "source": other, "pairs": pairs})


@reads()
def report_text(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.only("text", "source_name", "title"), pk=pk)
    name = (report.source_name.rsplit(".", 1)[0] if report.source_name else f"report-{report.pk}") + ".txt"
    response = HttpResponse(report.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@reads()
def report_original(request: HttpRequest, pk: int) -> HttpResponse:
    """The file the report was read from, as it came. Always a download, never shown in the page: a saved
    web page or a PDF from outside must not run in the archive's origin."""
    report = get_object_or_404(Report.objects.only("original_id"), pk=pk)
    return _download(get_object_or_404(OriginalFile, pk=report.original_id))


@reads()
def report_form(request: HttpRequest, pk: int, form: int) -> HttpResponse:
    """One of the forms a report came in (its .doc, its scan), as a download; only the report's own."""
    return _download(get_object_or_404(OriginalFile, pk=form, report_id=pk))


def _download(original: OriginalFile) -> HttpResponse:
    """A kept file, always as a download, never shown in the page: a saved web page or a PDF from outside must
    not run in the archive's origin."""
    response = HttpResponse(bytes(original.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(original.name.rsplit('/', 1)[-1])}"
    return response


@reads(List.ISSUES, "q", "page", "format", "view")
def issue_list(request: HttpRequest) -> HttpResponse:
    form = IssueParams(request.GET)
    if not form.is_valid():
        return _error(request, "筛选条件有误", status=400, form=form)
    issues = form.chosen().issues(Issue.objects.all())
    query = form.cleaned_data["q"].strip()
    if query:
        issues = issues.filter(id__in=matching_ids(query, issues=True))
    issues_found = issues
    issues = issues.select_related("report", "report__township").defer("report__text").prefetch_related("themes")
    issues = issues.order_by("-report__year", "report_id", "order")  # one theme a filter: no row twice
    exported = export_response(
        request, (_issue_row(i) for i in issues.iterator(chunk_size=EXPORT_CHUNK)), ISSUE_COLUMNS, "issues"
    )
    if exported:
        return exported
    if request.GET.get("view") == "themes":
        years, themes = browsing.themes_by_year(issues)
        return render(request, "reports/issue_themes.html", {"form": form, "years": years, "themes": themes})
    page, error = _page(request, issues)
    if error:
        return error
    context = {
        **_filtering(request, form, List.ISSUES, count_facets(List.ISSUES, issues_found)),
        "page": page,
        "query": query,
        "terms": parse_query(query).positive_terms,
        "total": page.paginator.count if page else issues.count(),
    }
    return render(request, "reports/issue_list.html", context)


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


def _issue_row(issue: Issue) -> dict:
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


@expensive
@reads(List.SEARCH, "q", "sort", "page", "format")
def search(request: HttpRequest) -> HttpResponse:
    form = SearchParams(request.GET)
    if not form.is_valid():
        return _error(request, "检索参数有误", status=400, form=form)
    data = form.cleaned_data
    results = search_sections(
        query=data["q"], filters=form.chosen(), sort=data["sort"] or "relevance", page=data["page"] or 1
    )
    exported = export_response(request, _search_rows(results), SEARCH_COLUMNS, "search")
    if exported:
        return exported
    year = data.get("year")
    bars = [
        Bar(f"{v.value}", v.count, href=_with(request, year=v.value), selected=v.value == year)
        for v in sorted(results.facets["year"], key=lambda v: v.value)
    ]
    chart = bar_chart(bars, title=f"“{data['q']}”各年份命中章节数", unit="处") if data["q"] and results.total else ""
    context = {
        **_filtering(request, form, List.SEARCH, results.facets),
        "results": results,
        "chart": chart,
        "q": data["q"],
    }
    return render(request, "reports/search.html", context)


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


def _search_rows(results):
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


def _with(request: HttpRequest, **changes) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


@expensive
@reads(List.TRENDS, "q", "sort", "page", "by_township", "format")
def trends(request: HttpRequest) -> HttpResponse:
    form = TrendParams(request.GET)
    if not form.is_valid():
        return _error(request, "参数有误", status=400, form=form)
    keywords = form.keywords()
    found = keyword_trends(keywords=keywords, filters=form.chosen()) if keywords else []
    years = sorted({p.year for t in found for p in t.points})
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
        [
            ("keyword", "关键词"),
            ("year", "年份"),
            ("reports", "报告数"),
            ("mentioning", "提及的报告数"),
            ("mentions", "提及该词的章节数"),
            ("per_10k", "每万字中提及该词的章节数"),
        ],
        "trends",
    )
    if exported:
        return exported

    def drill(keyword: str, year: str) -> str:
        return reverse("reports:search") + "?" + urlencode({"q": keyword, "year": year})

    labels = [str(y) for y in years]
    density = line_chart(
        labels,
        [Series(t.keyword, [p.per_10k for p in t.points]) for t in found],
        title="每万字中提及该词的章节数",
        link=drill,
    )
    reach = line_chart(
        labels,
        [Series(t.keyword, [p.mentioning for p in t.points]) for t in found],
        title="提及该词的报告数",
        link=drill,
    )
    context = {
        **_filtering(request, form, List.TRENDS, {}),
        "trends": found,
        "years": years,
        "density": density,
        "reach": reach,
        "keywords": keywords,
        "dropped": form.dropped(),
    }
    return render(request, "reports/trends.html", context)


@reads("county", empty_means=("county",))
def coverage(request: HttpRequest) -> HttpResponse:
    """One county's townships by year (the home page lists the counties)."""
    form = FilterForm(List.REPORTS, {"county": request.GET.get("county", "")})
    if not form.is_valid():
        return _error(request, "参数有误", status=400, form=form)
    county = form.cleaned_data["county"]
    return render(request, "reports/coverage.html", {"county": county, "grid": browsing.coverage_grid(county)})


@reads()
def township_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = browsing.township_page(pk)
    except Township.DoesNotExist:
        raise Http404("没有这个乡镇") from None
    return render(request, "reports/township.html", {"page": page})
