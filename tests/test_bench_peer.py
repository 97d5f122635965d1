"""The benchmark's Tantivy peer answers what our search answers: the hits, and the page with its counts."""

import pytest

from reports.filters import Chosen

tantivy = pytest.importorskip("tantivy", reason="tantivy is a development dependency (requirements-dev.txt)")

from bench.peer import TantivyPeer  # noqa: E402

SECTIONS = [  # id, text, year, section kind, period, report kind, township, county
    (1, "全面推进乡村振兴，壮大集体经济。", 2021, "achievements", "annual", "work_summary", 7, "和平县"),
    (2, "乡村建设有短板，农村振兴乏力。", 2021, "problems", "annual", "work_summary", 7, "和平县"),
    (3, "乡村振兴要抓党建促振兴。", 2022, "plans", "annual", "party_building", 8, "太平县"),
]


@pytest.fixture(scope="module")
def peer():
    peer = TantivyPeer()
    peer.add(SECTIONS)
    return peer


def test_the_peer_finds_the_sections_that_hold_a_word_and_no_other(peer):
    assert peer.sections("乡村振兴") == {1, 3}
    assert peer.sections("振兴") == {1, 2, 3}


def test_the_peer_makes_the_page_our_search_makes(peer):
    count, facets, snippets = peer.page("乡村振兴")
    assert count == 2
    years = {bucket["key"]: bucket["doc_count"] for bucket in facets["year"]["buckets"]}
    assert years == {2021: 1, 2022: 1}
    counties = {bucket["key"]: bucket["doc_count"] for bucket in facets["county"]["buckets"]}
    assert counties == {"和平县": 1, "太平县": 1}
    assert len(snippets) == 2 and all("<mark>乡村振兴</mark>" in text for text in snippets)


def test_the_peer_s_page_takes_the_filters(peer):
    count, _, snippets = peer.page("振兴", Chosen.of(section_kind="problems"))
    assert count == 1 and "农村<mark>振兴</mark>" in snippets[0]
