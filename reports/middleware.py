"""Middleware: ARCHIVE_LOGIN_REQUIRED (every page asks for a sign-in; the admin's own login serves), the
cache of anonymous readers' pages, and the statement timeout of public requests."""

import hashlib
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import caches
from django.db import OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse

from reports.db.freshness import archive_version

logger = logging.getLogger(__name__)


class ContentSecurityPolicyMiddleware:
    """CONTENT_SECURITY_POLICY on every response, cached or not. A few lines where django-csp would be a
    dependency for one fixed header (no nonces: the archive has no inline script); Django 6 has its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class CanonicalQueryMiddleware:
    """A page's address carries only the parameters it reads (pages.reads), none empty: any other is dropped
    by a redirect, so unknown parameters cannot make the page cache compute a page anew, nor echo in links.
    The JSON endpoints are not redirected (a client may not follow): the cache ignores what they do not read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.GET and not request.path.startswith("/api/"):
            view = _view_of(request)
            read = getattr(view, "reads_params", None)
            if read is not None:
                empty = view.keeps_empty
                kept = [(k, v) for k, vs in request.GET.lists() for v in vs if k in read and (v != "" or k in empty)]
                if len(kept) < sum(len(values) for _, values in request.GET.lists()):
                    return redirect(request.path + ("?" + urlencode(kept) if kept else ""))
        return self.get_response(request)


def _view_of(request):
    """The view a request goes to (None for an unknown address), found once and kept on the request."""
    if not hasattr(request, "_archive_view"):
        try:
            request._archive_view = resolve(request.path_info).func
        except Resolver404:
            request._archive_view = None
    return request._archive_view


def client_address(request, *args) -> str:
    """The reader's address: the first of X-Forwarded-For behind a proxy (BEHIND_PROXY), else REMOTE_ADDR.
    django-axes counts failed sign-ins by it too (AXES_CLIENT_IP_CALLABLE)."""
    if settings.BEHIND_PROXY and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        return forwarded.split(",", 1)[0].strip()
    return request.META.get("REMOTE_ADDR", "")


class ExpensivePageLimitMiddleware:
    """An anonymous address may have ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE expensive pages made a minute (pages.
    expensive); past that, a 429 in Chinese with Retry-After. It stands below the page cache: a page the cache
    answers costs nothing and is not counted. Counted in this process's memory (the default cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE
        if limit and getattr(_view_of(request), "expensive", False) and not request.user.is_authenticated:
            key = f"expensive:{client_address(request)}:{int(time.time() // 60)}"
            caches["default"].add(key, 0, timeout=120)
            if caches["default"].incr(key) > limit:
                logger.warning("expensive pages limited for %s: %s", client_address(request), request.path)
                response = _refusal(request, "请求过于频繁：检索、趋势和查重页面每分钟次数有限，请一分钟后再试", 429)
                response["Retry-After"] = "60"
                return response
        return self.get_response(request)


def _refusal(request, message: str, status: int) -> HttpResponse:
    """A refusal in Chinese, as JSON where JSON was asked for."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "reports/error.html", {"message": message}, status=status)


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        static = "/" + settings.STATIC_URL.lstrip("/")
        open_paths = ("/admin/", static)
        if (
            settings.ARCHIVE_LOGIN_REQUIRED
            and not request.user.is_authenticated
            and not request.path.startswith(open_paths)
        ):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return self.get_response(request)


class QueryTimeoutMiddleware:
    """Every query of a public request stops after ARCHIVE_QUERY_TIMEOUT_MS, so no request can hold a
    worker and a database connection for long; the visitor is told the query was too complex. The
    admin's queries (re-parse, merge) are left without a limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/"):
            _set_timeout("0")  # the connection is kept between requests: never inherit a public request's limit
            return self.get_response(request)
        _set_timeout(f"{settings.ARCHIVE_QUERY_TIMEOUT_MS}ms")
        response = self.get_response(request)
        # Lifted when the response is closed: a streamed export still runs its queries after this returns.
        response._resource_closers.append(lambda: _set_timeout("0"))
        return response

    def process_exception(self, request, exception):
        if not (isinstance(exception, OperationalError) and _cancelled(exception)):
            return None
        message = "查询过于复杂，未能在限定时间内完成：请减少检索词或加上年份、乡镇等条件后重试"
        logger.warning("query timed out: %s %s", request.path, request.GET.urlencode()[:300])
        return _refusal(request, message, 503)


def _set_timeout(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [value])


def _cancelled(error: OperationalError) -> bool:
    return getattr(error.__cause__, "sqlstate", None) == "57014"  # query_canceled: the statement timeout


class PageCacheMiddleware:
    """Anonymous readers' public pages, JSON answers and exports, kept for ARCHIVE_PAGE_CACHE_SECONDS under
    the archive's version: a page is computed once per version and parameters, then served from disk (one
    query to read the version). Signed-in staff always get fresh pages; errors are not kept, nor an export
    past ARCHIVE_CACHED_EXPORT_BYTES (it streams on, from the database, each time)."""

    KEPT_HEADERS = ("Content-Type", "Content-Disposition")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        read = getattr(_view_of(request), "reads_params", None)
        params = sorted((k, v) for k, values in request.GET.lists() for v in values if read is None or k in read)
        # Hashed: a long address would make a key past what caches take (a warning a request, once 5.7 MB of log).
        address = hashlib.sha256(f"{request.path}?{urlencode(params)}".encode()).hexdigest()
        key = f"page:{archive_version()}:{address}"
        kept = caches["pages"].get(key)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if response.status_code == 200 and not response.cookies:
            headers = {name: response[name] for name in self.KEPT_HEADERS if response.has_header(name)}
            if response.streaming:
                response.streaming_content = self._keeping(response.streaming_content, key, headers)
            else:
                caches["pages"].set(key, (response.content, headers))
        return response

    def _keeping(self, chunks, key: str, headers: dict):
        """The stream as it is sent, kept once it has ended whole within ARCHIVE_CACHED_EXPORT_BYTES."""
        kept: list[bytes] | None = []
        size = 0
        for chunk in chunks:
            if kept is not None:
                size += len(chunk)
                if size <= settings.ARCHIVE_CACHED_EXPORT_BYTES:
                    kept.append(chunk)
                else:
                    kept = None
            yield chunk
        if kept is not None:
            caches["pages"].set(key, (b"".join(kept), headers))

    @staticmethod
    def _cacheable(request) -> bool:
        return (
            settings.ARCHIVE_PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and not request.path.startswith(("/admin/", "/healthz", "/" + settings.STATIC_URL.lstrip("/")))
            and not request.user.is_authenticated
        )
