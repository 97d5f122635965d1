"""The staff side of the archive: reports with what was parsed from them, townships, themes."""

from django.contrib import admin

from reports.models import Issue, Plan, Report, Section, Theme, Township


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
class SectionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "report", "kind", "level", "order")
    list_filter = ("kind", "level", "report__year")
    search_fields = ("heading", "text")
    list_select_related = ("report", "report__township")
    raw_id_fields = ("report", "parent")


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("title", "report", "theme_names", "order")
    list_filter = ("themes", "report__year", "report__county")
    search_fields = ("title", "text")
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
