"""Every filter of the archive's lists, declared once: its URL parameter, its Chinese label, the form field
that bounds it, how it narrows reports, problems and search passages, and how its facet is counted and
labelled. /reports/, /issues/, /search/, /trends/, their CSV and JSON exports and the JSON API all read
FILTERS, so a filter added here is in every list it names (tests/test_filters.py checks that it is).

Each list's filters are a django-filter FilterSet made from these declarations (filterset_for): its form
validates the request, its queryset narrows reports or problems. What django-filter does not do is kept
here: facets and their labels, chips, and the search index's operands (a search narrows passages, not rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When

from reports.copying.followup import FOLLOW_UPS
from reports.db.freshness import archive_version
from reports.forms import MAX_ID, plain_text
from reports.models import Figure, Issue, Plan, Report, Section, Theme, Township
from reports.search.vectors import field_lexeme

COUNTY_LABEL = Report.field_label("county")  # 县（旗、区、市）: one label everywhere
FACET_VALUES = 50  # the most frequent values of a facet with many (townships, counties)


class List(StrEnum):
    """The lists a filter can belong to."""

    REPORTS = "reports"
    ISSUES = "issues"
    SEARCH = "search"
    TRENDS = "trends"
    FIGURES = "figures"
    PLANS = "plans"
    WORDS = "words"


EVERY_LIST = frozenset(List)
# The lists of a report's items (a problem, a figure): each row reads its report's fields through 'report__'.
ITEM_MODELS: dict[List, type[models.Model]] = {List.ISSUES: Issue, List.FIGURES: Figure, List.PLANS: Plan}


def report_prefix(listing: List) -> str:
    """How a list's rows reach their report's fields: '' for reports, 'report__' for a report's items."""
    return "report__" if listing in ITEM_MODELS else ""


@dataclass(frozen=True)
class FacetValue:
    value: Any
    label: str
    count: int


def _year_field() -> forms.Field:
    return forms.IntegerField(required=False, min_value=1980, max_value=2100)


def _id_field() -> forms.Field:
    return forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


def _text_field() -> forms.Field:
    return forms.CharField(required=False, max_length=50, validators=[plain_text])


def _choice_field(choices: Callable[[], list[tuple[str, str]]]) -> Callable[[], forms.Field]:
    return lambda: forms.ChoiceField(required=False, choices=[("", "全部"), *choices()])


def _yes_no_field() -> forms.Field:
    return forms.TypedChoiceField(
        required=False,
        choices=[("", "全部"), ("true", "有"), ("false", "没有")],
        coerce=lambda value: value == "true",
        empty_value=None,
    )


@dataclass(frozen=True)
class ListFilter:
    """One filter. `report` is the Report field it reads (an issue reads it through its report); a search
    narrows by the passage field the index holds (`indexed`), or else tests each hit (`passage`);
    `labels` names the values a facet counts."""

    name: str
    label: str
    lists: frozenset[List]
    field: Callable[[], forms.Field]
    report: str | None = None  # the Report field, for reports, issues and trends
    own: str | None = None  # else a field of the listed item itself (a figure's unit)
    lookup: str = "exact"  # how the field compares: 'gte' for a 'from' year
    indexed: str | None = None  # the Passage field the search index holds (vectors.INDEXED_FIELDS)
    passage: str | None = None  # else SQL on reports_passage as {p}, one %s, tested on each hit
    facet: bool = True
    labels: Callable[[Iterable[Any]], dict[Any, str]] | None = None
    in_form: bool = True  # shown as a form control (else only as a facet and a chip)

    def as_filter(self, prefix: str = "") -> DeclaredFilter:
        """This filter as django-filter's Filter, on reports (prefix '') or on problems (prefix 'report__':
        a problem reads the report's fields through it). A yes-or-no filter is a condition; a filter on
        a field the search index alone holds (the part a passage stands in) narrows no rows."""
        if self.name in _CONDITIONS:
            condition = _CONDITIONS[self.name](prefix)
            return DeclaredFilter(self, method=lambda qs, _, value: qs.filter(condition if value else ~condition))
        if self.name == "theme":  # a problem's own themes
            return DeclaredFilter(self, field_name="themes")
        if self.own is not None:
            return DeclaredFilter(self, field_name=self.own, lookup_expr=self.lookup)
        if self.report is None:
            return DeclaredFilter(self, method=lambda qs, _, value: qs)
        return DeclaredFilter(self, field_name=f"{prefix}{self.report}", lookup_expr=self.lookup)


