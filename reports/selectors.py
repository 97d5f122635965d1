"""Reads shared by the pages, the JSON endpoints and the admin: search, facets, trends.

Nothing outside this module builds search SQL. A query string goes through reports.search.query into a
tsquery, matched against Passage.vector (GIN index); ranking, snippets and facets are computed here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from reports.models import Issue, Passage, Report, Section, Theme, Township
from reports.search.highlight import snippet
from reports.search.query import ParsedQuery, parse_query, to_tsquery

COUNT_CAP = 10_000  # beyond this a count says "10000+"
RANK_CANDIDATES = 2_000  # ranking reads every candidate: rank the newest this many, not all


class BuiltQuery(SearchQuery):
    """A tsquery string we built ourselves, cast as it is: PostgreSQL's parsers would mangle Chinese."""

    def __init__(self, tsquery: str):
        super().__init__(tsquery, search_type="raw")

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql}::tsquery", params


@dataclass(frozen=True)
class SearchFilters:
    township: int | None = None
    county: str = ""
    year_from: int | None = None
    year_to: int | None = None
    period: str = ""
    kind: str = ""
    section_kind: str = ""
    theme: int | None = None

    def as_params(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v not in (None, "")}


NO_FILTERS = SearchFilters()


@dataclass
class FacetValue:
    value: Any
    label: str
    count: int


@dataclass
class SectionHit:
    section: Section
    snippet: SafeString
    rank: float


@dataclass
class ReportGroup:
    report: Report
    hits: list[SectionHit] = field(default_factory=list)


@dataclass
class IssueHit:
    issue: Issue
    snippet: SafeString
    rank: float


@dataclass
class SearchResults:
    query: ParsedQuery
    total: int
    total_is_capped: bool
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]]
    groups: list[ReportGroup] = field(default_factory=list)
    issues: list[IssueHit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, COUNT_CAP) // self.per_page))

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.total_is_capped else str(self.total)


