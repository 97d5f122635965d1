"""ARCHIVE_LOGIN_REQUIRED: every page of the archive asks for a sign-in (the admin's own login serves)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


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
