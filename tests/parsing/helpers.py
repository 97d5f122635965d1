"""Small views of a ParsedReport that tests compare with literal expectations."""

from reports.parsing import ParsedReport, ParsedSection


def outline(sections: list[ParsedSection]) -> list[tuple]:
    """[(number, heading, kind, [children…]), …] — the whole tree, compared in one assertion."""
    return [(s.number, s.heading, s.kind, outline(s.children)) for s in sections]


def top_level(report: ParsedReport) -> list[tuple[str, str]]:
    return [(s.heading, s.kind) for s in report.sections]


def issue_titles(report: ParsedReport) -> list[str]:
    return [issue.title for issue in report.issues]


def plan_titles(report: ParsedReport) -> list[str]:
    return [plan.title for plan in report.plans]
