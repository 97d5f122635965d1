"""The admin's upload flow: choose files, preview what the parser made of each, correct, confirm or discard.

Saving goes through reports.services, the same ingest as the command line.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from reports.models import Report, StagedUpload
from reports.parsing import parse_report
from reports.preparing import text_digest
from reports.services import (
    DuplicateReport,
    Overrides,
    Rules,
    confirm_upload,
    discard_uploads,
    stage_uploads,
    stored_duplicate,
)

MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadForm(forms.Form):
    """What applies to every file of the batch; each can still be corrected in the preview."""

    files = forms.Field(
        label="报告文件",
        widget=MultipleFileInput(attrs={"accept": ".txt,.docx,text/plain"}),
        required=False,
        help_text="可一次选择多个 .txt（任意常见中文编码）或 .docx 文件，"
        f"每个不超过 {settings.ARCHIVE_MAX_UPLOAD_BYTES // 1024 // 1024} MB",
    )
    township = forms.CharField(label="乡镇（可选）", required=False, max_length=50, help_text="填写后覆盖解析结果")
    year = forms.IntegerField(label="年份（可选）", required=False, min_value=1980, max_value=2100)
    kind = forms.ChoiceField(label="类型（可选）", required=False, choices=[("", "按解析结果"), *Report.Kind.choices])


class PreviewForm(forms.Form):
    """One staged file's metadata as the parser read it; what the editor changes is kept as corrected."""

    include = forms.BooleanField(label="录入", required=False, initial=True)
    title = forms.CharField(label="标题", required=False, max_length=200)
    township = forms.CharField(label="乡镇", required=False, max_length=50)
    county = forms.CharField(label="县（旗、区）", required=False, max_length=50)
    year = forms.IntegerField(label="年份", required=False, min_value=1980, max_value=2100)
    period = forms.ChoiceField(label="期间", choices=Report.Period.choices)
    kind = forms.ChoiceField(label="类型", choices=Report.Kind.choices)

    def overrides(self, also: set[str] = frozenset()) -> Overrides:
        """The fields the editor changed (and those the batch set for every file) win over the parser."""
        names = (set(self.changed_data) | set(also)) - {"include"}
        return Overrides(**{name: self.cleaned_data[name] for name in names if self.cleaned_data[name] is not None})


def _require_upload_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("reports.add_report"):
        raise PermissionDenied("只有档案管理员可以上传报告")


def upload_view(request: HttpRequest) -> HttpResponse:
    _require_upload_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": "上传报告", "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "admin/reports/upload.html", context)
    uploads = request.FILES.getlist("files")[:MAX_FILES]
    if not uploads:
        form.add_error("files", "请选择至少一个文件")
        return render(request, "admin/reports/upload.html", context)
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    too_large = [
        (f.name, f"文件过大（{f.size / 1024 / 1024:.1f} MB），单个报告的上限为 {limit // 1024 // 1024} MB")
        for f in uploads
        if f.size > limit
    ]
    readable = [(f.name, f.read()) for f in uploads if f.size <= limit]
    staging = stage_uploads(readable, user=request.user, max_bytes=limit)
    request.session[f"upload-{staging.batch}"] = {
        "failures": too_large + staging.failures,
        "defaults": {k: form.cleaned_data[k] for k in ("township", "year", "kind") if form.cleaned_data[k]},
    }
    return redirect(reverse("admin:reports_report_upload_preview", args=[staging.batch]))


def preview_view(request: HttpRequest, batch: uuid.UUID) -> HttpResponse:
    _require_upload_permission(request)
    staged = list(StagedUpload.objects.filter(batch=batch, created_by=request.user))
    info = request.session.get(f"upload-{batch}", {"failures": [], "defaults": {}})
    if request.method == "POST" and "discard" in request.POST:
        count = discard_uploads(batch, user=request.user)
        messages.info(request, f"已放弃 {count} 个文件，没有录入任何内容。")
        return redirect(reverse("admin:reports_report_upload"))
    rules = Rules.load()
    items = [_preview_item(request, s, info["defaults"], rules) for s in staged]
    if request.method == "POST" and all(item["form"].is_valid() for item in items):
        return _confirm(request, batch, items, info)
    context = {
        **admin.site.each_context(request),
        "title": "确认上传的报告",
        "items": items,
        "failures": info["failures"],
        "batch": batch,
    }
    return render(request, "admin/reports/upload_preview.html", context)


def _preview_item(request: HttpRequest, staged: StagedUpload, defaults: dict, rules: Rules) -> dict:
    parsed = parse_report(staged.text, staged.filename, theme_rules=rules.keywords)
    meta = parsed.metadata
    initial = {
        "include": True,
        "title": meta.title,
        "township": meta.township or "",
        "county": meta.county or "",
        "year": meta.year,
        "period": meta.period,
        "kind": meta.kind,
    }
    form = PreviewForm(
        request.POST if request.method == "POST" else None, initial={**initial, **defaults}, prefix=f"f{staged.pk}"
    )
    duplicate = stored_duplicate(text_digest(parsed.text))
    return {"staged": staged, "parsed": parsed, "form": form, "duplicate": duplicate, "sections": parsed.all_sections()}


def _confirm(request: HttpRequest, batch: uuid.UUID, items: list[dict], info: dict) -> HttpResponse:
    added, refused = [], []
    for item in items:
        form, staged = item["form"], item["staged"]
        if not form.cleaned_data["include"]:
            staged.delete()
            continue
        try:
            report = confirm_upload(staged, overrides=form.overrides(set(info["defaults"])), user=request.user)
        except DuplicateReport as duplicate:
            refused.append((staged.filename, duplicate.existing))
            staged.delete()
            continue
        _log_addition(request, report)
        added.append(report)
    request.session.pop(f"upload-{batch}", None)
    context = {
        **admin.site.each_context(request),
        "title": "上传结果",
        "added": added,
        "refused": refused,
        "failures": info["failures"],
    }
    return render(request, "admin/reports/upload_summary.html", context)


def _log_addition(request: HttpRequest, report: Report) -> None:
    """The report's history page shows who uploaded it and when."""
    LogEntry.objects.log_actions(
        user_id=request.user.pk,
        queryset=[report],
        action_flag=ADDITION,
        change_message=f"上传文件 {report.source_name}",
        single_object=True,
    )
