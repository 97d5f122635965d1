"""The staff side of the archive: reports with what was parsed from them, townships, themes."""

from django.contrib import admin, messages

from reports.models import DictionaryTerm, Issue, Plan, Report, Section, Theme, Township
from reports.selectors import matching_ids
from reports.services import reindex


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


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "display_title",
        "township_label",
        "county",
        "year",
        "period",
        "kind",
        "issue_count",
        "created_at",
    )
    list_display_links = ("id", "display_title")
    list_filter = ("year", "period", "kind", "county", ("township", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "source_name", "township__name", "county", "masked_township")
    list_select_related = ("township",)
    readonly_fields = (
        "sha256",
        "source_name",
        "encoding",
        "warnings",
        "parser_version",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [SectionInline, IssueInline, PlanInline]
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change):
        """Remember which parsed fields an editor corrected, so re-parsing keeps them."""
        corrected = set(form.changed_data) & set(Report.EDITABLE_FIELDS)
        if change and corrected:
            obj.edited_fields = sorted(set(obj.edited_fields) | corrected)
        super().save_model(request, obj, form, change)

    @admin.display(description="乡镇")
    def township_label(self, report: Report) -> str:
        return report.township_label

    @admin.display(description="问题数")
    def issue_count(self, report: Report) -> int:
        return report.issues.count()


@admin.register(Township)
class TownshipAdmin(admin.ModelAdmin):
    list_display = ("name", "county", "prefecture", "province")
    list_filter = ("province", "prefecture", "county")
    search_fields = ("name", "county")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "keywords", "order")
    list_editable = ("order",)
    search_fields = ("name", "keywords")


@admin.register(Section)
class SectionAdmin(FullTextSearchMixin, admin.ModelAdmin):
    list_display = ("__str__", "report", "kind", "level", "order")
    list_filter = ("kind", "level", "report__year")
    list_select_related = ("report", "report__township")
    raw_id_fields = ("report", "parent")


@admin.register(Issue)
class IssueAdmin(FullTextSearchMixin, admin.ModelAdmin):
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
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "report", "order")
    list_filter = ("report__year", "report__county")
    search_fields = ("title", "text")
    list_select_related = ("report", "report__township")
    raw_id_fields = ("report", "section")


@admin.register(DictionaryTerm)
class DictionaryTermAdmin(admin.ModelAdmin):
    list_display = ("word", "note", "created_at")
    search_fields = ("word", "note")
    actions = ["reindex_with_new_dictionary"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._offer_reindex(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._offer_reindex(request)

    def _offer_reindex(self, request):
        messages.warning(request, "词典已更改：已录入报告的索引仍按旧词典分词。请在列表中选择「按新词典重建索引」。")

    @admin.action(description="按新词典重建索引（所有过期的报告）")
    def reindex_with_new_dictionary(self, request, queryset):
        count = reindex(stale_only=True)
        self.message_user(request, f"已重建 {count} 份报告的索引。", messages.SUCCESS)
