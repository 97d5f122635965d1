"""Word statistics: /words/, a page, and the CSV and JSON of its rows (/api/words gives the whole answer)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from reports.filters import Chosen, List, count_facets
from reports.models import Report
from reports.selectors.words import WordStatistics, word_statistics
from reports.views.exports import WORD_COLUMNS, export_response
from reports.views.listing import error_page, filtering
from reports.views.pages import expensive, reads
from reports.views.params import WordFilters

# The tables of the page, in order: key, heading, what an empty one says.
TABLES = [
    ("frequent", "最常用的词", "没有统计到的词。"),
    ("risen", "上升最多的词", "没有明显上升的词。"),
    ("fallen", "下降最多的词", "没有明显下降的词。"),
    ("new", "新出现的词", "没有新出现的词（当年至少用 3 次、往年没有用过）。"),
]


def _rows(stats: WordStatistics) -> list[dict[str, Any]]:
    """Every word of the page as one row each, for CSV and ?format=json."""
    labels = {key: label for key, label, _ in TABLES}
    rows = []
    for key, _, _ in TABLES:
        for item in getattr(stats, key):
            row = asdict(item)
            rows.append(
                {
                    "table": labels[key],
                    "word": row["word"],
                    "year": stats.year,
                    "count": row.get("count", row.get("now")),
                    "per_10k": round(row.get("per_10k", row.get("per_10k_now", 0.0)), 2),
                    "before": row.get("before"),
                    "per_10k_before": round(row["per_10k_before"], 2) if "per_10k_before" in row else None,
                    "z": round(row["z"], 2) if "z" in row else None,
                }
            )
    return rows


def _scopes(chosen: Chosen) -> dict[str, str]:
    """The chosen scope as parameters for a word's links: its search (in the year studied) and its trend."""
    kept = [(name, value) for name, value in chosen.values if name != "year"]
    return {
        "search_scope": "".join(f"&{urlencode({name: value})}" for name, value in kept),
        "trend_scope": "".join(f"&{urlencode({n: v})}" for n, v in kept if n != "section_kind"),
    }


@expensive
@reads(List.WORDS, "format")
def word_list(request: HttpRequest) -> HttpResponseBase:
    """A year's words in the chosen scope: the most frequent, the risen and fallen, the new."""
    filters = WordFilters(request.GET, queryset=Report.objects.all())
    form = filters.form
    if not form.is_valid():
        return error_page(request, "筛选条件有误", status=400, form=form)
    stats = word_statistics(form.chosen())
    exported = export_response(request, _rows(stats), WORD_COLUMNS, "词频", form)
    if exported:
        return exported
    context = {
        **filtering(request, form, List.WORDS, count_facets(List.WORDS, filters.qs)),
        "stats": stats,
        "tables": [(key, label, empty, getattr(stats, key)) for key, label, empty in TABLES],
        **_scopes(form.chosen()),
    }
    return render(request, "reports/word_list.html", context)
