"""The staff side of the archive: reports with what was parsed from them, townships, themes."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import render
from django.urls import path
from django.utils.html import format_html, format_html_join
from procrastinate.contrib.django.models import ProcrastinateJob

from reports import admin_upload
from reports.filters import COUNTY_LABEL
from reports.models import Issue, Plan, Report, Section, Theme, Township
from reports.selectors import matching_ids
from reports.services import (
    assign_township,
    correct_report,
    merge_reports,
    merge_townships,
    reparse_report,
    retag_issues,
)


class StaffMayLook:
    """Any signed-in staff member may look; adding, changing and deleting need the group 档案管理员."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff


class FullTextSearchMixin:
    """The admin's search box uses the archive's Chinese full-text search, not LIKE on a few columns."""

    search_fields = ("id",)  # shows the box; the search itself is below
    search_help_text = '全文检索：空格分隔多个词，"引号"表示短语，-词 表示排除，OR 表示或'
    search_issues = False

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.filter(id__in=matching_ids(search_term, issues=self.search_issues)), False


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("order", "level", "number", "heading", "kind")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class IssueInline(admin.TabularInline):
    model = Issue
    fields = ("order", "title", "section")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class PlanInline(IssueInline):
    model = Plan


class AssignTownshipForm(forms.Form):
    name = forms.CharField(label="乡镇名称", max_length=50, help_text="如：白杨镇、红旗乡、城关街道；没有时会新建")
    county = forms.CharField(label=COUNTY_LABEL, max_length=50, required=False)


@admin.register(Report)
class ReportAdmin(StaffMayLook, admin.ModelAdmin):
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
    inlines = [SectionInline, IssueInline, PlanInline]
    date_hierarchy = "created_at"
    actions = ["reparse_selected", "assign_township_to_selected", "merge_selected"]
    change_list_template = "admin/reports/report/change_list.html"

    def get_urls(self):
        upload = [
            path("upload/", self.admin_site.admin_view(admin_upload.upload_view), name="reports_report_upload"),
            path(
                "upload/<uuid:batch>/",
                self.admin_site.admin_view(admin_upload.preview_view),
                name="reports_report_upload_preview",
            ),
            path(
                "upload/<uuid:batch>/status/",
                self.admin_site.admin_view(admin_upload.status_view),
                name="reports_report_upload_status",
            ),
        ]
        return upload + super().get_urls()

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
        if queryset.count() < 2:
            self.message_user(request, "请至少选择两份报告。", messages.WARNING)
            return None
        form = MergeReportsForm(request.POST if "apply" in request.POST else None)
        form.fields["keep"].queryset = queryset
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            others = list(queryset.exclude(pk=keep.pk))
            names = "、".join(f"#{other.pk}" for other in others)  # before the merge deletes them
            moved = merge_reports(keep, others)
            self.log_change(request, keep, f"合并了报告 {names}，移入 {moved} 个原件")
            self.message_user(request, f"已把报告 {names} 合并到 #{keep.pk}，移入 {moved} 个原件。", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "合并报告",
            "form": form,
            "reports": queryset,
            "action": "merge_selected",
            "opts": self.model._meta,
        }
        return render(request, "admin/reports/merge_reports.html", context)

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
        labels = [str(Report._meta.get_field(name).verbose_name) for name in report.edited_fields]
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


class MergeReportsForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Report.objects.none(),
        label="保留哪一份（其全文与解析结果保留，其余报告的原件移到它名下）",
        widget=forms.RadioSelect,
    )


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Township.objects.none(), label="保留哪一个", widget=forms.RadioSelect)


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
        if queryset.count() < 2:
            self.message_user(request, "请至少选择两个乡镇。", messages.WARNING)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None)
        form.fields["keep"].queryset = queryset
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            moved = merge_townships(keep, list(queryset.exclude(pk=keep.pk)))
            self.log_change(request, keep, f"合并了 {queryset.count() - 1} 个乡镇，移入 {moved} 份报告")
            self.message_user(request, f"已合并到 {keep}，移入 {moved} 份报告。", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "合并乡镇",
            "form": form,
            "townships": queryset,
            "action": "merge_selected",
            "opts": self.model._meta,
        }
        return render(request, "admin/reports/merge_townships.html", context)


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


@admin.register(Section)
class SectionAdmin(StaffMayLook, FullTextSearchMixin, admin.ModelAdmin):
    list_display = ("__str__", "report", "kind", "level", "order")
    list_filter = ("kind", "level", "report__year")
    list_select_related = ("report", "report__township")
    raw_id_fields = ("report", "parent")


@admin.register(Issue)
class IssueAdmin(StaffMayLook, FullTextSearchMixin, admin.ModelAdmin):
    search_issues = True
    list_display = ("title", "report", "theme_names", "order")
    list_filter = ("themes", "report__year", "report__county")
    list_select_related = ("report", "report__township")
    raw_id_fields = ("report", "section")
    filter_horizontal = ("themes",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("themes")

    @admin.display(description="主题")
    def theme_names(self, issue: Issue) -> str:
        return "、".join(theme.name for theme in issue.themes.all())


@admin.register(Plan)
class PlanAdmin(StaffMayLook, admin.ModelAdmin):
    list_display = ("title", "report", "order")
    list_filter = ("report__year", "report__county")
    search_fields = ("title", "text")
    list_select_related = ("report", "report__township")
    raw_id_fields = ("report", "section")


# procrastinate's own job list is in English and shows queue internals; archivists follow their files on
# the upload page (上传的文件), so it is left out of the admin.
admin.site.unregister(ProcrastinateJob)