def search_sections(
    *,
    query: str = "",
    filters: SearchFilters = NO_FILTERS,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Sections matching the query and filters, best first, grouped under their reports."""
    parsed, matched = _match(query, filters, issues=False)
    total, capped = _count(matched, "section_id")
    rows = _top(matched, parsed, sort, page, per_page, key="section_id")
    sections = Section.objects.select_related("report", "report__township").in_bulk([r["section_id"] for r in rows])
    groups: dict[int, ReportGroup] = {}
    for row in rows:
        section = sections[row["section_id"]]
        group = groups.setdefault(section.report_id, ReportGroup(report=section.report))
        group.hits.append(SectionHit(section, _snippet(row["text"], parsed), row["rank"]))
    facets = _facets(matched, key="section_id")
    return SearchResults(parsed, total, capped, page, per_page, facets, groups=list(groups.values()))


def search_issues(
    *,
    query: str = "",
    filters: SearchFilters = NO_FILTERS,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Problems (Issue) matching the query and filters, each with its report and themes."""
    parsed, matched = _match(query, filters, issues=True)
    total, capped = _count(matched, "issue_id")
    rows = _top(matched, parsed, sort, page, per_page, key="issue_id")
    issues = (
        Issue.objects.select_related("report", "report__township", "section")
        .prefetch_related("themes")
        .in_bulk([r["issue_id"] for r in rows])
    )
    hits = [IssueHit(issues[row["issue_id"]], _snippet(row["text"], parsed), row["rank"]) for row in rows]
    return SearchResults(parsed, total, capped, page, per_page, _facets(matched, key="issue_id"), issues=hits)


def _match(query: str, filters: SearchFilters, *, issues: bool) -> tuple[ParsedQuery, QuerySet[Passage]]:
    parsed = parse_query(query)
    passages = Passage.objects.filter(issue__isnull=not issues)
    passages = _apply_filters(passages, filters, issues=issues)
    tsquery = to_tsquery(parsed)
    if tsquery:
        passages = passages.filter(vector=BuiltQuery(tsquery)).annotate(
            rank=SearchRank(F("vector"), BuiltQuery(tsquery), cover_density=True)
        )
    return parsed, passages


def _apply_filters(passages: QuerySet[Passage], filters: SearchFilters, *, issues: bool) -> QuerySet[Passage]:
    conditions = {
        "township_id": filters.township,
        "county": filters.county,
        "year__gte": filters.year_from,
        "year__lte": filters.year_to,
        "period": filters.period,
        "report_kind": filters.kind,
        "section_kind": filters.section_kind,
    }
    passages = passages.filter(**{k: v for k, v in conditions.items() if v not in (None, "")})
    if filters.theme:
        themed = Issue.objects.filter(themes=filters.theme)
        key = "issue_id" if issues else "section_id"
        passages = passages.filter(**{f"{key}__in": themed.values("id" if issues else "section_id")})
    return passages


def _count(matched: QuerySet[Passage], key: str) -> tuple[int, bool]:
    found = matched.order_by().values(key).distinct()[: COUNT_CAP + 1].count()
    return min(found, COUNT_CAP), found > COUNT_CAP


def _top(matched: QuerySet[Passage], parsed: ParsedQuery, sort: str, page: int, per_page: int, key: str):
    """One page of hits, one per section (or issue), in the order asked for."""
    ranked = "rank" in matched.query.annotations
    if not ranked:
        matched = matched.annotate(rank=RawSQL("0.0", []))
    order = {
        "newest": ["-year", "-rank", "id"],
        "oldest": ["year", "-rank", "id"],
    }.get(sort, ["-rank", "-year", "id"] if ranked else ["-year", "id"])
    if ranked and sort not in ("newest", "oldest"):
        # Ranking reads every candidate's vector: rank the newest RANK_CANDIDATES matches only.
        newest = matched.order_by("-year", "id").values("id")[:RANK_CANDIDATES]
        matched = matched.filter(id__in=newest)
    wanted = page * per_page
    rows, seen = [], set()
    for row in matched.order_by(*order).values("id", key, "text", "rank")[: wanted + 5 * per_page]:
        if row[key] not in seen:
            seen.add(row[key])
            rows.append(row)
    return rows[(page - 1) * per_page : wanted]


def _snippet(text: str, parsed: ParsedQuery) -> SafeString:
    return mark_safe(snippet(text, parsed.positive_terms))  # snippet() escapes the text before marking


FACETS = ("year", "township", "county", "period", "kind", "section_kind")


def _facets(matched: QuerySet[Passage], *, key: str) -> dict[str, list[FacetValue]]:
    """For each filter, how many hits each of its values has among the current results."""
    columns = ("year", "township_id", "county", "period", "report_kind", "section_kind")
    rows = list(matched.order_by().values_list(key, *columns).distinct()[:COUNT_CAP])
    counts: dict[str, Counter] = {name: Counter() for name in FACETS}
    for row in rows:
        for name, value in zip(FACETS, row[1:], strict=True):
            if value not in (None, ""):
                counts[name][value] += 1
    facets = {name: _labelled(name, counter) for name, counter in counts.items()}
    hit_ids = [row[0] for row in rows]
    facets["theme"] = _theme_facet(hit_ids, key)
    return facets


def _labelled(name: str, counter: Counter) -> list[FacetValue]:
    labels: dict[Any, str] = {}
    if name == "township":
        labels = dict(Township.objects.filter(id__in=counter).values_list("id", "name"))
    elif name == "period":
        labels = dict(Report.Period.choices)
    elif name == "kind":
        labels = dict(Report.Kind.choices)
    elif name == "section_kind":
        labels = dict(Section.Kind.choices)
    values = [
        FacetValue(value, labels.get(value, f"{value}年" if name == "year" else str(value)), n)
        for value, n in counter.items()
    ]
    if name == "year":
        return sorted(values, key=lambda v: v.value, reverse=True)
    return sorted(values, key=lambda v: (-v.count, v.label))


def _theme_facet(hit_ids: list[int], key: str) -> list[FacetValue]:
    through = Issue.themes.through.objects
    field_name = "issue__section_id" if key == "section_id" else "issue_id"
    rows = (
        through.filter(**{f"{field_name}__in": hit_ids})
        .values("theme_id", "theme__name")
        .annotate(n=Count(field_name, distinct=True))
        .order_by("-n", "theme__name")
    )
    return [FacetValue(row["theme_id"], row["theme__name"], row["n"]) for row in rows]


# --- trends ----------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    year: int
    reports: int  # reports in scope that year
    mentioning: int  # of which mention the keyword
    mentions: int
    characters: int

    @property
    def per_10k(self) -> float:
        return round(self.mentions * 10_000 / self.characters, 3) if self.characters else 0.0


@dataclass
class KeywordTrend:
    keyword: str
    points: list[TrendPoint]
    by_township: dict[str, list[TrendPoint]] = field(default_factory=dict)


def keyword_trends(
    *, keywords: list[str], filters: SearchFilters = NO_FILTERS, by_township: bool = False
) -> list[KeywordTrend]:
    """Per year, for each keyword: reports mentioning it and mentions per 10,000 characters."""
    scope = _reports_in_scope(filters)
    totals = {row["year"]: row for row in scope.values("year").annotate(n=Count("id"), chars=Sum("characters"))}
    trends = []
    for keyword in keywords:
        term = parse_query(keyword).positive_terms[:1]
        tsquery = to_tsquery(parse_query(f'"{term[0]}"')) if term else None
        if not tsquery:
            continue
        matching = scope.filter(
            id__in=Passage.objects.filter(issue__isnull=True, vector=BuiltQuery(tsquery)).values("report_id")
        ).annotate(mentions=_occurrences(term[0]))
        per_year = matching.values("year").annotate(n=Count("id"), mentions=Sum("mentions"))
        found = {row["year"]: row for row in per_year}
        points = [
            TrendPoint(
                year,
                totals[year]["n"],
                found.get(year, {}).get("n", 0),
                found.get(year, {}).get("mentions") or 0,
                totals[year]["chars"] or 0,
            )
            for year in sorted(totals)
        ]
        trend = KeywordTrend(term[0], points)
        if by_township:
            trend.by_township = _township_points(scope, matching)
        trends.append(trend)
    return trends


def _reports_in_scope(filters: SearchFilters) -> QuerySet[Report]:
    conditions = {
        "township_id": filters.township,
        "county": filters.county,
        "year__gte": filters.year_from,
        "year__lte": filters.year_to,
        "period": filters.period,
        "kind": filters.kind,
    }
    return Report.objects.filter(year__isnull=False, **{k: v for k, v in conditions.items() if v not in (None, "")})


def _occurrences(term: str) -> RawSQL:
    """How many times the term stands in a report's text (Latin letters case-insensitive)."""
    return RawSQL(
        "(char_length(reports_report.text) - char_length(replace(lower(reports_report.text), lower(%s), '')))"
        " / char_length(%s)",
        [term, term],
    )


def _township_points(scope: QuerySet[Report], matching: QuerySet[Report]) -> dict[str, list[TrendPoint]]:
    totals = scope.filter(township__isnull=False).values("township__name", "year")
    totals = {(r["township__name"], r["year"]): r for r in totals.annotate(n=Count("id"), chars=Sum("characters"))}
    found = matching.filter(township__isnull=False).values("township__name", "year")
    found = {(r["township__name"], r["year"]): r for r in found.annotate(n=Count("id"), m=Sum("mentions"))}
    series: dict[str, list[TrendPoint]] = defaultdict(list)
    for (name, year), total in sorted(totals.items(), key=lambda item: (item[0][0], item[0][1])):
        hit = found.get((name, year), {})
        series[name].append(TrendPoint(year, total["n"], hit.get("n", 0), hit.get("m") or 0, total["chars"] or 0))
    return dict(series)


def matching_ids(query: str, *, issues: bool) -> QuerySet:
    """Ids of the sections (or issues) a query matches: what the admin's search box uses."""
    _, matched = _match(query, SearchFilters(), issues=issues)
    return matched.values("issue_id" if issues else "section_id")


def themes() -> QuerySet[Theme]:
    return Theme.objects.all()
