"""django-filter FilterSets for the browsing lists: every filter lives in the URL, bad values give 400."""

import django_filters as df
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from reports.forms import MAX_ID, plain_text
from reports.freshness import archive_version
from reports.models import Issue, Report, Section, Theme, Township


class YearFilter(df.NumberFilter):
    """A year as a plain number from 1980 to 2100 (not a decimal such as 1e309)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1980, max_value=2100, **kwargs)


class IdChoiceField(df.fields.ModelChoiceField):
    """An object by its id; an id past the database's integer is 'no such choice', not a database error."""

    def to_python(self, value):
        if value not in self.empty_values and (
            not str(value).isascii() or not str(value).isdigit() or not 0 < int(value) <= MAX_ID
        ):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class LongChoiceSelect(forms.Select):
    """A select of every township, written out in one pass: rendered option by option through Django's
    widget templates, 6,000 townships cost 300 ms a page at 10,000 reports."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value in (None, "") else str(value)
        options = self._options()  # kept per archive version: the list changes only when the archive does
        if chosen.isdigit():
            options = options.replace(f'<option value="{chosen}">', f'<option value="{chosen}" selected>', 1)
        else:
            options = options.replace('<option value="">', '<option value="" selected>', 1)
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return mark_safe(f"<select{attributes}>{options}</select>")  # every part escaped in _options

    def _options(self) -> str:
        """Every option, kept (as pages are, ARCHIVE_PAGE_CACHE_SECONDS) under the archive's version."""
        seconds = settings.ARCHIVE_PAGE_CACHE_SECONDS
        key = f"options:{self.choices.queryset.model.__name__}:{archive_version()}" if seconds else ""
        options = cache.get(key) if key else None
        if options is None:
            labels = "".join(f'<option value="{pk}">{escape(label)}</option>' for pk, label in self._labels())
            options = '<option value="">全部</option>' + labels
            if key:
                cache.set(key, options, seconds)
        return options

    def _labels(self):
        """(id, label) as the model's __str__ writes it (a township with its county first), without
        building an object per row."""
        queryset = self.choices.queryset
        if queryset.model is Township:
            rows = queryset.values_list("pk", "name", "county")
            return ((pk, Township.full_name(name, county)) for pk, name, county in rows)
        return ((obj.pk, str(obj)) for obj in queryset)


class IdChoiceFilter(df.ModelChoiceFilter):
    field_class = IdChoiceField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, widget=LongChoiceSelect, **kwargs)


class TextFilter(df.CharFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=50, validators=[plain_text], **kwargs)


class ReportFilter(df.FilterSet):
    township = IdChoiceFilter(queryset=Township.objects.all(), label="乡镇")
    county = TextFilter(label="县（旗、区）")
    year = YearFilter(label="年份")
    year_from = YearFilter(field_name="year", lookup_expr="gte", label="起始年份")
    year_to = YearFilter(field_name="year", lookup_expr="lte", label="截止年份")
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
    theme = IdChoiceFilter(field_name="themes", queryset=Theme.objects.all(), label="主题")
    township = IdChoiceFilter(field_name="report__township", queryset=Township.objects.all(), label="乡镇")
    county = TextFilter(field_name="report__county", label="县（旗、区）")
    year = YearFilter(field_name="report__year", label="年份")
    year_from = YearFilter(field_name="report__year", lookup_expr="gte", label="起始年份")
    year_to = YearFilter(field_name="report__year", lookup_expr="lte", label="截止年份")

    class Meta:
        model = Issue
        fields: list[str] = []
