"""The admin's upload flow: choose files (or a zip of them), watch them being read in the background, review
the batch as a table (one row a file: what the parser made of it, its copy check), open a file to compare it
with its original and correct it, then confirm or discard a selection.

Each file's state and corrections live in its StagedUpload row (reports.services.uploads and .review), so the
batch is right after a reload, a restart or another day; every post redirects (a reload never posts twice).
One file's own page is views.upload_file.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from reports.models import Report, StagedUpload
from reports.reading import ACCEPT
from reports.reading.errors import too_big
from reports.selectors.uploads import batch_progress, staged_files, upload_batches
from reports.services.review import confirm_selection, discard_staged
from reports.services.uploads import Upload, complete_previews, receive_uploads

Status = StagedUpload.Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadForm(forms.Form):
    """What applies to every file of the batch; each can still be corrected in the preview."""

    files = forms.Field(  # type: ignore[assignment]  # the field as the input is named; Django takes it off the class
        label="报告文件",
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
        required=False,
        help_text=(
            "可一次选择多个文件，或一个装有报告的 zip 压缩包：Word（.doc .docx）、WPS（.wps）、PDF（含扫描件）、"
            "RTF、ODT、网页（.html .mht）、图片（.jpg .png .tif）或文本（.txt，任意常见中文编码）；"
            f"Word、文本、网页每个不超过 {settings.ARCHIVE_LIMITS.max_file_bytes // 1024 // 1024} MB，"
            f"PDF 与图片每个不超过 {settings.ARCHIVE_LIMITS.max_scan_bytes // 1024 // 1024} MB，"
            f"压缩包不超过 {settings.ARCHIVE_LIMITS.max_archive_bytes // 1024 // 1024} MB，"
            f"一次最多 {settings.ARCHIVE_LIMITS.max_files} 个"
        ),
    )
    township = forms.CharField(label="乡镇（可选）", required=False, max_length=50, help_text="填写后覆盖解析结果")
    year = forms.IntegerField(label="年份（可选）", required=False, min_value=1980, max_value=2100)
    kind = forms.ChoiceField(label="类型（可选）", required=False, choices=[("", "按解析结果"), *Report.Kind.choices])


def editor(request: HttpRequest) -> User:
    """The archivist signed in: every page here is behind the admin's login (admin_view), so nobody else arrives."""
    if not isinstance(request.user, User):
        raise PermissionDenied("请先登录")
    return request.user


def require_upload_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("reports.add_report"):
        raise PermissionDenied("只有档案管理员可以上传报告")


def upload_view(request: HttpRequest) -> HttpResponse:
    require_upload_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": "上传报告", "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "admin/reports/upload.html", context)
    files = request.FILES.getlist("files")
    if not files:
        form.add_error("files", "请选择至少一个文件")
        return render(request, "admin/reports/upload.html", context)
    preset = {k: form.cleaned_data[k] for k in ("township", "year", "kind") if form.cleaned_data[k]}
    batch = receive_uploads((_received(f) for f in files), user=editor(request), preset=preset)
    return redirect(reverse("admin:reports_report_upload_preview", args=[batch]))


def _received(uploaded) -> Upload:
    """A file bigger than any zip the archive takes is refused by its size, never read into memory."""
    limit = settings.ARCHIVE_LIMITS.max_archive_bytes
    if uploaded.size > limit:
        return Upload(uploaded.name, b"", refused=too_big(uploaded.size, limit, "压缩包"))
    return Upload(uploaded.name, uploaded.read())


def preview_view(request: HttpRequest, batch: uuid.UUID) -> HttpResponse:
    """The batch page: a table of its files, one row each, to review; the files read can be selected and
    confirmed or discarded together. Each row links to the file's own page (views.upload_file)."""
    require_upload_permission(request)
    own = _batch_rows(request, batch)
    # The table shows no text (a 300-file batch's texts are megabytes); confirming reads each file's.
    rows = list(own if request.method == "POST" else own.defer("text"))
    if not rows:
        messages.warning(request, "找不到这批上传的文件（可能已被清理）。")
        return redirect(reverse("admin:reports_report_upload"))
    if request.method == "POST":
        _decide(request, rows)
        return redirect(reverse("admin:reports_report_upload_preview", args=[batch]))
    complete_previews(rows)
    files = staged_files(rows)
    progress = batch_progress(rows, timezone.now())
    context = {
        **admin.site.each_context(request),
        "title": "上传的文件",
        "rows": [(row, files.get(row.pk)) for row in rows],
        "waiting": len(files),
        "batch": batch,
        "progress": progress,
        "pending": progress.finished < progress.files,
        "status_url": reverse("admin:reports_report_upload_status", args=[batch]),
    }
    return render(request, "admin/reports/upload_preview.html", context)


def _batch_rows(request: HttpRequest, batch: uuid.UUID) -> QuerySet[StagedUpload]:
    """The batch's files, if the batch is the editor's own (nobody else's batch is shown, nor said to exist)."""
    return StagedUpload.objects.filter(batch=batch, created_by=editor(request)).select_related("report")


def _decide(request: HttpRequest, rows: list[StagedUpload]) -> None:
    """The table's buttons: confirm or discard the selected files (the browser asks before a discard)."""
    chosen = set(request.POST.getlist("selected"))
    selected = [row for row in rows if str(row.pk) in chosen and row.status == Status.AWAITING]
    if not selected:
        messages.warning(request, "没有选择任何待确认的文件：请先勾选要处理的文件。")
    elif "discard" in request.POST:
        count = discard_staged(selected)
        messages.info(request, f"已放弃 {count} 个文件，没有录入其中任何内容。")
    else:
        files = staged_files(selected)
        done = confirm_selection((files[row.pk] for row in selected if row.pk in files), user=editor(request))
        messages.success(request, done.message())
        if done.waiting():
            messages.warning(request, done.waiting())


def batches_view(request: HttpRequest) -> HttpResponse:
    """The archivist's batches, newest first: when, how many files, how many in each state, and a link back."""
    require_upload_permission(request)
    context = {**admin.site.each_context(request), "title": "我上传的批次", "batches": upload_batches(editor(request))}
    context["expiry_days"] = settings.ARCHIVE_UPLOAD_EXPIRY_DAYS
    return render(request, "admin/reports/upload_batches.html", context)


def status_view(request: HttpRequest, batch: uuid.UUID) -> JsonResponse:
    """Each file's state, and the batch's progress, for the batch page to follow while files are read."""
    require_upload_permission(request)
    # Polled every 1.5 s while files are read: states and page counts only, none of the texts or previews.
    rows = list(_batch_rows(request, batch).defer("text", "checked", "pages", "corrections"))
    files = [
        {"id": row.pk, "status": row.status, "label": row.get_status_display(), "progress": row.progress}
        | {"reason": row.reason}
        for row in rows
    ]
    progress = batch_progress(rows, timezone.now())
    return JsonResponse(
        {
            "files": files,
            "pending": progress.finished < progress.files,
            "progress": progress.described(),
            "pages_done": progress.pages_done,
            "pages_total": progress.pages_total,
            "seconds_left": progress.seconds_left,
        }
    )
