"""Trends: how often keywords are mentioned, year by year (and township by township), through the search index."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet, Sum

from reports.filters import NO_FILTERS, Chosen
from reports.models import Report
from reports.search.query import parse_query
from reports.selectors.search import search_conditions

# --- trends ----------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    year: int
    reports: int  # reports in scope that year
    mentioning: int  # of which mention the keyword
    mentions: int  # sections (章节) that mention it
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
    *, keywords: list[str], filters: Chosen = NO_FILTERS, by_township: bool = False
) -> list[KeywordTrend]:
    """Per year, for each keyword: the reports that mention it and the sections (章节) that do, counted
    from the search index alone (a long term's exact check reads only the passages the index found);
    `mentions` are sections, so no report's text is scanned."""
    scope = _reports_in_scope(filters)
    totals = {row["year"]: row for row in scope.values("year").annotate(n=Count("id"), chars=Sum("characters"))}
    township_totals = _township_totals(scope) if by_township else {}
    trends = []
    for keyword in keywords:
        term = parse_query(keyword).positive_terms[:1]
        if not term:
            continue
        where, params = search_conditions(parse_query(f'"{term[0]}"'), filters, issues=False)
        # Per township only when asked; then the per-year rows are those GROUPING marks as not by township.
        grouping, township, groups = (
            ("GROUPING(p.township_id)", "p.township_id", "GROUPING SETS ((p.year), (p.township_id, p.year))")
            if by_township
            else ("1", "NULL", "p.year")
        )
        sql = f"""
            SELECT {grouping}, {township}, p.year,
                   count(DISTINCT p.report_id), count(DISTINCT p.section_id)
            FROM reports_passage p
            WHERE p.year IS NOT NULL AND {where}
            GROUP BY {groups}
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        per_year = {year: (reports, sections) for grouped, _, year, reports, sections in rows if grouped}
        points = [_point(year, totals[year], per_year.get(year)) for year in sorted(totals)]
        trend = KeywordTrend(term[0], points)
        if by_township:
            found = {(t, year): (r, s) for grouped, t, year, r, s in rows if not grouped and t is not None}
            trend.by_township = {
                name: [_point(year, total, found.get((township, year))) for year, total in years]
                for (name, township), years in township_totals.items()
            }
        trends.append(trend)
    return trends


def _point(year: int, total: dict, found: tuple[int, int] | None) -> TrendPoint:
    mentioning, mentions = found or (0, 0)
    return TrendPoint(year, total["n"], mentioning, mentions, total["chars"] or 0)


def _township_totals(scope: QuerySet[Report]) -> dict[tuple[str, int], list[tuple[int, dict]]]:
    """(township name, id) -> its years in scope with their report and character counts, by name."""
    rows = scope.filter(township__isnull=False).values("township__name", "township_id", "year")
    series: dict[tuple[str, int], list[tuple[int, dict]]] = defaultdict(list)
    for row in rows.annotate(n=Count("id"), chars=Sum("characters")).order_by("township__name", "year"):
        series[(row["township__name"], row["township_id"])].append((row["year"], row))
    return dict(series)


def _reports_in_scope(filters: Chosen) -> QuerySet[Report]:
    return filters.reports(Report.objects.filter(year__isnull=False))
