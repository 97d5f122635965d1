"""Reads shared by the pages, the JSON endpoints and the admin: search and its facets.

Nothing outside this module builds search SQL. A query string goes through reports.search.query into a
tsquery, matched against the n-grams of Passage.text (a GIN expression index); ranking, snippets and
facets are computed here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from reports.db import partitions
from reports.filters import BY_NAME, NO_FILTERS, Chosen, FacetValue, facet_values
from reports.models import Issue, Passage, Report, Section
from reports.search.highlight import snippet
from reports.search.query import MatchPlan, ParsedQuery, match_plan, parse_query, split_on_exact_terms
from reports.search.vectors import INDEXED_FIELDS, TERMS_FUNCTION, field_lexeme, normalised_sql, quote

# Measured by `bench_search` at 10,000 reports: a common word matches 60,000 passages, and reading
# each one's filter columns is what a search spends its time on. So:
COUNT_CAP = 2_000  # beyond this a count says "2000+" and facets count the first 2,000 hits
RANK_CANDIDATES = 200  # ranking reads each candidate's text: rank the newest this many; later pages go by date


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
    ranked: int = 0  # how many hits, from the first, are in relevance order; the rest go by date
    shown: int = 0  # hits on this page

    @classmethod
    def of(cls, parsed: ParsedQuery, found: Found, page: int, per_page: int, **hits: Any) -> SearchResults:
        """The results of one page of what HitQuery found, with its hits (groups of sections, or issues)."""
        return cls(
            parsed,
            found.total,
            found.capped,
            page,
            per_page,
            found.facets,
            ranked=found.ranked,
            shown=len(found.page),
            **hits,
        )

    @property
    def pages(self) -> int | None:
        """Pages of hits; None when the count is capped (then a full page may have one after it)."""
        return None if self.total_is_capped else max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        """A capped count does not say how many pages there are: a full page may have one after it."""
        return self.shown == self.per_page and (self.pages is None or self.page < self.pages)

    @property
    def first_by_date(self) -> int:
        """The number of the first hit listed by date after the ranked ones (0: none on this page)."""
        first = (self.page - 1) * self.per_page + 1
        return self.ranked + 1 if self.ranked and first <= self.ranked + 1 <= first + self.shown - 1 else 0

    @property
    def total_label(self) -> str:
        return f"{COUNT_CAP}+" if self.total_is_capped else str(self.total)

    @property
    def facets_are_partial(self) -> bool:
        return self.total_is_capped


def search_sections(
    *, query: str = "", filters: Chosen = NO_FILTERS, sort: str = "relevance", page: int = 1, per_page: int = 20
) -> SearchResults:
    """Sections matching the query and filters, best first, grouped under their reports."""
    parsed = parse_query(query)
    found = HitQuery(parsed, filters, issues=False).run(parsed, sort, page, per_page)
    sections = (
        Section.objects.select_related("report", "report__township")
        .defer("text", "report__text")
        .in_bulk([c.hit for c in found.page])
    )
    groups: dict[int, ReportGroup] = {}
    for candidate in found.page:
        section = sections[candidate.hit]
        group = groups.setdefault(section.report_id, ReportGroup(report=section.report))
        group.hits.append(SectionHit(section, _snippet(candidate.text, parsed), candidate.score))
    return SearchResults.of(parsed, found, page, per_page, groups=list(groups.values()))


def search_issues(
    *, query: str = "", filters: Chosen = NO_FILTERS, sort: str = "relevance", page: int = 1, per_page: int = 20
) -> SearchResults:
    """Problems (Issue) matching the query and filters, each with its report and themes."""
    parsed = parse_query(query)
    found = HitQuery(parsed, filters, issues=True).run(parsed, sort, page, per_page)
    issues = (
        Issue.objects.select_related("report", "report__township", "section")
        .defer("report__text", "section__text")
        .prefetch_related("themes")
        .in_bulk([c.hit for c in found.page])
    )
    hits = [IssueHit(issues[c.hit], _snippet(c.text, parsed), c.score) for c in found.page]
    return SearchResults.of(parsed, found, page, per_page, issues=hits)


def matching_ids(query: str, *, issues: bool) -> QuerySet:
    """Ids of the sections (or issues) a query matches: what the admin's search box uses."""
    passages = Passage.objects.filter(is_issue=issues)
    parsed = parse_query(query)
    if not parsed.is_empty:
        where, params = search_conditions(parsed, NO_FILTERS, issues=issues)
        passages = passages.filter(id__in=RawSQL(f"SELECT p.id FROM reports_passage p WHERE {where}", params))
    return passages.values("issue_id" if issues else "section_id")


