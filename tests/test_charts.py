"""The server-drawn charts: round ticks, one number format, lines told apart, and a role that fits."""

import re

import pytest

from reports.views.charts import STYLES, Bar, Series, bar_chart, line_chart, nice_ticks, number


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (28.51, [0, 10, 20, 30]),
        (141, [0, 50, 100, 150]),
        (7, [0, 2, 4, 6, 8]),
        (0.35, [0, 0.1, 0.2, 0.3, 0.4]),
        (0, [0, 1]),
    ],
)
def test_ticks_are_round_numbers_up_to_the_top(top, ticks):
    assert nice_ticks(top) == ticks


def test_one_number_format():
    assert [number(v) for v in (9.364, 0.0, 12, 1234.5)] == ["9.36", "0", "12", "1,234.50"]


def test_a_bar_chart_labels_its_axis_with_round_numbers():
    svg = bar_chart([Bar("2021", 141), Bar("2022", 90)], title="提到的章节")
    assert re.findall(r'text-anchor="end">([\d.,]+)</text>', svg) == ["0", "50", "100", "150"]


def test_lines_that_coincide_are_still_told_apart_by_dash_and_marker():
    svg = line_chart(["2021", "2022"], [Series("党建", [3, 5]), Series("疫情", [3, 5])], title="t")
    assert f'stroke-dasharray="{STYLES[1][1]}"' in svg and "<polygon" in svg and "<circle" in svg


def test_a_chart_with_links_is_a_group_and_one_without_a_picture():
    linked = line_chart(["2021"], [Series("党建", [1])], title="t", link=lambda name, year: f"/search/?q={name}")
    assert 'role="group"' in linked and '<a href="/search/?q=党建" aria-label="党建 2021：1">' in linked
    assert 'role="img"' in bar_chart([Bar("2021", 1)], title="t")


def test_labels_are_escaped():
    svg = bar_chart([Bar("<b>", 1, href="/?a=1&b=2")], title="<script>")
    assert "<script>" not in svg and "&lt;b&gt;" in svg and "a=1&amp;b=2" in svg
