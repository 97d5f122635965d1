"""One report, one township and one 查重 result as JSON (?format=json on their pages): the data behind a page,
for a reader's own tools. Key names are a contract, like parse_report's; links are absolute (ARCHIVE_SITE_URL)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

from reports.models import Figure, Report
from reports.parsing.export import figure_to_dict
from reports.selectors.browsing import ReportPage, TownshipPage
from reports.selectors.copy_results import CopyResult
from reports.views.exports import report_url


def json_response(data: dict[str, Any]) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def report_json(page: ReportPage) -> dict[str, Any]:
    report = page.report
    return {
        **_report_fields(report),
        "source_name": report.source_name,
        "characters": len(report.text),
        "warnings": report.warnings,
        "copy_ratio": report.copy_ratio,
        "sections": [
            {"number": s.number, "heading": s.heading, "kind": s.kind, "level": s.level, "start": s.start, "end": s.end}
            for s in page.sections
        ],
        "issues": [
            {"title": i.title, "themes": [t.name for t in i.themes.all()], "start": i.start, "end": i.end}
            for i in page.issues
        ],
        "plans": [
            {"title": p.title, "follow_up": p.follow_up, "evidence": p.evidence, "start": p.start, "end": p.end}
            for p in page.plans
        ],
        "figures": [_figure(f) for f in report.figures.order_by("order")],
        "forms": [{"name": f.name, "format": f.format, "size": f.size, "pages": f.pages} for f in page.forms],
    }


def township_json(page: TownshipPage) -> dict[str, Any]:
    figures = page.figures
    return {
        "id": page.township.pk,
        "name": page.township.name,
        "county": page.township.county,
        "reports": [_report_fields(r) for r in page.reports],
        "indicators": [
            {
                "indicator": row.indicator,
                "unit": row.unit,
                "change": row.change,
                "by_year": {str(year): _figure(f) for year, f in row.by_year.items()},
            }
            for row in (figures.indicators if figures else [])
        ],
        "targets": [
            {
                "target": _figure(t.target),
                "outcome": t.outcome.value,
                "outcome_label": t.outcome.label,
                "achieved": _figure(t.achieved) if t.achieved else None,
                "next_report": report_url(t.next_report.pk) if t.next_report else None,
            }
            for t in (figures.targets if figures else [])
        ],
        "plans": [
            {"title": p.title, "year": p.report.year, "follow_up": p.follow_up, "evidence": p.evidence}
            for p in page.plans
        ],
        "recurring_problems": [{"years": r.years, "title": r.issues[-1].title} for r in page.recurring],
    }


def copies_json(result: CopyResult) -> dict[str, Any]:
    """A 查重 result as its page shows it: the summary with its band, each part's rate, the sources (numbered as
    the marked text numbers them) and the passages (offsets into the text as read, each with its text). For a
    text checked on /copies/check/, `id` and `url` are null: it was stored nowhere."""
    data = result.check.as_json()
    for passage in data["passages"]:
        passage["text"] = result.text[passage["start"] : passage["end"]]
        passage["source_number"] = result.number_of[passage["report_id"]]
    for source in data["sources"]:
        source["number"] = result.number_of[source["report_id"]]
        source["url"] = report_url(source["report_id"])
    fields = _report_fields(result.report) if result.report else {"id": None, "url": None}
    return {
        **fields,
        "title": result.title,
        "township": result.township,
        "year": result.year,
        **data,
        "top_source_ratio": result.top_source.ratio if result.top_source else 0.0,
        "ratio_without_own_township": result.ratio_without_own,
        "band": result.band.name,
        "band_label": result.band.label,
        "parts": [
            {"label": p.label, "characters": p.characters, "copied": p.copied, "ratio": p.ratio} for p in result.parts
        ],
        "notes": result.notes,
    }


def _report_fields(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "title": report.display_title,
        "township": report.township_label,
        "county": report.county,
        "year": report.year,
        "period": report.period,
        "kind": report.kind,
        "url": report_url(report.pk),
    }


def _figure(figure: Figure) -> dict[str, Any]:
    """A stored figure: parse_report's keys (parsing.export.figure_to_dict), the indicator it is compared
    under, its sentence and a link to it."""
    return {
        **figure_to_dict(figure),
        "indicator": figure.indicator,
        "sentence": figure.sentence,
        "url": report_url(figure.report_id) + (f"#s{figure.section_id}" if figure.section_id else ""),
    }