class DeclaredFilter(django_filters.Filter):
    """A declared filter in a FilterSet: django-filter's Filter, whose form field is the declaration's (bounded
    values, the Chinese label). Made anew for each form: a theme's choices are read when the form is."""

    def __init__(self, declared: ListFilter, **kwargs: Any):
        super().__init__(label=declared.label, **kwargs)
        self.declared = declared

    @property
    def field(self) -> forms.Field:
        field = self.declared.field()
        field.label = self.declared.label
        return field


def _has_problems(prefix: str) -> Q:
    return Q(Exists(Section.objects.filter(report=OuterRef(f"{prefix}pk"), kind=Section.Kind.PROBLEMS)))


def _masked(prefix: str) -> Q:
    return Q(**{f"{prefix}township__isnull": True}) & ~Q(**{f"{prefix}masked_township": ""})


def _recurring(prefix: str) -> Q:
    """A problem its township reports in two years or more (an issue's own field: no prefix)."""
    return Q(recurring_years__len__gt=1)


# Yes-or-no filters: the condition a report (through `prefix` from an issue) or an issue meets.
_CONDITIONS: dict[str, Callable[[str], Q]] = {"has_problems": _has_problems, "masked": _masked, "recurring": _recurring}


def _two_way(yes: str, no: str) -> Callable[[], forms.Field]:
    """A field of an item's own yes-or-no field, its choices named: '目标' / '完成数'."""
    return lambda: forms.TypedChoiceField(
        required=False,
        choices=[("", "全部"), ("true", yes), ("false", no)],
        coerce=lambda value: value == "true",
        empty_value=None,
    )


def _units(values: Iterable[Any]) -> dict[Any, str]:
    return {value: "个百分点" if value == "百分点" else value for value in values}


def _choices(pairs: Iterable[tuple[str, str]]) -> Callable[[Iterable[Any]], dict[Any, str]]:
    return lambda values: dict(pairs)


def _yes_no(yes: str, no: str) -> Callable[[Iterable[Any]], dict[Any, str]]:
    """Labels for a yes-or-no filter, by its value (True) and by its parameter ('true')."""
    return lambda values: {True: yes, "true": yes, False: no, "false": no}


def _townships(ids: Iterable[Any]) -> dict[Any, str]:
    return dict(Township.objects.filter(id__in=list(ids)).values_list("id", "name"))


def _themes(ids: Iterable[Any]) -> dict[Any, str]:
    return dict(Theme.objects.filter(id__in=list(ids)).values_list("id", "name"))


def _theme_field() -> forms.Field:
    themes = Theme.objects.order_by("order", "name").values_list("pk", "name")
    return forms.TypedChoiceField(
        required=False, choices=[("", "全部"), *((str(pk), name) for pk, name in themes)], coerce=int, empty_value=None
    )


