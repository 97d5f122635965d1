"""django-filter FilterSets for the browsing lists: every filter lives in the URL, bad values give 400."""

import django_filters as df
from django.db.models import Exists, OuterRef

from reports.models import Issue, Report, Section, Theme, Township


class ReportFilter(df.FilterSet):
    township = df.ModelChoiceFilter(queryset=Township.objects.all(), label="乡镇")
    county = df.CharFilter(label="县（旗、区）")
    year = df.NumberFilter(label="年份")
    year_from = df.NumberFilter(field_name="year", lookup_expr="gte", label="起始年份")
    year_to = df.NumberFilter(field_name="year", lookup_expr="lte", label="截止年份")
    period = df.ChoiceFilter(choices=Report.Period.choices, label="期间")
    kind = df.ChoiceFilter(choices=Report.Kind.choices, label="类型")
    has_problems = df.BooleanFilter(method="filter_has_problems", label="有问题部分")
    sort = df.OrderingFilter(
        fields=(("year", "year"), ("township__name", "township"), ("created_at", "added")),
        field_labels={"year": "年份", "township__name": "乡镇", "created_at": "录入时间"},
        label="排序",
    )

    class Meta:
        model = Report
        fields: list[str] = []

    def filter_has_problems(self, queryset, name, value):
        problems = Exists(Section.objects.filter(report=OuterRef("pk"), kind=Section.Kind.PROBLEMS))
        return queryset.filter(problems) if value else queryset.exclude(problems)


class IssueFilter(df.FilterSet):
    theme = df.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.all(), label="主题")
    township = df.ModelChoiceFilter(field_name="report__township", queryset=Township.objects.all(), label="乡镇")
    county = df.CharFilter(field_name="report__county", label="县（旗、区）")
    year = df.NumberFilter(field_name="report__year", label="年份")
    year_from = df.NumberFilter(field_name="report__year", lookup_expr="gte", label="起始年份")
    year_to = df.NumberFilter(field_name="report__year", lookup_expr="lte", label="截止年份")

    class Meta:
        model = Issue
        fields: list[str] = []