def newest_matching(
    query: str,
    filters: Chosen = NO_FILTERS,
    limit: int = 20,
    *,
    stored: tuple[datetime, datetime] | None = None,
) -> list[Report]:
    """The reports a search finds, the latest stored first: what a reader following a topic wants to see
    (the search's own 'newest' orders by the year a report is about, which an old report stored today is not).
    `stored`: only those stored after the first time and up to the second (a digest's period)."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return []
    where, params = search_conditions(parsed, filters, issues=False)
    found = RawSQL(f"SELECT p.report_id FROM reports_passage p WHERE {where}", params)
    reports = Report.objects.filter(id__in=found).select_related("township").defer("text")
    if stored:
        reports = reports.filter(created_at__gt=stored[0], created_at__lte=stored[1])
    return list(reports.order_by("-created_at", "-id")[:limit])


def match_conditions(plan: MatchPlan, alias: str = "p", required: Sequence[str] = ()) -> tuple[list[str], list[Any]]:
    """SQL conditions on reports_passage (as `alias`) for a query and the field lexemes a passage must
    hold (`required`: filters, vectors.field_lexeme): the GIN index finds the rows; a term the index cannot
    find exactly is confirmed in the text of each passage it found, excluded terms too."""
    where: list[str] = []
    params: list[Any] = []
    apart = plan.excluded
    positive = [plan.tsquery] if plan.tsquery else []
    positive += [quote(lexeme) for lexeme in required]
    if positive:
        # An excluded term the index finds exactly is one more operand for GIN ('党建' & !'疫情').
        inside = [term for term in plan.excluded if not term.check]
        apart = [term for term in plan.excluded if term.check]
        where.append(f"{indexed(alias)} @@ %s::tsquery")
        params.append(" & ".join([*positive, *(f"!({term.tsquery})" for term in inside)]))
    for group in plan.checks:
        where.append("(" + " OR ".join(_contains(alias, term) for term in group) + ")")
        params += group
    for term in apart:
        if positive:  # a long excluded term, read in each candidate the index found
            where.append(f"NOT {_contains(alias, term.check or '')}")
            params.append(term.check)
            continue
        # Only exclusions: the passages the index finds for each are left out.
        inner = f"{indexed('x')} @@ %s::tsquery" + (f" AND {_contains('x', term.check)}" if term.check else "")
        where.append(f"{alias}.id NOT IN (SELECT x.id FROM reports_passage x WHERE {inner})")
        params += [term.tsquery, *([term.check] if term.check else [])]
    return where, params


def search_conditions(parsed: ParsedQuery, filters: Chosen, *, issues: bool) -> tuple[str, list[Any]]:
    """The WHERE of a search of problems (or of sections) over reports_passage as p, with its parameters:
    the query and the filters the index holds are one GIN condition; the rest is tested on each hit.
    Problems are a fifth of the passages, so the index narrows to them; nearly every passage a word
    matches is a section's, and intersecting its list with every section's cost 8 ms more than testing
    each hit (干部 at 51,840 reports: 49 against 41 ms)."""
    required, tested = ([field_lexeme("is_issue", True)], []) if issues else ([], ["NOT p.is_issue"])
    where, params = match_conditions(match_plan(parsed), required=[*required, *filters.passage_lexemes()])
    narrowed, values = filters.passage_conditions()
    return " AND ".join(where + tested + narrowed), params + values


def indexed(alias: str) -> str:
    """What the GIN index holds for a passage (`alias`): its n-grams and field lexemes, computed from its
    columns by the index expression (reports.search.vectors); a condition spelled otherwise would not use
    the index."""
    columns = ", ".join(f"{alias}.{name}" for name in ["text", *(name for name, _ in INDEXED_FIELDS)])
    return f"{TERMS_FUNCTION}({columns})"


def _contains(alias: str, term: str) -> str:
    """The passage's own text holds `term` (a lower-cased parameter): each candidate the index found is
    read once, and no passage is longer than passages.MAX_CHARS, so no report can make this slow.
    Passages of a long section overlap by the longest term, so a hit in the section is a hit in one of
    them. Lower-casing is needed only when the term has ASCII letters: nothing else is changed by it."""
    text = normalised_sql(f"{alias}.text") if any("a" <= char <= "z" for char in term) else f"{alias}.text"
    return f"strpos({text}, %s) > 0"


@dataclass
class Candidate:
    hit: int
    year: int | None
    start: int
    end: int
    heading_chars: int
    text: str = ""  # read with the first candidates, or by HitQuery._read_texts (a hit is never empty)
    score: float = 0.0


@dataclass
class Found:
    facets: dict[str, list[FacetValue]]
    total: int
    capped: bool
    page: list[Candidate]
    ranked: int = 0


class HitQuery:
    """The passages a tsquery and filters match, found in one SQL statement that returns the counts
    per filter value and the candidates to rank. Only the GIN index finds rows; filters narrow its hits."""

    def __init__(self, parsed: ParsedQuery, filters: Chosen, *, issues: bool):
        self.key = "issue_id" if issues else "section_id"
        self.table = "reports_issue" if issues else "reports_section"
        self.issues = issues
        self.where, self.params = search_conditions(parsed, filters, issues=issues)
        # The walk runs the query in parts that match apart (query.split_on_exact_terms): an OR group
        # then reads the text only of candidates the index cannot confirm (人居环境 OR 生态 at 10,000
        # reports: the statement's execution took 17.0 against 25.4 ms, EXPLAIN ANALYZE).
        self.parts = [search_conditions(part, filters, issues=issues) for part in split_on_exact_terms(parsed)]
        self.filters = filters

    def run(self, parsed: ParsedQuery, sort: str, page: int, per_page: int) -> Found:
        order = "ASC" if sort == "oldest" else "DESC"
        sql = """
            WITH matched AS MATERIALIZED ({walk}),
            hits AS (SELECT DISTINCT ON (hit) * FROM (SELECT * FROM matched LIMIT %s) first ORDER BY hit, id)
            SELECT GROUPING(year, township_id, county, period, report_kind, section_kind),
                   coalesce(year::text, township_id::text, county, period, report_kind, section_kind),
                   count(*), NULL::int, NULL::int, NULL::int,
                   CASE GROUPING(township_id) WHEN 0 THEN (SELECT name FROM reports_township WHERE id = township_id) END
            FROM hits
            GROUP BY GROUPING SETS ((), (year), (township_id), (county), (period), (report_kind), (section_kind))
            UNION ALL
            SELECT -1, theme::text, count(*), NULL, NULL, NULL, (SELECT name FROM reports_theme WHERE id = theme)
            FROM (SELECT unnest(theme_ids) AS theme FROM hits) AS themes
            GROUP BY theme
            UNION ALL
            SELECT -2, NULL, count(*), NULL, NULL, NULL, NULL FROM matched
            UNION ALL
            (SELECT -3, c.hit::text, c.year, c.start, c."end", c.heading_chars, {stretch}
             FROM (SELECT * FROM matched ORDER BY year {order} NULLS LAST, id LIMIT %s) c
             JOIN {table} t ON t.id = c.hit
             ORDER BY c.year {order} NULLS LAST, c.id)
        """
        with transaction.atomic(), connection.cursor() as cursor:
            walk, walk_params = self._year_by_year(order, _use_the_index(cursor))
            sql = sql.format(walk=walk, order=order, stretch=_STRETCH, table=self.table)
            cursor.execute(sql, [*walk_params, COUNT_CAP, RANK_CANDIDATES])
            rows = cursor.fetchall()
        counts: dict[str, Counter] = {name: Counter() for name in (*FACETS, "theme")}
        names: dict[str, dict[Any, str]] = {"township": {}, "theme": {}}  # labelled in the statement
        total = matched = 0
        candidates = []
        # The last column is a candidate's text, or the name of a township or theme counted.
        for grouping, value, number, start, end, heading, text in rows:
            if grouping == -3:
                candidates.append(Candidate(int(value), number, start, end, heading, text))
            elif grouping == -2:
                matched = number
            elif grouping == _GRAND_TOTAL:
                total = number
            elif value not in (None, ""):
                name = _GROUPING_NAMES[grouping]
                key = int(value) if name in ("year", "township", "theme") else value
                counts[name][key] = number
                if name in names and text is not None:
                    names[name][key] = text
        facets = {name: facet_values(BY_NAME[name], dict(counter), names.get(name)) for name, counter in counts.items()}
        by_hit: dict[int, Candidate] = {}
        for candidate in candidates:
            by_hit.setdefault(candidate.hit, candidate)  # one candidate per hit, the first
        unique = list(by_hit.values())
        capped = matched > COUNT_CAP
        ranked = len(unique) if sort == "relevance" and parsed.positive_terms else 0
        if not ranked and capped:
            unique = []  # the newest years' first COUNT_CAP, not in the date sort's order within a year: go by date
        first = (page - 1) * per_page
        shown = self._rank(unique, parsed, ranked)[first : first + per_page] if first < len(unique) else []
        if len(shown) < per_page and (capped or len(candidates) == RANK_CANDIDATES):
            # Past the candidates: the other hits by date, as deep as they go (each hit once).
            later = self._by_date(order, max(0, first - len(unique)), per_page - len(shown), [c.hit for c in unique])
            self._score(later, parsed)
            shown += later
        return Found(facets, min(total, COUNT_CAP), capped, shown, ranked)

    def _year_by_year(self, order: str, years: list[int | None]) -> tuple[str, list[Any]]:
        """The first COUNT_CAP + 1 matching passages, the newest years' first (the oldest's, sorted so):
        a branch a year (one for each part of the query), each reading only its year's partition and
        index (reports.db.partitions), run by PostgreSQL only while the count is short. A word in most
        passages reads a year or two of the index, not the whole archive's; a rare one reads every
        year's, each small."""
        years = partitions.walk_order(filter(self.filters.admits_year, years), newest_first=order == "DESC")
        columns = f"""p.{self.key} AS hit, p.id, p.year, p.township_id, p.county, p.period, p.report_kind,
                      p.section_kind, p.start, p."end", p.heading_chars, p.theme_ids"""
        # A branch names its year's partition: the planner then has no partitions to prune, which cost
        # about half the planning time of a search (干部 at 100,000 reports: 12 against 5 ms, 21 years).
        branches = [
            f"(SELECT {columns} FROM {partitions.partition_name(year)} p WHERE {where} LIMIT %s)"
            for year in years
            for where, _ in self.parts
        ] or [f"(SELECT {columns} FROM reports_passage p WHERE false)"]  # no year passes the filters
        params = [value for _ in years for _, part in self.parts for value in (*part, COUNT_CAP + 1)]
        return f"SELECT * FROM ({' UNION ALL '.join(branches)}) walk LIMIT %s", [*params, COUNT_CAP + 1]

    def _rank(self, unique: list[Candidate], parsed: ParsedQuery, ranked: int) -> list[Candidate]:
        """Read the candidates' texts and score them; in relevance order when the search ranks."""
        self._score(unique, parsed)
        return sorted(unique, key=lambda c: (-c.score, -(c.year or 0))) if ranked else unique

    def _score(self, candidates: list[Candidate], parsed: ParsedQuery) -> None:
        self._read_texts([c for c in candidates if not c.text])
        for candidate in candidates:
            candidate.score = relevance(candidate.text, parsed.positive_terms, candidate.heading_chars)

    def _by_date(self, order: str, offset: int, limit: int, besides: list[int]) -> list[Candidate]:
        """Hits `offset` to `offset + limit` by date, leaving out those listed already (`besides`), each
        with its first matching passage. Reads every match of the query, so only pages past the candidates
        ask for it; the statement timeout bounds it like any public query."""
        sql = f"""
            SELECT hit, year, start, "end", heading_chars FROM (
                SELECT DISTINCT ON (p.{self.key}) p.{self.key} AS hit, p.year, p.start, p."end", p.heading_chars, p.id
                FROM reports_passage p WHERE {self.where} AND NOT p.{self.key} = ANY(%s)
                ORDER BY p.{self.key}, p.id
            ) first_passages
            ORDER BY year {order} NULLS LAST, id LIMIT %s OFFSET %s
        """
        with transaction.atomic(), connection.cursor() as cursor:
            _use_the_index(cursor)
            cursor.execute(sql, [*self.params, besides, limit, offset])
            return [Candidate(*row) for row in cursor.fetchall()]

    def _read_texts(self, candidates: list[Candidate]) -> None:
        """The texts of candidates found past the first ones (run reads those with the hits)."""
        if not candidates:
            return
        sql = f"""
            SELECT c.n, {_STRETCH}
            FROM unnest(%s::int[], %s::int[], %s::int[], %s::int[]) AS c(n, hit, start, "end")
            JOIN {self.table} t ON t.id = c.hit
        """
        columns = [list(range(len(candidates)))] + [
            [getattr(c, a) for c in candidates] for a in ("hit", "start", "end")
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, columns)
            for number, text in cursor.fetchall():
                candidates[number].text = text


