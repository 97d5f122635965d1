"""Every list can be read as CSV or JSON through the same filters: ?format=csv or ?format=json.

CSV is what users open in Excel or WPS: UTF-8 with a BOM (so the Chinese reads right), and a text cell
that would start a formula (= + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP
advises against CSV injection. Both stream at most ARCHIVE_EXPORT_MAX_ROWS rows and say so when cut.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(value: object) -> object:
    """'=HYPERLINK("http://…")' -> "'=HYPERLINK(…)": shown as text by Excel and WPS, never run."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def export_response(
    request: HttpRequest, rows: Iterable[dict], columns: Sequence[tuple[str, str]], filename: str
) -> HttpResponse | None:
    """A CSV or JSON response of at most ARCHIVE_EXPORT_MAX_ROWS rows, or None for the HTML page."""
    fmt = request.GET.get("format", "")
    if fmt not in ("csv", "json"):
        return None
    cap = settings.ARCHIVE_EXPORT_MAX_ROWS
    if fmt == "json":
        data = [{key: row.get(key) for key, _ in columns} for row in islice(rows, cap + 1)]
        body = {"count": min(len(data), cap), "truncated": len(data) > cap, "results": data[:cap]}
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response = StreamingHttpResponse(_csv_lines(rows, columns, cap), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _csv_lines(rows: Iterable[dict], columns: Sequence[tuple[str, str]], cap: int) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([header for _, header in columns])
    for written, row in enumerate(rows):
        if written == cap:
            yield writer.writerow([f"（已截断：只导出了前 {cap} 行，请缩小筛选范围后分批导出）"])
            return
        yield writer.writerow([safe_cell(row.get(key, "")) for key, _ in columns])
