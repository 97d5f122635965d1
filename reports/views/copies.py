"""查重 pages: a report against the archive, a report beside one source, and the overview of who copies most."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from reports.copying.bands import bands_legend
from reports.copying.compare import pairs_from_passages
from reports.filters import List, count_facets
from reports.forms import CopyCheckForm
from reports.models import Report
from reports.reading import UnreadableDocument
from reports.reading.limits import MB
from reports.selectors.copies import stored_pair, township_pairs
from reports.selectors.copy_results import CopyResult, check_file, check_pasted, stored_result
from reports.views.documents import copies_json, json_response
from reports.views.exports import PAIR_COLUMNS, SOURCE_COLUMNS, export_response, report_url
from reports.views.listing import error_page, filtering
from reports.views.pages import expensive, reads
from reports.views.params import REPORT_ORDERS, OverviewFilters


@expensive
@reads("format", "view")
def report_copies(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The report against every other (查重), as the copy map keeps it: the check itself ran in the background
    when the report was stored, so a reader's request never checks again (a 470,000-character report took
    2.7 s a request when it did). As a page, in print layout (?view=print) or as JSON (?format=json)."""
    report = get_object_or_404(Report.objects.select_related("township"), pk=pk)
    result = stored_result(report)
    if result is None:
        return render(request, "reports/copies.html", {"report": report, "result": None})
    return _result_response(request, result, view=request.GET.get("view", ""), fmt=request.GET.get("format", ""))


class BoundedUpload(FileUploadHandler):
    """Skips an uploaded file once it passes `limit` bytes: an anonymous reader's upload never puts more than
    one report's worth in memory or on disk, whatever it sends."""

    def __init__(self, request: HttpRequest, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_big = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_big = True
            raise SkipFile
        return raw_data  # on to Django's own handlers, which keep it

    def file_complete(self, file_size: int) -> None:
        return None


@expensive
@csrf_exempt  # the upload's bound must be set before the CSRF check reads the form; checked just below
def copy_check(request: HttpRequest) -> HttpResponseBase:
    """查重 for a text a reader has: pasted or a file, read within the reading limits (no OCR: a scan would take
    seconds a page), checked against the archive and stored nowhere; shown as a stored report's 查重 is. An
    anonymous address may check as often as it may open other expensive pages (middleware)."""
    bounded = BoundedUpload(request, settings.ARCHIVE_LIMITS.max_file_bytes)
    request.upload_handlers = [bounded, *request.upload_handlers]
    return _copy_check(request, bounded)


@csrf_protect
def _copy_check(request: HttpRequest, bounded: BoundedUpload) -> HttpResponseBase:
    if request.method != "POST":
        return render(request, "reports/copy_check.html", {"form": CopyCheckForm(), "legend": bands_legend()})
    form = CopyCheckForm(request.POST, request.FILES)
    if bounded.too_big:
        megabytes = settings.ARCHIVE_LIMITS.max_file_bytes // MB
        form.add_error(None, f"网页查重的文件不能超过 {megabytes} MB：请只上传报告本身，或粘贴文字。")
    if not form.is_valid():
        return render(request, "reports/copy_check.html", {"form": form, "legend": bands_legend()}, status=400)
    upload = form.cleaned_data["file"]
    try:
        result = check_file(upload.read(), upload.name) if upload else check_pasted(form.cleaned_data["text"])
    except UnreadableDocument as error:
        form.add_error("file" if upload else "text", error.message)
        return render(request, "reports/copy_check.html", {"form": form, "legend": bands_legend()}, status=400)
    data = form.cleaned_data
    return _result_response(request, result, view=data["view"], fmt=data["format"])


def _result_response(request: HttpRequest, result: CopyResult, *, view: str, fmt: str) -> HttpResponseBase:
    """A 查重 result as a page, in print layout, or as JSON: the same for a stored report and a checked text."""
    if fmt == "json":
        return json_response(copies_json(result))
    rows = (
        {
            "number": item.number,
            "title": item.source.title,
            "township": item.source.township,
            "year": item.source.year,
            "copied_characters": item.source.copied_characters,
            "source_ratio": item.source.ratio,
            "same_township": "本乡镇往年" if item.source.same_township else "其他乡镇",
            "url": report_url(item.source.report_id),
        }
        for item in result.numbered
    )
    exported = export_response(request, rows, SOURCE_COLUMNS, f"查重来源_{result.title}") if fmt == "csv" else None
    if exported:
        return exported
    context: dict[str, Any] = {"report": result.report, "result": result, "legend": bands_legend()}
    if view == "print":
        context |= {"beside": result.beside(), "printed_at": timezone.localtime()}
        return render(request, "reports/copies_print.html", context)
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
        "feed_url": "",  # the township pairs are no list of new items to follow
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