# A candidate's own stretch of its section (or issue, as t), from its offsets in the report (c.start, c."end").
_STRETCH = 'substr(t.text, c.start - t.start + 1, c."end" - c.start)'


def _use_the_index(cursor: CursorWrapper) -> list[int | None]:
    """For this transaction: never a scan that computes each passage's n-grams (the planner does not price
    the index expression, and with a LIMIT it would rather scan: 250 ms instead of 15), and memory enough
    that the index's bitmap of a common word stays exact (a lossy page would recompute its rows' n-grams).
    No parallel workers: starting them cost 15-30 ms for each year's partition read, more than reading it.
    Returns the years that have a partition (reports.db.partitions), asked in the same round trip."""
    cursor.execute(
        "SELECT set_config('enable_seqscan', 'off', true), set_config('work_mem', '32MB', true),"
        f" set_config('max_parallel_workers_per_gather', '0', true), ({partitions.PARTITION_NAMES_SQL})",
        [partitions.PARENT],
    )
    return partitions.years_of(cursor.fetchone()[-1])


def relevance(text: str, terms: list[str], heading_chars: int) -> float:
    """More mentions score higher (with diminishing returns), a hit in the heading much higher,
    and a long passage a little lower: tf with length normalisation and a heading boost."""
    lowered, score = text.lower(), 0.0
    for term in terms:
        term = term.lower()
        count = lowered.count(term)
        if count:
            score += 1 + math.log(count)
            if term in lowered[:heading_chars]:
                score += 3
    return round(score / (1 + math.log1p(len(text) / 500)), 4)


_GRAND_TOTAL = 63
# GROUPING(year, township_id, county, period, report_kind, section_kind): the bit of the grouped column is 0.
_GROUPING_NAMES = {31: "year", 47: "township", 55: "county", 59: "period", 61: "kind", 62: "section_kind", -1: "theme"}


def _snippet(text: str, parsed: ParsedQuery) -> SafeString:
    return mark_safe(snippet(text, parsed.positive_terms))  # snippet() escapes the text before marking


FACETS = ("year", "township", "county", "period", "kind", "section_kind")
