"""Every list can be read as CSV or JSON through the same filters: ?format=csv or ?format=json."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    request: HttpRequest, rows: Iterable[dict], columns: Sequence[tuple[str, str]], filename: str
) -> HttpResponse | None:
    """A CSV (UTF-8 with BOM, so Excel reads the Chinese) or JSON response, or None for the HTML page."""
    fmt = request.GET.get("format", "")
    if fmt == "json":
        data = [{key: row.get(key) for key, _ in columns} for row in rows]
        return JsonResponse({"count": len(data), "results": data}, json_dumps_params={"ensure_ascii": False})
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow([header for _, header in columns])
            for row in rows:
                yield writer.writerow([row.get(key, "") for key, _ in columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    return None
