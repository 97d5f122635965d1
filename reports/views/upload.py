"""The admin's upload flow: choose files (or a zip of them), watch them being read in the background,
preview what the parser made of each, correct, confirm or discard.

Each file's state lives in a StagedUpload row (reports.services.uploads), so the batch page is right after a
reload or a restart; confirming redirects back to it (a reload never posts twice). Saving goes through
reports.services, the same ingest as the command line.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from reports.copying import FormsIndex
from reports.filters import COUNTY_LABEL
from reports.models import Report, StagedUpload
from reports.parsing.types import FOUND_FIELDS, Found
from reports.preparing import text_digest
from reports.reading import ACCEPT
from reports.reading.errors import too_big
from reports.selectors.copies import CopyCheck, SameReport, check_text, same_report
from reports.selectors.uploads import upload_batches
from reports.services.ingest import DuplicateReport, Overrides, prepare_text
from reports.services.store import Rules
from reports.services.uploads import (
    Upload,
    attach_staged,
    check_staged_again,
    confirm_staged,
    discard_staged,
    receive_uploads,
    replace_with_staged,
)

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


class PreviewForm(forms.Form):
    """One staged file's metadata as the parser read it; what the editor changes is kept as corrected. A file
    that is mostly a stored report (`same`) asks what it is: another form of that report, or a new report."""

    include = forms.BooleanField(label="录入", required=False, initial=True)
    title = forms.CharField(label="标题", required=False, max_length=200)
    township = forms.CharField(label="乡镇", required=False, max_length=50)
    county = forms.CharField(label=COUNTY_LABEL, required=False, max_length=50)
    year = forms.IntegerField(label="年份", required=False, min_value=1980, max_value=2100)
    period = forms.ChoiceField(label="期间", choices=Report.Period.choices)
    kind = forms.ChoiceField(label="类型", choices=Report.Kind.choices)

    def __init__(self, *args, same: SameReport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if same is not None:
            self.fields["action"] = forms.ChoiceField(
                label="这份文件是",
                choices=[
                    ("attach", f"报告 #{same.report.pk} 的另一原件（不新建报告）"),
                    ("replace", f"报告 #{same.report.pk} 更好的文本：用它替换该报告的全文（旧全文保留在历史中）"),
                    ("new", "一份新报告"),
                ],
                initial="attach" if same.agrees else "new",
                widget=forms.RadioSelect,
            )

    def overrides(self, also: frozenset[str] | set[str] = frozenset()) -> Overrides:
        """The fields the editor changed (and those the batch set for every file) win over the parser; a field
        the editor emptied is stored empty, not taken for 'not given' and filled by the parser again."""
        names = (set(self.changed_data) | set(also)) - {"include", "action"}
        filled = {name: self.cleaned_data[name] for name in names if self.cleaned_data[name] not in ("", None)}
        return Overrides(**filled, cleared=frozenset(names - set(filled)))


def _editor(request: HttpRequest) -> User:
    """The archivist signed in: every page here is behind the admin's login (admin_view), so nobody else arrives."""
    if not isinstance(request.user, User):
        raise PermissionDenied("请先登录")
    return request.user


def _require_upload_permission(request: HttpRequest) -> None:
    if not request.user.has_perm("reports.add_report"):
        raise PermissionDenied("只有档案管理员可以上传报告")


def upload_view(request: HttpRequest) -> HttpResponse:
    _require_upload_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": "上传报告", "form": form}
    if request.method != "POST" or not form.is_valid():
        return render(request, "admin/reports/upload.html", context)
    files = request.FILES.getlist("files")
    if not files:
        form.add_error("files", "请选择至少一个文件")
        return render(request, "admin/reports/upload.html", context)
    batch = receive_uploads((_received(f) for f in files), user=_editor(request))
    request.session[f"upload-{batch}"] = {
        "defaults": {k: form.cleaned_data[k] for k in ("township", "year", "kind") if form.cleaned_data[k]}
    }
    return redirect(reverse("admin:reports_report_upload_preview", args=[batch]))