FILTERS: tuple[ListFilter, ...] = (
    ListFilter(
        "township",
        "乡镇",
        EVERY_LIST,
        _id_field,
        report="township",
        indexed="township_id",
        labels=_townships,
        in_form=False,
    ),
    ListFilter("county", COUNTY_LABEL, EVERY_LIST, _text_field, report="county", indexed="county"),
    ListFilter(
        "year",
        "年份",
        EVERY_LIST,
        _year_field,
        report="year",
        indexed="year",
        labels=lambda years: {y: f"{y}年" for y in years},
        in_form=False,
    ),
    ListFilter(
        "year_from",
        "起始年份",
        EVERY_LIST,
        _year_field,
        report="year",
        lookup="gte",
        passage="{p}.year >= %s",
        facet=False,
    ),
    ListFilter(
        "year_to",
        "截止年份",
        EVERY_LIST,
        _year_field,
        report="year",
        lookup="lte",
        passage="{p}.year <= %s",
        facet=False,
    ),
    ListFilter(
        "period",
        "期间",
        EVERY_LIST,
        _choice_field(lambda: Report.Period.choices),
        report="period",
        indexed="period",
        labels=_choices(Report.Period.choices),
    ),
    ListFilter(
        "kind",
        "报告类型",
        EVERY_LIST,
        _choice_field(lambda: Report.Kind.choices),
        report="kind",
        indexed="report_kind",
        labels=_choices(Report.Kind.choices),
    ),
    ListFilter(
        "section_kind",
        "所在部分",
        frozenset({List.SEARCH, List.WORDS}),
        _choice_field(lambda: Section.Kind.choices),
        indexed="section_kind",
        labels=_choices(Section.Kind.choices),
    ),
    ListFilter(
        "theme",
        "问题主题",
        frozenset({List.ISSUES, List.SEARCH}),
        _theme_field,
        indexed="theme_ids",
        labels=_themes,
    ),
    ListFilter(
        "recurring",
        "老问题",
        frozenset({List.ISSUES}),
        _yes_no_field,
        labels=_yes_no("多年反复提到", "只在一年提到"),
    ),
    ListFilter(
        "target",
        "数字类型",
        frozenset({List.FIGURES}),
        _two_way("目标", "完成数"),
        own="target",
        labels=_yes_no("目标", "完成数"),
    ),
    ListFilter("unit", "单位", frozenset({List.FIGURES}), _text_field, own="unit", labels=_units, in_form=False),
    ListFilter(
        "indicator", "指标", frozenset({List.FIGURES}), _text_field, own="indicator", labels=None, in_form=False
    ),
    ListFilter(
        "follow_up",
        "次年落实情况",
        frozenset({List.PLANS}),
        _choice_field(lambda: FOLLOW_UPS),
        own="follow_up",
        labels=_choices(FOLLOW_UPS),
    ),
    ListFilter(
        "has_problems",
        "问题部分",
        frozenset({List.REPORTS}),
        _yes_no_field,
        labels=_yes_no("有问题部分", "没有问题部分"),
    ),
    ListFilter(
        "copied_from",
        "查重",
        frozenset({List.REPORTS}),
        _choice_field(lambda: Report.CopiedFrom.choices),
        report="copied_from",
        labels=_choices([*Report.CopiedFrom.choices, ("", "尚未检查")]),
    ),
    ListFilter(
        "masked",
        "乡镇名称",
        frozenset({List.REPORTS}),
        _yes_no_field,
        labels=_yes_no("原文已隐去", "已写明或已指定"),
    ),
)
BY_NAME = {f.name: f for f in FILTERS}


def filters_of(listing: List) -> list[ListFilter]:
    return [f for f in FILTERS if listing in f.lists]


