"""The staff side of the archive: reports with what was parsed from them, townships, themes."""

from collections.abc import Callable
from typing import ClassVar

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from procrastinate.contrib.django.models import ProcrastinateJob

from reports.copying.formulas import problem
from reports.filters import COUNTY_LABEL
from reports.models import Formula, Issue, Plan, Report, ReportVersion, Section, StagedUpload, Theme, Township
from reports.selectors.search import matching_ids
from reports.services.copies import formulas_changed
from reports.services.curation import (
    assign_township,
    correct_report,
    merge_reports,
    merge_townships,
    set_follow_up,
)
from reports.services.upkeep import reparse_report, retag_issues
from reports.views import upload, upload_file


class StaffMayLook:
    """Any signed-in staff member may look; adding, changing and deleting need the group 档案管理员."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff


class FullTextSearchMixin(admin.ModelAdmin):
    """The admin's search box uses the archive's Chinese full-text search over the text, as the public search
    does; for reports it also finds a title, file name or township by its characters (LIKE on `search_fields`)."""

    search_fields: ClassVar[list[str] | tuple[str, ...]] = ("id",)  # shows the box; the search itself is below
    search_help_text = '全文检索：空格分隔多个词，"引号"表示短语，-词 表示排除，OR 表示或'
    search_issues = False
    also_by_name = False

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        in_text = models.Q(id__in=matching_ids(search_term, issues=self.search_issues))
        if self.also_by_name:
            named, _ = super().get_search_results(request, queryset, search_term)
            return queryset.filter(in_text | models.Q(id__in=named.values("id"))), False
        return queryset.filter(in_text), False


class ReadOnlyInline(admin.TabularInline):
    """Rows a report's page shows but nobody edits there: what the parser found in its text, or its old texts.
    Every field shown is read-only, and none is added or deleted."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ("order", "level", "number", "heading", "kind")
    show_change_link = True


class ItemInline(ReadOnlyInline):
    """A report's problems or plans, as the parser found them."""

    fields: ClassVar[tuple[str, ...]] = ("order", "title", "section")
    show_change_link = True


class IssueInline(ItemInline):
    model = Issue


class PlanInline(ItemInline):
    model = Plan
    fk_name = "report"
    fields = ("order", "title", "section", "follow_up")


class VersionInline(ReadOnlyInline):
    """The texts the report had before (replaced by a better form, or by reading its original again)."""

    model = ReportVersion
    fields = ("replaced_at", "replaced_by", "reason", "source_name", "characters")

    @admin.display(description="字数")
    def characters(self, version: ReportVersion) -> int:
        return len(version.text)


class AssignTownshipForm(forms.Form):
    name = forms.CharField(label="乡镇名称", max_length=50, help_text="如：白杨镇、红旗乡、城关街道；没有时会新建")
    county = forms.CharField(label=COUNTY_LABEL, max_length=50, required=False)


