"""One report (its page, its text, its original and other forms) and one township."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import SafeString

from reports.forms import QueryParams
from reports.models import OriginalFile, Report, Township
from reports.search.query import parse_query
from reports.selectors import browsing
from reports.selectors.figures import TownshipFigures
from reports.views.charts import Series, line_chart
from reports.views.documents import json_response, report_json, township_json
from reports.views.pages import reads


@reads("q", "format")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = browsing.report_page(pk)
    except Report.DoesNotExist:
        raise Http404("没有这份报告") from None
    if request.GET.get("format") == "json":
        return json_response(report_json(page))
    params = QueryParams(request.GET)
    terms = parse_query(params.cleaned_data["q"]).positive_terms if params.is_valid() else []
    return render(request, "reports/report_detail.html", {"page": page, "report": page.report, "terms": terms})


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
    return download(get_object_or_404(OriginalFile, pk=report.original_id))


@reads()
def report_form(request: HttpRequest, pk: int, form: int) -> HttpResponse:
    """One of the forms a report came in (its .doc, its scan), as a download; only the report's own."""
    return download(get_object_or_404(OriginalFile, pk=form, report_id=pk))


def download(original: OriginalFile) -> HttpResponse:
    """A kept file, always as a download, never shown in the page: a saved web page or a PDF from outside must
    not run in the archive's origin."""
    response = HttpResponse(bytes(original.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(original.name.rsplit('/', 1)[-1])}"
    return response


@reads("format")
def township_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        page = browsing.township_page(pk)
    except Township.DoesNotExist:
        raise Http404("没有这个乡镇") from None
    if request.GET.get("format") == "json":
        return json_response(township_json(page))
    return render(request, "reports/township.html", {"page": page, "figure_charts": _figure_charts(page.figures)})


FIGURE_CHARTS = 6  # small charts under the table: the indicators given in most years


def _figure_charts(figures: TownshipFigures | None) -> list[SafeString]:
    """One small line chart an indicator given in two years or more, its gaps left as gaps, in 万 or 亿 where its
    values are that large (so the axis reads '3.4', not '340,000,000')."""
    if figures is None:
        return []
    labels = [str(year) for year in figures.years]
    charts = []
    for row in figures.indicators[:FIGURE_CHARTS]:
        if len(row.by_year) < 2:
            continue
        values = [f.value if f is not None and not f.masked else None for f in row.row(figures.years)]
        top = max((abs(v) for v in values if v is not None), default=0)
        scale, prefix = (100_000_000, "亿") if top >= 100_000_000 else (10_000, "万") if top >= 100_000 else (1, "")
        values = [v / scale if v is not None else None for v in values]
        unit = "个百分点" if row.unit == "百分点" else row.unit
        name = f"{row.indicator}{'（增减）' if row.change else ''}（{prefix}{unit}）"
        charts.append(line_chart(labels, [Series(name, values)], title=name))
    return charts
