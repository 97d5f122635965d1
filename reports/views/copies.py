"""查重 pages: a report against the archive, a report beside one source, and the overview of who copies most."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render

from reports.copying.compare import by_line, pairs_from_passages, stretches
from reports.filters import List, count_facets
from reports.models import Report
from reports.selectors.copies import part_rates, stored_copy_check, stored_pair, township_pairs
from reports.views.documents import copies_json, json_response
from reports.views.exports import PAIR_COLUMNS, export_response
from reports.views.listing import error_page, filtering
from reports.views.pages import expensive, reads
from reports.views.params import REPORT_ORDERS, OverviewFilters


@expensive
@reads("format")
def report_copies(request: HttpRequest, pk: int) -> HttpResponse:
    """The report against every other (查重), as the copy map keeps it: the check itself ran in the background
    when the report was stored, so a reader's request never checks again (a 470,000-character report took
    2.7 s a request when it did)."""
    report = get_object_or_404(Report.objects.select_related("township"), pk=pk)
    copies = stored_copy_check(report)
    if copies is None:
        return render(request, "reports/copies.html", {"report": report, "copies": None})
    spans = [(p.start, p.end) for p in copies.passages]
    if request.GET.get("format") == "json":
        return json_response(copies_json(report, copies, part_rates(report, spans)))
    marked = stretches(report.text, ((p.start, p.end, p.report_id) for p in copies.passages), copies.boilerplate)
    lines = by_line(marked) if copies.passages or copies.boilerplate else []
    context = {"report": report, "copies": copies, "lines": lines, "parts": part_rates(report, spans)}
    return render(request, "reports/copies.html", context)


@expensive
@reads(List.REPORTS, "format")
def copy_overview(request: HttpRequest) -> HttpResponseBase:
    """查重 across the archive: the reports that copy most, and the township pairs that share most text,
    under the reports list's filters; the pairs as CSV or JSON."""
    filters = OverviewFilters(request.GET, queryset=Report.objects.all())
    form = filters.form
    if not form.is_valid():
        return error_page(request, "筛选条件有误", status=400, form=form)
    reports = filters.qs
    pairs = township_pairs(reports)
    exported = export_response(
        request,
        (
            {"first": p.first.name, "second": p.second.name, "characters": p.characters, "reports": p.reports}
            for p in pairs
        ),
        PAIR_COLUMNS,
        "查重_乡镇对",
        form,
    )
    if exported:
        return exported
    top = reports.filter(copy_ratio__gt=0).order_by(*REPORT_ORDERS["copied"][1]).select_related("township")[:20]
    context = {
        **filtering(request, form, List.REPORTS, count_facets(List.REPORTS, reports)),
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
