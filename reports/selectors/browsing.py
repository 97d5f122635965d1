"""Reads behind the browsing pages (home, reports, report, issues, township), shared with their exports.

Search lives in reports.selectors; this module lists and counts what is stored.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from reports.copying.followup import FollowUp
from reports.copying.recurring import Problem, groups
from reports.filters import FacetValue
from reports.models import Issue, OriginalFile, Plan, Report, Section, Theme, Township
from reports.parsing.masks import is_masked
from reports.selectors.figures import TownshipFigures, township_figures


@dataclass
class Overview:
    reports: int
    townships: int
    issues: int
    first_year: int | None
    last_year: int | None
    latest: list[Report]
    coverage: CoverageGrid


@dataclass
class CoverageGrid:
    """Reports per year for each row: a county on the home page, a township on a county's page."""

    years: list[int]
    rows: list[CoverageRow] = field(default_factory=list)
    more: int = 0  # rows left out (past the limit)

    @property
    def townships(self) -> int:
        """Named townships: the count the home page's 乡镇数 gives for the county too (masked rows aside)."""
        return sum(1 for row in self.rows if row.township is not None) + self.more


@dataclass
class CoverageRow:
    label: str
    cells: list[int]  # reports per year, aligned with CoverageGrid.years
    township: Township | None = None
    county: str | None = None  # a county row: its name ('' for reports without one)
    townships: int = 0  # a county row: how many townships it holds
    masked: bool = False

    @property
    def total(self) -> int:
        return sum(self.cells)

    def by_year(self, years: list[int]) -> list[tuple[int, int]]:
        return list(zip(years, self.cells, strict=True))


def overview(*, latest: int = 8) -> Overview:
    span = Report.objects.aggregate(first=Min("year"), last=Max("year"))
    return Overview(
        reports=Report.objects.count(),
        townships=Township.objects.filter(reports__isnull=False).distinct().count(),
        issues=Issue.objects.count(),
        first_year=span["first"],
        last_year=span["last"],
        latest=list(Report.objects.select_related("township").defer("text").order_by("-created_at", "-id")[:latest]),
        coverage=coverage_by_county(),
    )


def _years(reported: QuerySet[Report]) -> list[int]:
    return sorted({year for year in reported.order_by().values_list("year", flat=True).distinct() if year})


def coverage_by_county() -> CoverageGrid:
    """One row per county (reports without a county last): its reports per year and its townships. An
    archive of a province (1,500 townships) is a table of its counties; each opens on its own page."""
    reported = Report.objects.filter(year__isnull=False)
    grid = CoverageGrid(years=_years(reported))
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in reported.values("county", "year").annotate(n=Count("id")).order_by():
        counts[row["county"]][row["year"]] += row["n"]
    townships = dict(
        reported.exclude(township__isnull=True)
        .values("county")
        .annotate(n=Count("township", distinct=True))
        .order_by()
        .values_list("county", "n")
    )
    for county in sorted(counts, key=lambda c: (c == "", c)):
        label = county or "（县未写明）"
        grid.rows.append(
            CoverageRow(
                label, [counts[county][y] for y in grid.years], county=county, townships=townships.get(county, 0)
            )
        )
    return grid


def coverage_grid(county: str, max_rows: int = 2000) -> CoverageGrid:
    """A county's townships (by name), then its reports with masked or unknown townships, per year."""
    reported = Report.objects.filter(year__isnull=False, county=county)
    grid = CoverageGrid(years=_years(reported))
    shown = list(
        Township.objects.filter(Exists(reported.filter(township=OuterRef("pk")))).order_by("name", "id")[: max_rows + 1]
    )
    grid.more, shown = max(0, len(shown) - max_rows), shown[:max_rows]
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for row in reported.filter(township__in=shown).values("township_id", "year").annotate(n=Count("id")):
        counts[(row["township_id"], "")][row["year"]] += row["n"]
    for row in reported.filter(township__isnull=True).values("masked_township", "year").annotate(n=Count("id")):
        counts[(None, row["masked_township"] or "（乡镇未知）")][row["year"]] += row["n"]
    for township in shown:
        grid.rows.append(CoverageRow(township.name, [counts[(township.pk, "")][y] for y in grid.years], township))
    for key in sorted(k for k in counts if not k[0]):
        label = f"{key[1]}（名称已隐去）" if key[1] != "（乡镇未知）" else key[1]
        grid.rows.append(CoverageRow(label, [counts[key][y] for y in grid.years], masked=True))
    return grid


