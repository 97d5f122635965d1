"""One uploaded file's own page in the admin: its pages as pictures (a PDF or an image) beside the text read from
them, OCR lines the recogniser was unsure of marked, and the form to correct what the parser made of it; then
keep the corrections, confirm it, or discard it. Reached from its batch's table (views.upload).
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from reports.filters import COUNTY_LABEL
from reports.models import Report, StagedUpload
from reports.reading import Format, UnreadableDocument, page_picture
from reports.selectors.uploads import ACTION_LABELS, StagedFile, staged_files
from reports.services.review import confirm_selection, correct_staged, discard_staged
from reports.services.uploads import complete_previews
from reports.views.report import download
from reports.views.upload import editor, require_upload_permission

Status = StagedUpload.Status


class PreviewForm(forms.Form):
    """One file's metadata as confirming would store it; what the editor changes is kept as corrected. A file
    that is mostly a stored report asks what it is: another form of that report, its better text, or new."""

    title = forms.CharField(label="标题", required=False, max_length=200)
    township = forms.CharField(label="乡镇", required=False, max_length=50)
    county = forms.CharField(label=COUNTY_LABEL, required=False, max_length=50)
    year = forms.IntegerField(label="年份", required=False, min_value=1980, max_value=2100)
    period = forms.ChoiceField(label="期间", choices=Report.Period.choices)
    kind = forms.ChoiceField(label="类型", choices=Report.Kind.choices)

    def __init__(self, data=None, *, file: StagedFile):
        super().__init__(data, initial=file.values | {"action": file.action})
        if file.same is not None:
            label = f"与报告 #{file.same.report.pk} 基本相同，确认时"
            choices = list(ACTION_LABELS.items())
            self.fields["action"] = forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)

    def changes(self) -> dict:
        """The fields the editor changed, with their new values (None: emptied on purpose, stored empty)."""
        return {name: self.cleaned_data[name] or None for name in self.changed_data if name != "action"}


def file_view(request: HttpRequest, batch: uuid.UUID, pk: int) -> HttpResponse:
    """A file read and awaiting the editor: GET shows it; a post keeps the corrections, and confirms or discards
    the file when asked (the browser asks before a discard)."""
    require_upload_permission(request)
    staged = _own_file(request, batch, pk)
    complete_previews([staged])  # a file read before previews were kept gets its own once
    file = staged_files([staged]).get(staged.pk)
    batch_url = reverse("admin:reports_report_upload_preview", args=[batch])
    if file is None:  # stored, refused or discarded since: its row in the table says which
        messages.info(request, f"文件“{staged.filename}”{staged.get_status_display()}。")
        return redirect(batch_url)
    form = PreviewForm(request.POST if request.method == "POST" else None, file=file)
    if request.method == "POST" and "discard" in request.POST:
        discard_staged([staged])
        messages.info(request, f"已放弃文件“{staged.filename}”，没有录入其中任何内容。")
        return redirect(batch_url)
    if request.method == "POST" and form.is_valid():
        correct_staged(staged, form.changes(), action=form.cleaned_data.get("action", ""))
        if "confirm" not in request.POST:
            messages.success(request, f"已保存对“{staged.filename}”的修改，确认录入时按修改后的内容保存。")
            return redirect(request.path)
        done = confirm_selection(staged_files([staged]).values(), user=editor(request))
        messages.success(request, done.message())
        if done.waiting():
            messages.warning(request, done.waiting())
        return redirect(batch_url)
    context = {
        **admin.site.each_context(request),
        "title": staged.filename,
        "file": file,
        "form": form,
        "fields": [(field, file.how.get(field.name)) for field in form if field.name != "action"],
        "pictures": _pictures(staged),
        "text": staged.text,
        "doubtful_lines": [line for page in staged.pages for line in page.get("doubtful_lines", [])],
        "batch_url": batch_url,
        "neighbours": _neighbours(request, staged),
    }
    return render(request, "admin/reports/upload_file.html", context)


def page_view(request: HttpRequest, batch: uuid.UUID, pk: int, number: int) -> HttpResponse:
    """Page `number` of the file as a picture the server drew (reading.page_picture): the browser never opens
    the uploaded file itself. Private to the editor, kept by the browser for an hour."""
    require_upload_permission(request)
    staged = _own_file(request, batch, pk, content=True)
    if staged.original is None:
        raise Http404("原件已删除")
    try:
        picture = page_picture(bytes(staged.original.content), staged.original.name, number, settings.ARCHIVE_LIMITS)
    except UnreadableDocument as error:
        raise Http404(error.message) from error
    response = HttpResponse(picture, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def original_view(request: HttpRequest, batch: uuid.UUID, pk: int) -> HttpResponse:
    """The file as it was uploaded, always as a download (as a stored report's original is)."""
    require_upload_permission(request)
    staged = _own_file(request, batch, pk, content=True)
    if staged.original is None:
        raise Http404("原件已删除")
    return download(staged.original)


def _own_file(request: HttpRequest, batch: uuid.UUID, pk: int, *, content: bool = False) -> StagedUpload:
    """The editor's own file of the batch (anyone else's is not found), its original's bytes only when asked:
    a scan may be 100 MB."""
    rows = StagedUpload.objects.select_related("original", "report")
    rows = rows if content else rows.defer("original__content")
    return get_object_or_404(rows, pk=pk, batch=batch, created_by=editor(request))


def _pictures(staged: StagedUpload) -> list[str]:
    """The addresses of the file's page pictures: one a page of a PDF or an image, none for other formats."""
    if staged.original is None or staged.original.format not in (Format.PDF, Format.IMAGE):
        return []
    count = len(staged.pages) or staged.pages_total or 1
    return [
        reverse("admin:reports_report_upload_page", args=[staged.batch, staged.pk, number])
        for number in range(1, count + 1)
    ]


def _neighbours(request: HttpRequest, staged: StagedUpload) -> dict[str, int | None]:
    """The previous and next files of the batch still awaiting the editor: review goes file after file."""
    waiting = StagedUpload.objects.filter(batch=staged.batch, created_by=editor(request), status=Status.AWAITING)
    before = waiting.filter(pk__lt=staged.pk).order_by("-pk").values_list("pk", flat=True).first()
    after = waiting.filter(pk__gt=staged.pk).order_by("pk").values_list("pk", flat=True).first()
    return {"previous": before, "next": after}