@dataclass(frozen=True)
class Chosen:
    """The filters a request chose, validated: name -> value (an int, a str, a bool)."""

    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, **values: Any) -> Chosen:
        """Chosen.of(section_kind='problems', year_from=2020): filters chosen in code (tests, benchmarks)."""
        unknown = set(values) - set(BY_NAME)
        if unknown:
            raise TypeError(f"no such filter: {', '.join(sorted(unknown))}")
        return cls(tuple((name, value) for name, value in values.items() if value not in (None, "")))

    def get(self, name: str) -> Any:
        return dict(self.values).get(name)

    def __getattr__(self, name: str) -> Any:
        """chosen.year_from: a declared filter's value, or None."""
        if name in BY_NAME:
            return self.get(name)
        raise AttributeError(name)

    def items(self) -> list[tuple[ListFilter, Any]]:
        return [(BY_NAME[name], value) for name, value in self.values]

    def admits_year(self, year: int | None) -> bool:
        """Whether a report of `year` (None: unknown) can pass the chosen years: a search reads no other
        year's partition of the passages."""
        if year is None:
            return not (self.year or self.year_from or self.year_to)
        return self.year in (None, year) and (self.year_from or year) <= year <= (self.year_to or year)

    def reports(self, queryset: QuerySet[Report]) -> QuerySet[Report]:
        """The reports these filters admit (a selector's scope: trends), through the same Filters as the lists."""
        for chosen, value in self.items():
            queryset = chosen.as_filter().filter(queryset, value)
        return queryset

    def passage_lexemes(self) -> list[str]:
        """The lexemes the search index holds for the chosen values of the fields it holds ('~year=2021')."""
        return [field_lexeme(chosen.indexed, value) for chosen, value in self.items() if chosen.indexed]

    def passage_conditions(self, alias: str = "p") -> tuple[list[str], list[Any]]:
        """SQL conditions on a passage's own columns (it carries its report's) for the filters the index
        does not hold (a range of years), tested on each hit of a search."""
        where = [chosen.passage.format(p=alias) for chosen, _ in self.items() if chosen.passage]
        return where, [value for chosen, value in self.items() if chosen.passage]


NO_FILTERS = Chosen()


@dataclass(frozen=True)
class Chip:
    """A chosen filter as the page shows it, with the parameter that removes it: '年份 2022年 ✕'."""

    label: str
    value: str
    param: str


def chips(chosen: Chosen) -> list[Chip]:
    shown = []
    for declared, value in chosen.items():
        text = (declared.labels([value]) if declared.labels else {}).get(value, str(value))
        if declared.name == "year_from":
            text = f"{value}年起"
        elif declared.name == "year_to":
            text = f"至{value}年"
        label = "年份" if declared.name.startswith("year") else declared.label
        shown.append(Chip(label, text, declared.name))
    return shown


def in_words(chosen: Chosen) -> str:
    """'（青石县、2022年）', or '' when nothing is chosen: the filters as a title or an e-mail names them."""
    values = "、".join(chip.value for chip in chips(chosen))
    return f"（{values}）" if values else ""


class FilterForm(forms.Form):
    """The form of every list's FilterSet: its fields are the list's declared filters (each bounded: ids fit an
    integer, years 1980–2100, no control characters), so a bad value is a 400 with its reason; a page's own
    parameters (a query, an order) are declared on a subclass (reports.views.params)."""

    def clean_township(self) -> int | None:
        township = self.cleaned_data.get("township")
        if township and not Township.objects.filter(pk=township).exists():
            raise ValidationError("没有这个乡镇")
        return township

    def clean(self):
        super().clean()
        data = self.cleaned_data
        low, high = data.get("year_from"), data.get("year_to")
        if low and high and low > high:
            raise ValidationError("起始年份不能晚于截止年份")
        return data

    def declared(self) -> list[ListFilter]:
        """The filters this form holds, in their declared order."""
        return [f for f in FILTERS if f.name in self.fields]

    def chosen(self) -> Chosen:
        values = self.cleaned_data
        return Chosen(tuple((f.name, values[f.name]) for f in self.declared() if values.get(f.name) not in (None, "")))

    def shown_fields(self) -> list[forms.BoundField]:
        """The controls the filter form shows: a township is chosen from a facet (an archive has
        thousands), and the year is one range."""
        return [self[f.name] for f in self.declared() if f.in_form and not f.name.startswith("year_")]

    def year_range(self) -> tuple[forms.BoundField, forms.BoundField]:
        return self["year_from"], self["year_to"]


