"""Every filter is declared once (reports.filters.FILTERS) and each list it names uses it: shows its facet,
filters by it, and shows it chosen with a ✕ to remove it. These tests read the declarations, so a filter
added there is checked here without a new test."""

import re

import pytest

from reports.filters import FILTERS, List, filters_of

pytestmark = pytest.mark.django_db

PAGES = {List.REPORTS: "/reports/", List.ISSUES: "/issues/", List.SEARCH: "/search/"}


def facet_pairs():
    return [(listing, f) for listing in PAGES for f in filters_of(listing) if f.facet]


@pytest.mark.parametrize(("listing", "declared"), facet_pairs(), ids=lambda v: str(getattr(v, "name", v)))
def test_each_list_shows_a_facet_for_each_of_its_filters_and_the_facet_counts_what_it_narrows_to(
    client, archive, listing, declared
):
    page = client.get(PAGES[listing])
    facets = dict((f.name, values) for f, values in page.context["facets"])
    assert facets.get(declared.name), f"{PAGES[listing]} shows no {declared.name} facet"
    assert f'data-filter="{declared.name}"' in page.content.decode()
    value = facets[declared.name][0]
    narrowed = client.get(PAGES[listing], {declared.name: _param(value.value)})
    assert narrowed.status_code == 200
    assert narrowed.context["total"] == value.count if listing != List.SEARCH else narrowed.context["results"].total
    chips = [(chip.label, chip.param) for chip in narrowed.context["chips"]]
    assert (declared.label, declared.name) in chips or ("年份", declared.name) in chips
    assert 'aria-current="true"' in narrowed.content.decode()  # the facet shows the value as chosen


def _param(value) -> str:
    return str(value)


@pytest.mark.parametrize("listing", [*PAGES, List.TRENDS], ids=str)
def test_each_list_takes_every_filter_it_is_declared_for_and_shows_it_chosen(client, archive, listing):
    url = PAGES.get(listing, "/trends/")
    values = {"year_from": "2022", "year_to": "2023", "county": "鄂前旗", "period": "annual", "kind": "other"}
    chosen = {name: value for name, value in values.items() if any(f.name == name for f in filters_of(listing))}
    page = client.get(url, {"q": "党建", **chosen} if listing in (List.SEARCH, List.TRENDS) else chosen)
    assert page.status_code == 200
    assert sorted(chip.param for chip in page.context["chips"]) == sorted(chosen)
    assert "2022年起" in page.content.decode() and "至2023年" in page.content.decode()


def test_every_declared_filter_has_a_chinese_label_and_belongs_to_a_list():
    for declared in FILTERS:
        assert declared.lists and not declared.label.isascii(), declared.name
        assert re.fullmatch(r"[a-z_]+", declared.name)


def test_a_form_sends_no_empty_parameters(client, archive):
    response = client.get("/reports/", {"county": "", "kind": "annual_summary", "year_from": ""})
    assert response.status_code == 302 and response["Location"] == "/reports/?kind=annual_summary"
    assert client.get("/search/", {"q": ""})["Location"] == "/search/"


def test_a_year_range_the_wrong_way_round_is_refused_in_chinese(client, archive):
    response = client.get("/reports/", {"year_from": "2023", "year_to": "2020"})
    assert response.status_code == 400 and "起始年份不能晚于截止年份" in response.content.decode()


@pytest.mark.parametrize("listing", list(List), ids=str)
def test_each_list_s_filters_are_a_django_filter_filterset_made_from_the_declarations(archive, listing):
    """A Django developer meets the FilterSet they know: one Filter a declared filter, with its Chinese label."""
    import django_filters

    from reports.filters import filterset_for

    filterset = filterset_for(listing)
    assert issubclass(filterset, django_filters.FilterSet)
    assert list(filterset.base_filters) == [f.name for f in filters_of(listing)]
    form = filterset({}).form
    assert [form.fields[f.name].label for f in filters_of(listing)] == [f.label for f in filters_of(listing)]


def test_a_filterset_narrows_reports_and_problems_as_the_declarations_say(archive):
    from reports.filters import filterset_for
    from reports.models import Issue, Report, Section

    year = min(Report.objects.exclude(year=None).values_list("year", flat=True))
    reports = filterset_for(List.REPORTS)({"year_from": year, "has_problems": "true"}, queryset=Report.objects.all())
    assert reports.is_valid()
    expected = Report.objects.filter(year__gte=year, sections__kind=Section.Kind.PROBLEMS).distinct()
    assert set(reports.qs) == set(expected) and expected.exists()
    issues = filterset_for(List.ISSUES)({"year": year}, queryset=Issue.objects.all())
    assert issues.is_valid() and set(issues.qs) == set(Issue.objects.filter(report__year=year))
    refused = filterset_for(List.REPORTS)({"year_from": "2030", "year_to": "2020"}, queryset=Report.objects.all())
    assert not refused.is_valid() and "起始年份不能晚于截止年份" in str(refused.errors)
