"""Following a topic: every list and the search as an Atom feed (Django's syndication framework) that a
reader's feed reader checks for them; what was stored since shows as new entries, the latest stored first.
Each page links to its feed (<link rel="alternate">); a feed takes the page's own filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseBase
from django.utils.feedgenerator import Atom1Feed

from reports.filters import List, ListFilterSet, in_words
from reports.models import Figure, Issue, Plan, Report
from reports.selectors.links import absolute
from reports.selectors.search import newest_matching
from reports.views.exports import report_url
from reports.views.listing import error_page
from reports.views.pages import expensive, reads
from reports.views.params import FigureFilters, IssueFilters, PlanFilters, ReportFilters, SearchFilters

FEED_ITEMS = 30
SITE = "乡镇工作报告档案库"


@dataclass(frozen=True)
class Entry:
    title: str
    summary: str
    link: str
    stored: datetime
    key: str  # unique among all the archive's entries: 'report-12', 'plan-40'


@dataclass(frozen=True)
class Followed:
    """What a feed shows: its title, the page it follows, and its entries."""

    title: str
    page: str
    entries: list[Entry]


class ArchiveFeed(Feed):
    """Renders a Followed (made by the view, set on the request) as Atom 1.0."""

    feed_type = Atom1Feed
    language = "zh-cn"
    author_name = SITE

    def get_object(self, request, *args, **kwargs) -> Followed:
        return request.followed

    def title(self, followed: Followed) -> str:
        return followed.title

    def link(self, followed: Followed) -> str:
        return followed.page

    def subtitle(self, followed: Followed) -> str:
        return "符合条件的新录入内容，按录入时间从新到旧。"

    def items(self, followed: Followed) -> list[Entry]:
        return followed.entries

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        return entry.summary

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_guid(self, entry: Entry) -> str:
        return f"{absolute('/')}#{entry.key}"

    def item_pubdate(self, entry: Entry) -> datetime:
        return entry.stored

    def item_updateddate(self, entry: Entry) -> datetime:
        return entry.stored


_feed = ArchiveFeed()


def _answer(request: HttpRequest, followed: Followed) -> HttpResponseBase:
    request.followed = followed  # type: ignore[attr-defined]  # the Feed reads its object from the request
    return _feed(request)


def _named(base: str, form) -> str:
    return f"{SITE}：{base}{in_words(form.chosen())}"


def _page(request: HttpRequest, path: str) -> str:
    return absolute(path + (f"?{request.GET.urlencode()}" if request.GET else ""))


def _report_entry(report: Report) -> Entry:
    return Entry(
        report.display_title,
        f"{report.township_label} · {report.year or '年份未知'} · {report.get_kind_display()}",
        report_url(report.pk),
        report.created_at,
        f"report-{report.pk}",
    )


@expensive
@reads(List.SEARCH, "q")
def search_feed(request: HttpRequest) -> HttpResponseBase:
    """/search/feed/?q=乡村振兴&county=青石县: the reports the search finds, its parameters checked as its own."""
    form = SearchFilters(request.GET).form
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return error_page(request, "订阅需要一个有效的检索词", status=400, form=form)
    query = form.cleaned_data["q"]
    reports = newest_matching(query, form.chosen(), FEED_ITEMS)
    title = _named(f"“{query}”的新报告", form)
    return _answer(request, Followed(title, _page(request, "/search/"), [_report_entry(r) for r in reports]))


@dataclass(frozen=True)
class ListFeed:
    """A list's feed: its rows, newest stored report first, each as an entry."""

    listing: List
    filters: type[ListFilterSet]
    model: type[Model]
    name: str
    path: str
    entry: Callable[[Any], Entry]


def _item_entry(kind: str, title: Callable[[Any], str]) -> Callable[[Any], Entry]:
    def entry(item: Any) -> Entry:
        report = item.report
        summary = f"{report.township_label} · {report.year or '年份未知'} · {report.display_title}"
        anchor = f"#s{item.section_id}" if item.section_id else ""
        return Entry(title(item), summary, report_url(report.pk) + anchor, report.created_at, f"{kind}-{item.pk}")

    return entry


LIST_FEEDS = {
    List.REPORTS: ListFeed(List.REPORTS, ReportFilters, Report, "新录入的报告", "/reports/", _report_entry),
    List.ISSUES: ListFeed(
        List.ISSUES, IssueFilters, Issue, "新报告中的问题", "/issues/", _item_entry("issue", lambda i: i.title)
    ),
    List.PLANS: ListFeed(
        List.PLANS, PlanFilters, Plan, "新报告中的工作计划", "/plans/", _item_entry("plan", lambda p: p.title)
    ),
    List.FIGURES: ListFeed(
        List.FIGURES,
        FigureFilters,
        Figure,
        "新报告中的数字与目标",
        "/figures/",
        _item_entry("figure", lambda f: f"{f.indicator or '数字'}：{f.text}"),
    ),
}


def _rows(feed: ListFeed, chosen: QuerySet) -> list[Any]:
    if feed.model is Report:
        rows = chosen.select_related("township").defer("text").order_by("-created_at", "-id")
    else:
        rows = chosen.select_related("report", "report__township").defer("report__text")
        rows = rows.order_by("-report__created_at", "-report_id", "order")
    return list(rows[:FEED_ITEMS])


def _list_feed(request: HttpRequest, listing: List) -> HttpResponseBase:
    feed = LIST_FEEDS[listing]
    filters = feed.filters(request.GET, queryset=feed.model._default_manager.all())
    if not filters.form.is_valid():
        return error_page(request, "筛选条件有误", status=400, form=filters.form)
    entries = [feed.entry(row) for row in _rows(feed, filters.qs)]
    return _answer(request, Followed(_named(feed.name, filters.form), _page(request, feed.path), entries))


@reads(List.REPORTS)
def report_feed(request: HttpRequest) -> HttpResponseBase:
    return _list_feed(request, List.REPORTS)


@reads(List.ISSUES)
def issue_feed(request: HttpRequest) -> HttpResponseBase:
    return _list_feed(request, List.ISSUES)


@reads(List.PLANS)
def plan_feed(request: HttpRequest) -> HttpResponseBase:
    return _list_feed(request, List.PLANS)


@reads(List.FIGURES)
def figure_feed(request: HttpRequest) -> HttpResponseBase:
    return _list_feed(request, List.FIGURES)