@admin.register(Report)
class ReportAdmin(StaffMayLook, FullTextSearchMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "shown_title",
        "township_label",
        "county",
        "year",
        "period",
        "kind",
        "issue_count",
        "created_at",
    )
    list_display_links = ("id", "shown_title")
    list_filter = ("year", "period", "kind", "county", ("township", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "source_name", "township__name", "county", "masked_township")
    search_help_text = "在全文中检索（空格分隔多个词，“引号”表示短语），也按标题、文件名、乡镇名查找"
    also_by_name = True
    view_on_site = False  # the change form links to the report's page itself: 在档案库中查看
    list_select_related = ("township",)
    # The text is what was read from the file: never a form field, so a save cannot rewrite it (a textarea
    # sends its lines back with CRLF). Corrections are to the fields parsed from it.
    exclude = ("text", "warnings", "edited_fields")
    readonly_fields = (
        "original",
        "sha256",
        "source_name",
        "encoding",
        "warning_list",
        "edited_list",
        "parser_version",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [SectionInline, IssueInline, PlanInline, VersionInline]
    date_hierarchy = "created_at"
    actions = ["reparse_selected", "assign_township_to_selected", "merge_selected"]
    change_list_template = "admin/reports/report/change_list.html"

    def get_urls(self):
        """The upload pages, under the reports' admin (its login and permissions): each route, its view, its name."""
        upload_pages: list[tuple[str, Callable[..., HttpResponse], str]] = [
            ("upload/", upload.upload_view, "upload"),
            ("upload/batches/", upload.batches_view, "upload_batches"),
            ("upload/<uuid:batch>/", upload.preview_view, "upload_preview"),
            ("upload/<uuid:batch>/status/", upload.status_view, "upload_status"),
            ("upload/<uuid:batch>/<int:pk>/", upload_file.file_view, "upload_file"),
            ("upload/<uuid:batch>/<int:pk>/pages/<int:number>/", upload_file.page_view, "upload_page"),
            ("upload/<uuid:batch>/<int:pk>/original/", upload_file.original_view, "upload_original"),
        ]
        routes = [
            path(route, self.admin_site.admin_view(view), name=f"reports_report_{name}")
            for route, view, name in upload_pages
        ]
        return routes + super().get_urls()

    @admin.action(description="重新解析所选报告（保留人工修改过的字段）", permissions=["change"])
    def reparse_selected(self, request, queryset):
        for report in queryset:
            reparse_report(report)
            self.log_change(request, report, "重新解析")
        self.message_user(request, f"已重新解析 {queryset.count()} 份报告。", messages.SUCCESS)

    @admin.action(description="为所选报告指定乡镇（如名称被隐去的报告）", permissions=["change"])
    def assign_township_to_selected(self, request, queryset):
        form = AssignTownshipForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for report in queryset:
                assign_township(report, name=form.cleaned_data["name"], county=form.cleaned_data["county"])
                self.log_change(request, report, f"指定乡镇为 {form.cleaned_data['name']}")
            self.message_user(request, f"已为 {queryset.count()} 份报告指定乡镇。", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "指定乡镇",
            "form": form,
            "reports": queryset,
            "action": "assign_township_to_selected",
            "opts": self.model._meta,
        }
        return render(request, "admin/reports/assign_township.html", context)

    @admin.action(description="合并所选报告（它们是同一份报告的不同形式）", permissions=["change"])
    def merge_selected(self, request, queryset):
        def merge(keep: Report, others: list[Report]) -> str:
            names = "、".join(f"#{other.pk}" for other in others)  # before the merge deletes them
            return f"合并了报告 {names}，移入 {merge_reports(keep, others)} 个原件"

        label = "保留哪一份（其全文与解析结果保留，其余报告的原件移到它名下）"
        return merge_chosen(self, request, queryset, what="报告", label=label, merge=merge)

    def has_add_permission(self, request):
        """Reports come in as files (上传报告), read and parsed: never typed into a form."""
        return False

    def save_model(self, request, obj, form, change):
        """Write exactly the fields the editor changed (services.correct_report), never the rest."""
        correct_report(obj, corrected=form.changed_data, previous_township_id=form.initial.get("township"))

    @admin.display(description="解析提示")
    def warning_list(self, report: Report) -> str:
        if not report.warnings:
            return "无"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in report.warnings)))

    @admin.display(description="人工修改过的字段")
    def edited_list(self, report: Report) -> str:
        labels = [Report.field_label(name) for name in report.edited_fields]
        return "、".join(labels) or "无"

    @admin.display(description="标题", ordering="title")
    def shown_title(self, report: Report) -> str:
        return report.display_title

    @admin.display(description="乡镇")
    def township_label(self, report: Report) -> str:
        return report.township_label

    @admin.display(description="问题数")
    def issue_count(self, report: Report) -> int:
        return report.issues.count()


class KeepForm(forms.Form):
    """Which of the chosen objects stays when they are merged into one."""

    keep = forms.ModelChoiceField(queryset=Township.objects.none(), widget=forms.RadioSelect)

    def __init__(self, data, *, chosen: models.QuerySet, label: str):
        super().__init__(data)
        keep = self.fields["keep"]
        assert isinstance(keep, forms.ModelChoiceField)
        keep.queryset, keep.label = chosen, label


