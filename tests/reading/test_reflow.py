"""Printed lines back into paragraphs: what a PDF's text layer and OCR give is one line per printed line."""

from reports.reading.reflow import Line, reflow

FULL = 0.9  # the right edge of a full line, as a fraction of the page width


def printed(*rows: tuple[str, float, float]) -> list[Line]:
    return [Line(text, left, right) for text, left, right in rows]


def test_lines_cut_by_the_page_width_are_joined():
    page = printed(
        ("全镇上下团结一心，各项工作取得明显成效，群众满意", 0.1, FULL),
        ("度不断提升。", 0.1, 0.3),
        ("一、存在的问题", 0.1, 0.35),
    )
    assert reflow([page]) == "全镇上下团结一心，各项工作取得明显成效，群众满意度不断提升。\n一、存在的问题"


def test_a_numbered_or_indented_line_starts_a_paragraph_even_after_a_full_line():
    page = printed(
        ("镇党委坚持把党建资源转化为乡村振兴优势与动力，指导嘎查成立合作社", 0.1, FULL),
        ("（二）增强政治意识，夯实政治建设根基。", 0.1, 0.7),
        ("镇党委把学懂弄通做实新时代思想作为首要政治任务，并结合全市活动全面", 0.1, FULL),
        ("开展学习。", 0.1, 0.25),
        ("今年以来，全镇完成各项任务，取得明显成效。", 0.13, 0.8),
    )
    assert reflow([page]).split("\n") == [
        "镇党委坚持把党建资源转化为乡村振兴优势与动力，指导嘎查成立合作社",
        "（二）增强政治意识，夯实政治建设根基。",
        "镇党委把学懂弄通做实新时代思想作为首要政治任务，并结合全市活动全面开展学习。",
        "今年以来，全镇完成各项任务，取得明显成效。",
    ]


def test_page_numbers_and_running_headers_are_dropped_and_paragraphs_run_across_pages():
    header = ("某镇2022年工作总结", 0.35, 0.65)
    pages = [
        printed(header, ("全镇上下团结一心，各项工作取得明显成效，群众满意", 0.1, FULL), (f"- {n} -", 0.48, 0.52))
        for n in range(1, 4)
    ]
    text = reflow(pages)
    assert "- 2 -" not in text and "某镇2022年工作总结" not in text
    assert text.count("\n") == 0  # three full lines: one paragraph across the pages


def test_chinese_page_number_forms_are_dropped():
    for number in ("第3页 共9页", "— 3 —", "3/9", "12"):
        page = printed(("全镇上下团结一心，取得明显成效。", 0.1, 0.6), (number, 0.45, 0.55))
        assert reflow([page]) == "全镇上下团结一心，取得明显成效。", number


def test_without_geometry_a_line_ends_its_paragraph_at_a_full_stop():
    page = [Line("全镇上下团结一心，各项工作"), Line("取得明显成效。"), Line("二、存在的问题")]
    assert reflow([page]) == "全镇上下团结一心，各项工作取得明显成效。\n二、存在的问题"


def test_latin_words_cut_at_a_line_end_keep_a_space():
    page = printed(("完成 GDP", 0.1, FULL), ("growth 目标。", 0.1, 0.3))
    assert reflow([page]) == "完成 GDP growth 目标。"


def test_an_opening_quote_carried_to_the_next_line_continues_an_unfinished_sentence():
    page = printed(
        ("切实履行两个责任，年初召开全镇党风廉政建设工作会议，研究下发关于落实", 0.1, 0.8),
        ("“两个责任”的实施意见。", 0.125, 0.4),
        ("“两个维护”是根本政治任务。", 0.125, 0.5),
    )
    assert reflow([page]).split("\n") == [
        "切实履行两个责任，年初召开全镇党风廉政建设工作会议，研究下发关于落实“两个责任”的实施意见。",
        "“两个维护”是根本政治任务。",
    ]