def report_list(filtered: QuerySet[Report]) -> QuerySet[Report]:
    """The reports of a filtered list with what the list shows, in one query, newest first unless sorted."""
    if not filtered.query.order_by:
        filtered = filtered.order_by("-year", "township__name", "id")
    # A subquery, not Count over a join: it runs for the rows shown (LIMIT 20), not for every report first.
    issues = Issue.objects.filter(report=OuterRef("pk")).order_by().values("report").annotate(n=Count("id"))
    return (
        filtered.select_related("township")
        .defer("text")
        .annotate(issue_count=Coalesce(Subquery(issues.values("n")), 0))
    )


def report_facets(filtered: QuerySet[Report]) -> dict[str, list[FacetValue]]:
    """For each filter of the reports list, how many of the current reports have each value."""
    facets: dict[str, list[FacetValue]] = {}
    plain = filtered.order_by()
    years = plain.exclude(year__isnull=True).values("year").annotate(n=Count("id")).order_by("-year")
    facets["year"] = [FacetValue(r["year"], f"{r['year']}年", r["n"]) for r in years]
    periods, kinds = dict(Report.Period.choices), dict(Report.Kind.choices)
    facets["period"] = [
        FacetValue(r["period"], periods[r["period"]], r["n"])
        for r in plain.values("period").annotate(n=Count("id")).order_by("-n")
    ]
    facets["kind"] = [
        FacetValue(r["kind"], kinds[r["kind"]], r["n"])
        for r in plain.values("kind").annotate(n=Count("id")).order_by("-n")
    ]
    facets["county"] = [
        FacetValue(r["county"], r["county"], r["n"])
        for r in plain.exclude(county="").values("county").annotate(n=Count("id")).order_by("-n", "county")[:50]
    ]
    facets["township"] = [
        FacetValue(r["township_id"], r["township__name"], r["n"])
        for r in plain.exclude(township__isnull=True)
        .values("township_id", "township__name")
        .annotate(n=Count("id"))
        .order_by("-n", "township__name")[:50]
    ]
    with_problems = plain.filter(Exists(Section.objects.filter(report=OuterRef("pk"), kind=Section.Kind.PROBLEMS)))
    facets["has_problems"] = [FacetValue("true", "有问题部分", with_problems.count())]
    return facets


@dataclass
class ReportPage:
    report: Report
    sections: list[Section]  # reading order, each with .depth for the outline
    issues: list[Issue]
    plans: list[Plan]
    other_years: list[Report]
    original: OriginalFile | None  # its name, format and size; the bytes stay in the database
    has_masks: bool = False  # the text hides names or figures: the page says what ▒ means
    next_report: Report | None = None  # the same township's report of the next year
    followed: list[tuple[Plan, FollowUp]] = field(default_factory=list)  # each plan, as that report shows it
    forms: list[OriginalFile] = field(default_factory=list)  # every form it came in: its .doc, its scan, …


