"""Word statistics (/words/, /api/words): a year's most frequent words, the words that rose or fell against
the years before, and the words new that year, in any scope the lists' filters choose.

Counts were made once, at ingest (reports.vocabulary, stored as ReportWords). With no county or township
chosen, the sums by year, kind, period and part (WordTally, kept by triggers) answer; a county or a township
is a few hundred reports, whose own counts are summed.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max, QuerySet

from reports.filters import Chosen
from reports.models import Report, ReportWords, WordTally
from reports.vocabulary import Counts, Rise, compare, per_10k

TOP = 50  # most frequent words shown
RISEN = 30  # risen words shown
FALLEN = 15  # fallen words shown
NEW = 30  # new words shown
MIN_COUNT = 3  # times a word is used, in the year and the years before together, to be compared at all
SIGNIFICANT = 1.96  # |z| of a rise or a fall that is shown (95 %)
# Filters that WordTally's own columns hold (its sums answer them); any other narrows by report.
_TALLY_COLUMNS = {"kind": "kind", "period": "period", "section_kind": "part"}


@dataclass(frozen=True)
class WordShare:
    word: str
    count: int
    per_10k: float  # uses per 10,000 counted words of the year


@dataclass(frozen=True)
class WordRise:
    word: str
    now: int
    before: int
    per_10k_now: float
    per_10k_before: float
    z: float


@dataclass(frozen=True)
class WordStatistics:
    year: int | None  # the year studied: the chosen one, else the latest in scope
    first_year: int | None  # the earliest of the years before (None: there are none)
    words_now: int  # counted words in the year
    words_before: int  # and in the years before
    reports: int  # reports of the year in scope
    frequent: list[WordShare]
    risen: list[WordRise]
    fallen: list[WordRise]
    new: list[WordShare]

    @property
    def compared(self) -> bool:
        """Whether there were years before to compare with."""
        return self.words_before > 0


def word_statistics(filters: Chosen) -> WordStatistics:
    """The statistics of the chosen year (else the latest) within the other filters; the years before are
    those from `year_from` (else the first) up to the year before."""
    scope = _scope(filters)
    year = filters.year or _latest_year(filters, scope)
    if year is None or not filters.admits_year(year):  # no year, or one the chosen range leaves out
        return WordStatistics(None, None, 0, 0, 0, [], [], [], [])
    rows = _counts(filters, scope, year)
    now = {word: y for word, y, _ in rows if y}
    before = {word: r for word, _, r in rows if r}
    total_now, total_before, first_year = _totals(filters, scope, year)
    pooled = Counts({word: y + r for word, y, r in rows}, total_now + total_before)
    risen, fallen = compare(Counts(now, total_now), Counts(before, total_before), pooled, keep=RISEN)

    def rise(r: Rise) -> WordRise:
        return WordRise(r.word, r.now, r.before, per_10k(r.now, total_now), per_10k(r.before, total_before), r.z)

    frequent = heapq.nsmallest(TOP, now.items(), key=_most_used)
    new = heapq.nsmallest(NEW, ((w, n) for w, n in now.items() if w not in before), key=_most_used)
    return WordStatistics(
        year=year,
        first_year=first_year if total_before else None,
        words_now=total_now,
        words_before=total_before,
        reports=scope.filter(year=year).count(),
        frequent=[WordShare(w, n, per_10k(n, total_now)) for w, n in frequent],
        risen=[rise(r) for r in risen if r.z > SIGNIFICANT],
        fallen=[rise(r) for r in fallen[:FALLEN] if r.z < -SIGNIFICANT],
        new=[WordShare(w, n, per_10k(n, total_now)) for w, n in new] if total_before else [],
    )


def _most_used(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _scope(filters: Chosen) -> QuerySet[Report]:
    """The reports in scope, every year of the range: the year studied is chosen apart."""
    others = Chosen(tuple((name, value) for name, value in filters.values if name != "year"))
    return others.reports(Report.objects.filter(year__isnull=False))


def _by_report(filters: Chosen) -> bool:
    """Whether a filter WordTally cannot answer is chosen (a county, a township): then reports' own counts."""
    return any(name not in _TALLY_COLUMNS and not name.startswith("year") for name, _ in filters.values)


def _conditions(filters: Chosen, up_to: int | None, alias: str) -> tuple[str, list]:
    """SQL conditions on WordTally's or ReportWords' shared columns: the years compared (up to `up_to`, from
    `year_from`), kind, period, part."""
    where: list[str] = ["TRUE"]
    params: list = []
    if up_to is not None:
        where.append(f"{alias}.year <= %s")
        params.append(up_to)
    if filters.year_from:
        where.append(f"{alias}.year >= %s")
        params.append(filters.year_from)
    for name, value in filters.values:
        if name in _TALLY_COLUMNS:
            where.append(f"{alias}.{_TALLY_COLUMNS[name]} = %s")
            params.append(value)
    return " AND ".join(where), params


def _counts(filters: Chosen, scope: QuerySet[Report], year: int) -> list[tuple[str, int, int]]:
    """(word, uses in the year, uses in the years before) for every word used MIN_COUNT times in both."""
    where, params = _conditions(filters, year, "c")
    if _by_report(filters):
        reports, report_params = scope.order_by().values("id").query.sql_with_params()
        source = (
            f"{ReportWords._meta.db_table} c CROSS JOIN LATERAL unnest(c.words, c.counts) AS w(word, count)"
            f" WHERE c.report_id IN ({reports}) AND "
        )
        params = [*report_params, *params]
        word = "w.word"
        count = "w.count"
    else:
        source, word, count = f"{WordTally._meta.db_table} c WHERE ", "c.word", "c.count"
    sql = f"""
        SELECT {word}, coalesce(sum({count}) FILTER (WHERE c.year = %s), 0),
               coalesce(sum({count}) FILTER (WHERE c.year < %s), 0)
        FROM {source} {where}
        GROUP BY {word} HAVING sum({count}) >= %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, year, *params, MIN_COUNT])
        return cursor.fetchall()


def _totals(filters: Chosen, scope: QuerySet[Report], year: int) -> tuple[int, int, int | None]:
    """All counted words of the year and of the years before, in scope (rare words included), and the
    first of the years before."""
    where, params = _conditions(filters, year, "c")
    reports, report_params = scope.order_by().values("id").query.sql_with_params()
    sql = f"""
        SELECT coalesce(sum(c.total) FILTER (WHERE c.year = %s), 0),
               coalesce(sum(c.total) FILTER (WHERE c.year < %s), 0), min(c.year) FILTER (WHERE c.year < %s)
        FROM {ReportWords._meta.db_table} c WHERE c.report_id IN ({reports}) AND {where}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, year, year, *report_params, *params])
        now, before, first = cursor.fetchone()
    return int(now), int(before), first


def _latest_year(filters: Chosen, scope: QuerySet[Report]) -> int | None:
    """The latest year with counted words in scope: from the sums' key when they answer."""
    if not _by_report(filters):
        where, params = _conditions(filters, filters.year_to, "c")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT max(c.year) FROM {WordTally._meta.db_table} c WHERE c.count > 0 AND {where}", params
            )
            return cursor.fetchone()[0]
    latest = ReportWords.objects.filter(report__in=scope)
    if filters.get("section_kind"):
        latest = latest.filter(part=filters.get("section_kind"))
    return latest.aggregate(latest=Max("year"))["latest"]
