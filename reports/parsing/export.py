"""ParsedReport -> plain dicts for JSON. The key names are a contract: other tools read them."""

from __future__ import annotations

from typing import Any

from .types import ParsedItem, ParsedReport, ParsedSection


def report_to_dict(report: ParsedReport, *, encoding: str | None = None) -> dict[str, Any]:
    meta = report.metadata
    return {
        "title": meta.title,
        "township": meta.township,
        "masked_township": meta.masked_township or None,
        "county": meta.county,
        "prefecture": meta.prefecture,
        "province": meta.province,
        "year": meta.year,
        "period": meta.period,
        "kind": meta.kind,
        "found": {name: str(how) for name, how in meta.found.items()},
        "encoding": encoding,
        "characters": len(report.text),
        "warnings": list(report.warnings),
        "sections": [section_to_dict(s) for s in report.sections],
        "issues": [item_to_dict(i, with_themes=True) for i in report.issues],
        "plans": [item_to_dict(p, with_themes=False) for p in report.plans],
        "figures": [figure_to_dict(f) for f in report.figures],
    }


# A figure's keys in JSON (parse_report --json, and the archive's own JSON of a report or a township).
FIGURE_KEYS = ("subject", "value", "high", "unit", "target", "modifier", "change", "masked", "text", "start", "end")


def figure_to_dict(figure: Any) -> dict[str, Any]:
    """A figure as JSON (a parsed Figure, or a stored one: the same names): offsets into the parsed text;
    value None when masked."""
    return {key: getattr(figure, key) for key in FIGURE_KEYS}


def section_to_dict(section: ParsedSection) -> dict[str, Any]:
    return {
        "number": section.number,
        "heading": section.heading,
        "kind": section.kind,
        "level": section.level,
        "start": section.start,
        "end": section.end,
        "text": section.text,
        "children": [section_to_dict(c) for c in section.children],
    }


def item_to_dict(item: ParsedItem, *, with_themes: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"title": item.title, "text": item.text, "start": item.start, "end": item.end}
    if with_themes:
        data["themes"] = list(item.themes)
    return data


def preview_to_dict(report: ParsedReport) -> dict[str, Any]:
    """What a preview shows of a parse, small enough to keep with an uploaded file: report_to_dict's metadata,
    found and warnings, the outline without its text, and the titles of the problems and plans."""
    whole = report_to_dict(report)
    for name in ("sections", "issues", "plans", "figures"):
        del whole[name]
    outline = [
        {"number": s.number, "heading": s.heading, "kind": s.kind, "level": s.level} for s in report.all_sections()
    ]
    issues = [{"title": item.title, "themes": list(item.themes)} for item in report.issues]
    return whole | {"outline": outline, "issues": issues, "plans": [{"title": item.title} for item in report.plans]}
