"""Following a search, for a signed-in reader: save the search on its page, list and drop the saved ones.
The e-mails are sent by a periodic job (services.following.send_digests)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from reports.models import SavedSearch
from reports.selectors.links import search_link
from reports.services.following import CannotSave, described, forget_search, save_search
from reports.views.listing import error_page
from reports.views.params import SearchFilters


def reader(request: HttpRequest) -> User:
    """The signed-in reader (login_required let only them in)."""
    if not isinstance(request.user, User):
        raise PermissionDenied("请先登录")
    return request.user


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Save the search whose page sent this form (its query and filters, checked as the search checks them)."""
    form = SearchFilters(request.POST).form
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return error_page(request, "只能保存有检索词的有效检索", status=400, form=form)
    try:
        saved = save_search(reader(request), form.cleaned_data["q"], form.chosen())
    except CannotSave as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, f"已保存检索 {described(saved)}：有新录入的报告符合时，会发邮件到 {saved.user.email}。"
        )
    return redirect("reports:saved-searches")


@login_required
@require_http_methods(["GET", "POST"])
def saved_searches(request: HttpRequest) -> HttpResponse:
    """The reader's saved searches, each with its page and a button to stop following it."""
    if request.method == "POST":
        pk = request.POST.get("forget", "")
        if pk.isdigit() and forget_search(reader(request), int(pk)):
            messages.success(request, "已取消关注这个检索。")
        return redirect("reports:saved-searches")
    saved = SavedSearch.objects.filter(user=reader(request))
    rows = [(s, described(s), search_link(s.query, s.filters)) for s in saved]
    return render(request, "reports/saved_searches.html", {"rows": rows})