class ListFilterSet(django_filters.FilterSet):
    """One list's filters (filterset_for). Its form may carry the page's own parameters besides the filters
    (a query, an order, a page): only the filters narrow the queryset."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        for name, declared in self.filters.items():
            queryset = declared.filter(queryset, data.get(name))
        return queryset


def filterset_for(listing: List, form: type[FilterForm] = FilterForm) -> type[ListFilterSet]:
    """The FilterSet of a list, from its declared filters: over problems for /issues/ (each reading its report's
    fields), over reports for the others; `form` adds a page's own parameters."""
    meta = type("Meta", (), {"model": ITEM_MODELS.get(listing, Report), "fields": [], "form": form})
    declared = {f.name: f.as_filter(report_prefix(listing)) for f in filters_of(listing)}
    name = f"{listing.name.title()}{form.__name__}FilterSet"
    return type(name, (ListFilterSet,), {**declared, "Meta": meta})


def facet_values(declared: ListFilter, counts: dict[Any, int], names: dict[Any, str] | None = None) -> list[FacetValue]:
    """Counts per value -> labelled facet values: years newest first, the rest most frequent first.
    `names`: labels read with the counts (a search's statement names its townships and themes), so that
    no query is made for them."""
    if declared.name in ("township", "county", "indicator") and len(counts) > FACET_VALUES:
        counts = dict(sorted(counts.items(), key=lambda kv: -kv[1])[:FACET_VALUES])
    labels = names
    if labels is None:
        labels = declared.labels(counts) if declared.labels else {}
    values = [FacetValue(value, labels.get(value, str(value)), n) for value, n in counts.items() if n]
    if declared.name == "year":
        return sorted(values, key=lambda v: v.value, reverse=True)
    return sorted(values, key=lambda v: (-v.count, v.label))


def count_facets(listing: List, queryset: QuerySet) -> dict[str, list[FacetValue]]:
    """For the reports or issues listed: how many have each value of each of the list's facets. Kept (as
    pages are) under the archive's version, so the pages of one list and its exports count them once."""
    seconds = settings.ARCHIVE_PAGE_CACHE_SECONDS
    if not seconds:
        return _count_facets(listing, queryset)
    sql, params = queryset.order_by().values("id").query.sql_with_params()
    digest = hashlib.sha256(repr((listing, sql, params)).encode()).hexdigest()
    key = f"facets:{archive_version()}:{digest}"
    counted = caches["pages"].get(key)
    if counted is None:
        counted = _count_facets(listing, queryset)
        caches["pages"].set(key, counted, seconds)
    return counted


def _count_facets(listing: List, queryset: QuerySet) -> dict[str, list[FacetValue]]:
    """One statement: the listed rows, each with its facets' values (the declared fields, and the yes-or-no
    conditions the filters use, as 'true' or 'false'), read once; then a GROUP BY a facet."""
    declared = [f for f in filters_of(listing) if f.facet]
    prefix = report_prefix(listing)
    values: dict[str, Any] = {f"f_{f.name}": F(f"{prefix}{f.report}") for f in declared if f.report}
    values |= {f"f_{f.name}": F(f.own) for f in declared if f.own}
    values |= {
        f"f_{f.name}": Case(When(_CONDITIONS[f.name](prefix), then=Value("true")), default=Value("false"))
        for f in declared
        if f.name in _CONDITIONS
    }
    rows, params = queryset.order_by().values("id", **values).query.sql_with_params()
    parts = [f"SELECT '{name[2:]}', {name}::text, count(*) FROM listed GROUP BY {name}" for name in values]
    if any(f.name == "theme" for f in declared):
        themes = "reports_issue_themes t JOIN listed ON listed.id = t.issue_id"
        parts.append(f"SELECT 'theme', t.theme_id::text, count(*) FROM {themes} GROUP BY t.theme_id")
    sql = f"WITH listed AS MATERIALIZED ({rows}) " + " UNION ALL ".join(parts)
    counts: dict[str, dict[Any, int]] = {f.name: {} for f in declared}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for name, value, number in cursor.fetchall():
            if value not in (None, ""):
                counts[name][int(value) if name in _INTEGER_FACETS else value] = number
    return {f.name: facet_values(f, counts[f.name]) for f in declared}


_INTEGER_FACETS = {"township", "year", "theme"}