def _received(uploaded) -> Upload:
    """A file bigger than any zip the archive takes is refused by its size, never read into memory."""
    limit = settings.ARCHIVE_LIMITS.max_archive_bytes
    if uploaded.size > limit:
        return Upload(uploaded.name, b"", refused=too_big(uploaded.size, limit, "压缩包"))
    return Upload(uploaded.name, uploaded.read())


def preview_view(request: HttpRequest, batch: uuid.UUID) -> HttpResponse:
    """The batch page: each file's state, the preview and form of each file read, and what was stored."""
    _require_upload_permission(request)
    rows = list(StagedUpload.objects.filter(batch=batch, created_by=_editor(request)).select_related("report"))
    if not rows:
        messages.warning(request, "找不到这批上传的文件（可能已被清理）。")
        return redirect(reverse("admin:reports_report_upload"))
    defaults = request.session.get(f"upload-{batch}", {}).get("defaults", {})
    if request.method == "POST" and "discard" in request.POST:
        count = discard_staged(rows)
        messages.info(request, f"已放弃 {count} 个文件，没有录入其中任何内容。")
        return redirect(reverse("admin:reports_report_upload_preview", args=[batch]))
    rules = Rules.load()
    items = [_preview_item(request, row, defaults, rules) for row in rows if row.status == Status.AWAITING]
    if request.method == "POST" and items and all(item["form"].is_valid() for item in items):
        _confirm(request, items, defaults)
        return redirect(reverse("admin:reports_report_upload_preview", args=[batch]))
    context = {
        **admin.site.each_context(request),
        "title": "上传的文件",
        "rows": rows,
        "items": items,
        "batch": batch,
        "pending": any(not row.finished for row in rows),
        "status_url": reverse("admin:reports_report_upload_status", args=[batch]),
    }
    return render(request, "admin/reports/upload_preview.html", context)


def batches_view(request: HttpRequest) -> HttpResponse:
    """The archivist's batches, newest first: when, how many files, how many in each state, and a link back."""
    _require_upload_permission(request)
    context = {**admin.site.each_context(request), "title": "我上传的批次", "batches": upload_batches(_editor(request))}
    context["expiry_days"] = settings.ARCHIVE_UPLOAD_EXPIRY_DAYS
    return render(request, "admin/reports/upload_batches.html", context)


def status_view(request: HttpRequest, batch: uuid.UUID) -> JsonResponse:
    """Each file's state, for the batch page to follow while files are read."""
    _require_upload_permission(request)
    rows = StagedUpload.objects.filter(batch=batch, created_by=_editor(request))
    files = [
        {
            "id": row.pk,
            "status": row.status,
            "label": row.get_status_display(),
            "progress": row.progress,
            "reason": row.reason,
        }
        for row in rows
    ]
    return JsonResponse({"files": files, "pending": any(f["status"] in (Status.QUEUED, Status.READING) for f in files)})


def _preview_item(request: HttpRequest, staged: StagedUpload, defaults: dict, rules: Rules) -> dict:
    """A staged file as the ingest will store it (the same service), with its form and how each field
    was found, so the editor sees what to check."""
    prepared = prepare_text(staged.text, encoding=staged.encoding, source_name=staged.filename, rules=rules)
    parsed = prepared.parsed
    meta = parsed.metadata
    initial = {
        "include": not prepared.duplicate_of,  # the same text is stored already: not ticked for 录入
        "title": meta.title,
        "township": meta.township or "",
        "county": meta.county or "",
        "year": meta.year,
        "period": meta.period,
        "kind": meta.kind,
    }
    if staged.checked:  # made once, when the file was read
        copies, same = CopyCheck.from_summary(staged.checked["copies"]), SameReport.from_summary(staged.checked["same"])
    else:  # a file read before checks were kept with it
        copies = check_text(prepared.text)
        same = same_report(prepared.text, copies, year=meta.year, township=meta.township)
    same = None if prepared.duplicate_of else same
    data = request.POST if request.method == "POST" else None
    form = PreviewForm(data, initial={**initial, **defaults}, prefix=f"f{staged.pk}", same=same)
    found: dict[str, Found | str] = {name: meta.found[name] for name in FOUND_FIELDS}
    found |= dict.fromkeys(defaults, "上传时指定")
    return {
        "staged": staged,
        "parsed": parsed,
        "form": form,
        "fields": [(field, found.get(field.name)) for field in form if field.name != "action"],
        "duplicate": prepared.duplicate_of,
        "same": same,
        "copies": copies,
        "sections": parsed.all_sections(),
    }