def merge_chosen(model_admin, request, queryset, *, what: str, label: str, merge: Callable[..., str]):
    """The admin's 'these are one' actions: two or more chosen, which to keep asked on a page of its own, then
    `merge(keep, others)` (a service, returning what it did, for the history and the message)."""
    if queryset.count() < 2:
        model_admin.message_user(request, f"请至少选择两个{what}。", messages.WARNING)
        return None
    form = KeepForm(request.POST if "apply" in request.POST else None, chosen=queryset, label=label)
    if form.is_valid():
        keep = form.cleaned_data["keep"]
        said = merge(keep, list(queryset.exclude(pk=keep.pk)))
        model_admin.log_change(request, keep, said)
        model_admin.message_user(request, f"{said}。", messages.SUCCESS)
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"合并{what}",
        "form": form,
        "chosen": queryset,
        "action": "merge_selected",
        "opts": model_admin.model._meta,
    }
    return render(request, f"admin/reports/merge_{model_admin.model._meta.model_name}s.html", context)


@admin.register(Township)
class TownshipAdmin(StaffMayLook, admin.ModelAdmin):
    list_display = ("name", "county", "prefecture", "province", "report_count")
    list_filter = ("province", "prefecture", "county")
    search_fields = ("name", "county")
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(reports_n=models.Count("reports"))

    @admin.display(description="报告数", ordering="reports_n")
    def report_count(self, township):
        return township.reports_n

    @admin.action(description="合并所选乡镇（它们其实是同一个）", permissions=["change"])
    def merge_selected(self, request, queryset):
        def merge(keep: Township, others: list[Township]) -> str:
            return f"合并了 {len(others)} 个乡镇，移入 {merge_townships(keep, others)} 份报告"

        return merge_chosen(self, request, queryset, what="乡镇", label="保留哪一个", merge=merge)