def report_page(report_id: int) -> ReportPage:
    """Raises Report.DoesNotExist."""
    report = Report.objects.select_related("township", "created_by").get(pk=report_id)
    sections = list(report.sections.order_by("order"))
    issues = list(
        report.issues.order_by("order")
        .select_related("section")
        .prefetch_related(Prefetch("themes", Theme.objects.all()))
    )
    plans = list(report.plans.order_by("order").select_related("section"))
    others = Report.objects.none()
    if report.township_id and report.township:
        others = report.township.reports.exclude(pk=report.pk).defer("text").order_by("year", "id")
    original = (
        OriginalFile.objects.defer("content").filter(pk=report.original_id).first() if report.original_id else None
    )
    page = ReportPage(report, sections, issues, plans, list(others), original, is_masked(report.text))
    page.forms = list(OriginalFile.objects.defer("content").filter(report=report).order_by("created_at", "id"))
    page.next_report = next_year(report, page.other_years)
    if page.next_report and plans:  # as stored when the township's reports last changed (services.store)
        page.followed = [(plan, FollowUp(plan.follow_up)) for plan in plans if plan.follow_up]
    return page


def next_year(report: Report, township_reports: list[Report]) -> Report | None:
    """Of the township's reports (each page has them loaded already), the one of the following year, of
    the same kind if there is one."""
    if not report.year:
        return None
    following = [other for other in township_reports if other.year == report.year + 1]
    return next((other for other in following if other.kind == report.kind), following[0] if following else None)


@dataclass
class ThemeYears:
    theme: Theme
    counts: list[int]  # issues per year, aligned with years
    total: int


def themes_by_year(issues: QuerySet[Issue]) -> tuple[list[int], list[ThemeYears]]:
    """How often each theme comes up per year among the given issues."""
    # Counted on the issue-theme pairs, each once, rather than on issues joined to their themes with DISTINCT.
    pairs = Issue.themes.through.objects.filter(issue__in=issues.order_by().values("id"))
    rows = pairs.values("theme_id", "issue__report__year").annotate(n=Count("id")).order_by()
    years = sorted({r["issue__report__year"] for r in rows if r["issue__report__year"]})
    counts: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        if row["issue__report__year"]:
            counts[row["theme_id"]][row["issue__report__year"]] += row["n"]
    themes = Theme.objects.in_bulk(list(counts))
    table = [
        ThemeYears(themes[theme_id], [counter[y] for y in years], sum(counter.values()))
        for theme_id, counter in counts.items()
    ]
    return years, sorted(table, key=lambda t: (-t.total, t.theme.order))


@dataclass
class Recurring:
    """One problem a township reports in several years (老问题): its years and its texts, oldest first."""

    years: list[int]
    issues: list[Issue]


@dataclass
class TownshipPage:
    township: Township
    reports: list[Report]
    years: list[int]
    themes: list[ThemeYears]
    issues: list[Issue]
    recurring: list[Recurring] = field(default_factory=list)
    followed: dict[FollowUp, int] = field(default_factory=dict)  # the plans of each year, by next year's report
    plans: list[Plan] = field(default_factory=list)  # by year, each with what its next report says of it
    figures: TownshipFigures | None = None  # indicators over the years, targets against outcomes


def township_page(township_id: int) -> TownshipPage:
    """Raises Township.DoesNotExist."""
    township = Township.objects.get(pk=township_id)
    reports: list[Report] = list(
        township.reports.defer("text").annotate(issue_count=Count("issues", distinct=True)).order_by("year", "id")
    )
    issues = Issue.objects.filter(report__township=township)
    years, themes = themes_by_year(issues)
    listed = list(
        issues.select_related("report")
        .defer("report__text")
        .prefetch_related("themes")
        .order_by("report__year", "order")
    )
    by_id = {issue.pk: issue for issue in listed}
    problems = [Problem(i.pk, i.report.year, i.text) for i in listed if i.report.year]
    again = [Recurring(sorted({p.year for p in group}), [by_id[p.id] for p in group]) for group in groups(problems)]
    page = TownshipPage(township, reports, years, themes, listed, again)
    page.plans = list(
        Plan.objects.filter(report__township=township)
        .select_related("report", "evidence_report")
        .defer("report__text", "evidence_report__text")
        .order_by("report__year", "report_id", "order")
    )
    for plan in page.plans:
        if plan.follow_up:
            status = FollowUp(plan.follow_up)
            page.followed[status] = page.followed.get(status, 0) + 1
    page.figures = township_figures(reports, lambda report: next_year(report, reports))
    return page