def _confirm(request: HttpRequest, items: list[dict], defaults: dict) -> None:
    added, repeated, attached, replaced, held, left = 0, 0, 0, 0, 0, []
    stored_now = StoredNow()  # the reports this confirmation stores, as it stores them
    for item in items:
        form, staged = item["form"], item["staged"]
        if not form.cleaned_data["include"]:
            left.append(staged)
            continue
        if form.cleaned_data.get("action") == "attach":
            attach_staged(staged, item["same"].report, user=_editor(request))
            _log(request, item["same"].report, CHANGE, f"添加另一原件 {staged.filename}")
            attached += 1
            continue
        if form.cleaned_data.get("action") == "replace":
            try:
                replace_with_staged(staged, item["same"].report, user=_editor(request))
            except DuplicateReport:
                repeated += 1
                continue
            _log(request, item["same"].report, CHANGE, f"以 {staged.filename} 替换全文（旧全文保留）")
            replaced += 1
            continue
        if "action" not in form.cleaned_data and not item["duplicate"] and stored_now.holds(item["parsed"].text):
            check_staged_again(staged)  # its page now offers the choice
            held += 1  # another file of this batch, just stored, is the same report: the editor chooses
            continue
        try:
            report = confirm_staged(staged, overrides=form.overrides(set(defaults)), user=_editor(request))
        except DuplicateReport:
            repeated += 1
            continue
        _log(request, report, ADDITION, f"上传文件 {report.source_name}")
        stored_now.add(report.pk, item["parsed"].text)
        added += 1
    discard_staged(left)
    said = [f"已录入 {added} 份报告"]
    said += [f"{attached} 个文件作为已有报告的另一原件保存"] if attached else []
    said += [f"{replaced} 个文件替换了已有报告的全文（旧全文保留）"] if replaced else []
    said += [f"{repeated} 份与已有报告重复未录入"] if repeated else []
    messages.success(request, "，".join(said) + "。")
    if held:
        messages.warning(
            request, f"{held} 个文件与本批刚录入的报告基本相同，暂未录入：请在下方选择它是另一原件还是新报告。"
        )


class StoredNow:
    """The reports one confirmation has stored so far, to tell whether a file offered no choice at preview is by
    now mostly one of them (a .doc and its scan sent together): measured in memory (copying.FormsIndex), as the
    preview's check measured the archive, so confirming a big batch checks nothing against the database again."""

    def __init__(self) -> None:
        self.index, self.digests = FormsIndex(), set[str]()

    def add(self, report_id: int, text: str) -> None:
        self.index.add(report_id, text)
        self.digests.add(text_digest(text))

    def holds(self, text: str) -> bool:
        if text_digest(text) in self.digests:
            return False  # the same text exactly: refused as a duplicate, as ever
        found = self.index.most_of(text)
        return found is not None and found[1] >= settings.ARCHIVE_SAME_REPORT_RATIO


def _log(request: HttpRequest, report: Report, flag: int, message: str) -> None:
    """The report's history page says who did what to it, and when (an upload, another form kept)."""
    LogEntry.objects.log_actions(
        user_id=_editor(request).pk, queryset=[report], action_flag=flag, change_message=message, single_object=True
    )
