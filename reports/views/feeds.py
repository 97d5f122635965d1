"""Following a topic: a search as a feed (RSS) that a reader's feed reader, or a 纪委 officer's, checks for
them; a new report that the search finds appears as a new entry. Stored reports only, newest stored first."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponseBase
from django.utils.feedgenerator import Rss201rev2Feed

from reports.filters import List, chips
from reports.models import Report
from reports.selectors.search import newest_matching
from reports.views.exports import report_url
from reports.views.listing import error_page
from reports.views.pages import expensive, reads
from reports.views.params import SearchFilters

FEED_ITEMS = 20


class SearchFeed(Feed):
    """The reports a search finds, newest stored first. Its object is the search's valid form."""

    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def get_object(self, request, *args, **kwargs):
        return request.search_form

    def title(self, form) -> str:
        chosen = "、".join(chip.value for chip in chips(form.chosen()))
        return f"乡镇工作报告档案库：“{form.cleaned_data['q']}”{f'（{chosen}）' if chosen else ''}的新报告"

    def link(self, form) -> str:
        return "/search/?" + form.data.urlencode() if hasattr(form.data, "urlencode") else "/search/"

    def description(self, form) -> str:
        return "档案库新录入的报告中，符合这个检索的报告，按录入时间从新到旧。"

    def items(self, form) -> list[Report]:
        return newest_matching(form.cleaned_data["q"], form.chosen(), FEED_ITEMS)

    def item_title(self, report: Report) -> str:
        return report.display_title

    def item_description(self, report: Report) -> str:
        return f"{report.township_label} · {report.year or '年份未知'} · {report.get_kind_display()}"

    def item_link(self, report: Report) -> str:
        return report_url(report.pk)

    def item_pubdate(self, report: Report):
        return report.created_at


_feed = SearchFeed()


@expensive
@reads(List.SEARCH, "q")
def search_feed(request: HttpRequest) -> HttpResponseBase:
    """/search/feed/?q=乡村振兴&county=青石县: the search's RSS, its parameters checked as the search's are."""
    form = SearchFilters(request.GET).form
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return error_page(request, "订阅需要一个有效的检索词", status=400, form=form)
    request.search_form = form  # type: ignore[attr-defined]  # the Feed reads its object from the request
    return _feed(request)
