from reports.charts import Bar, bar_chart


def test_counts_get_whole_numbers_on_the_axis():
    svg = bar_chart([Bar("2021", 141), Bar("2022", 90)], title="提到的章节")
    assert ">70</text>" in svg and "70.50" not in svg and ">141</text>" in svg


def test_rates_keep_their_decimals():
    svg = bar_chart([Bar("2021", 0.35)], title="每万字")
    assert ">0.17</text>" in svg or ">0.18</text>" in svg