@admin.register(Theme)
class ThemeAdmin(StaffMayLook, admin.ModelAdmin):
    list_display = ("name", "keywords", "order")
    list_editable = ("order",)
    search_fields = ("name", "keywords")
    actions = ["retag_all"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        messages.warning(
            request,
            "主题或关键词已更改：已有问题的归类不会自动改变。请在列表中选择「按关键词重新归类全部问题」。",
        )

    @admin.action(description="按关键词重新归类全部问题", permissions=["change"])
    def retag_all(self, request, queryset):
        changed = retag_issues()
        self.message_user(request, f"已重新归类，{changed} 个问题的主题有变化。", messages.SUCCESS)


class FormulaForm(forms.ModelForm):
    class Meta:
        model = Formula
        fields = ("text", "note")

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        trouble = problem(text)
        if trouble:
            raise forms.ValidationError(trouble)
        return text


@admin.register(Formula)
class FormulaAdmin(StaffMayLook, admin.ModelAdmin):
    """The genre's formulas: boilerplate to the copy check from the first report. A change queues the copy
    check again for the reports that hold the formula, so their 查重 follows the list."""

    form = FormulaForm
    list_display = ("text", "note", "created_at")
    search_fields = ("text", "note")

    def save_model(self, request, obj, form, change):
        before = Formula.objects.get(pk=obj.pk).text if change else None
        super().save_model(request, obj, form, change)
        self._recheck(request, [t for t in (before, obj.text) if t])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._recheck(request, [obj.text])

    def delete_queryset(self, request, queryset):
        texts = list(queryset.values_list("text", flat=True))
        super().delete_queryset(request, queryset)
        self._recheck(request, texts)

    def _recheck(self, request, texts: list[str]) -> None:
        formulas_changed(texts)
        messages.info(request, "含这条套话的报告将在后台重新查重；已有报告的词频在重新解析时按新的套话计算。")


# Where a part or an item stands in its report (offsets into the text, its place in the tree) is what the parser
# found: shown, never edited by hand (an offset typed wrong would cut the text elsewhere).
PLACE_FIELDS = ("report", "order", "start", "end")


@admin.register(Section)
class SectionAdmin(StaffMayLook, FullTextSearchMixin, admin.ModelAdmin):
    list_display = ("__str__", "report", "kind", "level", "order")
    list_filter = ("kind", "level", "report__year")
    list_select_related = ("report", "report__township")
    readonly_fields = (*PLACE_FIELDS, "parent", "level")


@admin.register(Issue)
class IssueAdmin(StaffMayLook, FullTextSearchMixin, admin.ModelAdmin):
    search_issues = True
    list_display = ("title", "report", "theme_names", "order")
    list_filter = ("themes", "report__year", "report__county")
    list_select_related = ("report", "report__township")
    readonly_fields = (*PLACE_FIELDS, "section", "recurring_years")
    filter_horizontal = ("themes",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    @admin.display(description="主题")
    def theme_names(self, issue: Issue) -> str:
        return "、".join(theme.name for theme in issue.themes.all())


@admin.register(Plan)
class PlanAdmin(StaffMayLook, admin.ModelAdmin):
    """A plan, and what the next report says of it: an archivist may set the status (kept through
    recomputation; set it back to empty to have it computed again)."""

    list_display = ("title", "report", "order", "follow_up", "follow_up_checked")
    list_filter = ("follow_up", "follow_up_checked", "report__year", "report__county")
    search_fields = ("title", "text")
    list_select_related = ("report", "report__township")
    fields = (
        *("report", "order", "section", "title", "text"),
        *("follow_up", "evidence", "evidence_report", "follow_up_checked", "start", "end"),
    )
    readonly_fields = (*PLACE_FIELDS, "section", "title", "text", "evidence", "evidence_report", "follow_up_checked")

    def save_model(self, request, obj, form, change):
        if change and "follow_up" in form.changed_data:
            set_follow_up(obj, obj.follow_up)
        super().save_model(request, obj, form, change)


@admin.register(StagedUpload)
class StagedUploadAdmin(admin.ModelAdmin):
    """Every uploaded file on its way in, to find a batch again: an archivist sees their own, a superuser all.
    Read-only: a file is confirmed or discarded on its batch's page."""

    list_display = ("file_link", "status", "batch_link", "created_by", "created_at", "report_link")
    list_display_links = None  # the file and its batch are the links: the review happens there
    list_filter = ("status", "created_at", ("created_by", admin.RelatedOnlyFieldListFilter))
    search_fields = ("filename",)
    date_hierarchy = "created_at"
    list_select_related = ("created_by",)
    fields = ("filename", "status", "progress", "reason", "encoding", "batch_link", "report_link", "created_by")
    readonly_fields = fields

    def get_queryset(self, request):
        files = super().get_queryset(request).defer("text", "pages", "checked")
        return files if request.user.is_superuser else files.filter(created_by=request.user)

    def has_module_permission(self, request):
        return request.user.has_perm("reports.add_report")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reports.add_report")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        days = settings.ARCHIVE_UPLOAD_EXPIRY_DAYS
        note = f"待确认的文件在上传 {days} 天后自动放弃（原件随之删除）。"
        return super().changelist_view(request, {**(extra_context or {}), "expiry_note": note})

    @admin.display(description="文件名", ordering="filename")
    def file_link(self, staged: StagedUpload) -> str:
        """A file awaiting the editor links to its own page, to review it; the others are only named."""
        if staged.status != StagedUpload.Status.AWAITING:
            return staged.filename
        url = reverse("admin:reports_report_upload_file", args=[staged.batch, staged.pk])
        return format_html('<a href="{}">{}</a>', url, staged.filename)

    @admin.display(description="批次")
    def batch_link(self, staged: StagedUpload) -> str:
        url = reverse("admin:reports_report_upload_preview", args=[staged.batch])
        when = timezone.localtime(staged.created_at).strftime("%m-%d %H:%M")
        return format_html('<a href="{}">{} 上传的一批</a>', url, when)

    @admin.display(description="报告")
    def report_link(self, staged: StagedUpload) -> str:
        if not staged.report_id:
            return "—"
        return format_html(
            '<a href="{}">#{}</a>', reverse("admin:reports_report_change", args=[staged.report_id]), staged.report_id
        )


# procrastinate's own job list is in English and shows queue internals; archivists follow their files on
# the upload page (上传的文件), so it is left out of the admin.
admin.site.unregister(ProcrastinateJob)
