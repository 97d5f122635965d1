"""What is not a page of the archive: the 500 handler (503 when PostgreSQL is away) and the health check."""

from __future__ import annotations

import sys

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from reports.selectors.status import background_status, database_answers, database_away


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler: a page in Chinese, and 503 with advice when PostgreSQL is away (restarting). It
    renders a page of its own without the request's context, which would look up the session: the database
    may be what failed."""
    away = database_away(sys.exc_info()[1])
    if away:
        connection.close()  # the next request connects anew
        heading, message, status = "数据库暂时无法连接", "数据库可能正在重启，请稍后刷新重试。", 503
    else:
        heading, message, status = "服务器出错了", "请稍后再试。问题已记录，如果反复出现，请联系管理员。", 500
    if request.path.startswith(("/api/", "/healthz")):
        body = {"error": f"{heading}：{message}"}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(render_to_string("500.html", {"heading": heading, "message": message}), status=status)


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For docker compose, a load balancer or a monitor: 200 while the database answers, 503 when not; the
    worker's state is told, not judged (the site serves without it)."""
    if not database_answers():
        return JsonResponse({"database": "unreachable"}, status=503)
    status = background_status()
    body = {"database": "ok", "worker_alive": status.worker_alive, "jobs_waiting": status.waiting}
    return JsonResponse(body | {"failed_copy_checks": status.failed_copy_checks})
