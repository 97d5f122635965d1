"""A township's figures as its page shows them: each indicator over the years (gaps kept), and each target of a
year against the next report's achieved figure (reports.copying.targets)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reports.copying.targets import Measure, Outcome, match_targets
from reports.models import Figure, Report

MOST_INDICATORS = 30  # the page's table: the indicators given in most years first


@dataclass
class IndicatorYears:
    """One indicator of a township: its achieved figure in each year that gives one."""

    indicator: str
    unit: str
    change: bool
    by_year: dict[int, Figure] = field(default_factory=dict)

    def row(self, years: list[int]) -> list[Figure | None]:
        return [self.by_year.get(year) for year in years]


@dataclass(frozen=True)
class TargetCheck:
    """A target of one report, judged by the township's next report."""

    target: Figure
    outcome: Outcome
    achieved: Figure | None
    next_report: Report | None


@dataclass
class TownshipFigures:
    years: list[int]  # every year from the first to the last report, those with no report too
    indicators: list[IndicatorYears]
    targets: list[TargetCheck]


def township_figures(reports: list[Report], next_of: Callable[[Report], Report | None]) -> TownshipFigures:
    """`reports`: the township's, by year; `next_of`: a report's following one (selectors.browsing.next_year)."""
    figures = list(
        Figure.objects.filter(report__in=reports)
        .select_related("report")
        .defer("report__text")
        .order_by("report_id", "order")
    )
    by_report: dict[int, list[Figure]] = {}
    for figure in figures:
        by_report.setdefault(figure.report_id, []).append(figure)
    known = sorted({r.year for r in reports if r.year})
    years = list(range(known[0], known[-1] + 1)) if known else []
    return TownshipFigures(years, _indicators(reports, by_report), _targets(reports, by_report, next_of))


def _indicators(reports: list[Report], by_report: dict[int, list[Figure]]) -> list[IndicatorYears]:
    rows: dict[tuple[str, str, bool], IndicatorYears] = {}
    for report in reports:
        for figure in by_report.get(report.pk, []):
            if figure.target or not report.year or not figure.indicator:
                continue
            row = rows.setdefault(
                (figure.indicator, figure.unit, figure.change),
                IndicatorYears(figure.indicator, figure.unit, figure.change),
            )
            row.by_year.setdefault(report.year, figure)  # the first a year gives
    ranked = sorted(rows.values(), key=lambda row: (-len(row.by_year), row.indicator))
    return ranked[:MOST_INDICATORS]


def _targets(
    reports: list[Report], by_report: dict[int, list[Figure]], next_of: Callable[[Report], Report | None]
) -> list[TargetCheck]:
    checks = []
    for report in reports:
        targets = [figure for figure in by_report.get(report.pk, []) if figure.target and figure.indicator]
        if not targets:
            continue
        following = next_of(report)
        later = by_report.get(following.pk, []) if following else []
        judged = match_targets([_measure(t) for t in targets], [_measure(f) for f in later])
        checks += [
            TargetCheck(target, outcome, later[at] if at is not None else None, following)
            for target, (outcome, at) in zip(targets, judged, strict=True)
        ]
    return checks


def _measure(figure: Figure) -> Measure:
    return Measure(figure.indicator, figure.unit, figure.change, figure.value, figure.modifier, figure.target)
