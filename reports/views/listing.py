"""What every list page shares: its page of results, its error page, and its filters as links (chosen ones
to remove, facets to choose).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from reports.filters import List, chips, filters_of

# --- pages ---------------------------------------------------------------------------------------

PER_PAGE = 20
EXPORT_CHUNK = 500  # rows fetched at a time while an export streams


MAX_PAGE = 100_000


def page_of(request: HttpRequest, items, per_page: int = PER_PAGE):
    """(page, None); or (None, a 400) for a page number that is not a number; or (None, a redirect to the last
    page) for one past the end: a page that says '找到 146 个' and '没有找到' at once is a dead end. So a page
    that is shown always has its paginator's count."""
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6) or not 1 <= int(raw) <= MAX_PAGE:
        return None, error_page(request, f"页码应为 1 到 {MAX_PAGE} 之间的整数", status=400)
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(int(raw)), None
    except EmptyPage:
        return None, past_the_end(request, paginator.num_pages)


def past_the_end(request: HttpRequest, last: int) -> HttpResponseRedirect:
    """To the last page, the other parameters kept."""
    return redirect(request.path + (with_params(request, page=last) if last > 1 else with_params(request)))


@dataclass(frozen=True)
class Pages:
    """A pagination bar: the page, the last one (None when a capped count does not say), whether one follows."""

    current: int
    last: int | None
    has_next: bool

    @classmethod
    def of(cls, page) -> Pages:
        """From Django's Page."""
        return cls(page.number, page.paginator.num_pages, page.has_next())

    def numbers(self, around: int = 2) -> list[int | None]:
        """1 … 7 8 [9] 10 11 … 40: the first, the last and those around the current; None for a gap."""
        last = self.last or self.current + (1 if self.has_next else 0)
        shown = sorted({1, last, *range(max(1, self.current - around), min(last, self.current + around) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def error_page(request: HttpRequest, message: str, *, status: int, form=None) -> HttpResponse:
    """An error page; a form's errors are listed by its fields' Chinese labels, never by parameter name."""
    errors = []
    for name, messages in form.errors.items() if form is not None else []:
        label = form.fields[name].label if name in form.fields else ""
        errors += [f"{label}：{m}" if label else m for m in messages]
    return render(request, "reports/error.html", {"message": message, "errors": errors}, status=status)


@dataclass(frozen=True)
class FacetLink:
    """A facet value as the page shows it: chosen ones link to their removal."""

    value: object
    label: str
    count: int
    href: str
    chosen: bool


def filtering(request: HttpRequest, form, listing: List, facets: dict) -> dict:
    """What every list page shows of its filters: the form, the chosen ones to remove, the facets with
    their links (made here, in one pass, rather than a template tag a value: 150 values a page)."""
    chosen = form.chosen()
    links = []
    for declared in filters_of(listing):
        if not declared.facet:
            continue
        others = [(k, v) for k, v in request.GET.items() if k not in (declared.name, "page")]
        current = request.GET.get(declared.name)
        without = "?" + urlencode(others)
        values = []
        for v in facets.get(declared.name, []):
            here = str(v.value) == current
            href = without if here else "?" + urlencode([*others, (declared.name, v.value)])
            values.append(FacetLink(v.value, v.label, v.count, href, here))
        links.append((declared, values))
    return {
        "form": form,
        "feed_url": feed_url(request, listing),
        "chips": chips(chosen),
        "facets": links,
        "hidden": [(f.name, chosen.get(f.name)) for f in filters_of(listing) if not f.in_form and chosen.get(f.name)],
    }


# The lists that have an Atom feed (views.feeds), by the name of its route: the list's name, '-feed'.
FEEDS = {List.REPORTS, List.ISSUES, List.PLANS, List.FIGURES, List.SEARCH}


def feed_url(request: HttpRequest, listing: List) -> str:
    """The list's feed with the page's filters (no page, order or format), or '' for a list without one (a
    search needs a query)."""
    if listing not in FEEDS or (listing is List.SEARCH and not request.GET.get("q", "").strip()):
        return ""
    kept = [(k, v) for k, v in request.GET.items() if k not in ("page", "sort", "format", "view")]
    name = "search" if listing is List.SEARCH else listing.value
    return reverse(f"reports:{name}-feed") + (f"?{urlencode(kept)}" if kept else "")


def with_params(request: HttpRequest, **changes) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()
