"""Offsets into the parsed text mapped back to the text as read: what copycheck --json and parse_report
--json's figures give, so a tool holding the file's own text can mark the right stretch."""

import pytest

from reports.parsing import parse_report
from reports.parsing.offsets import read_offsets, read_span

MESSY = (
    "\ufeff  青石县柳湾镇2022年工作总结\r\n\r\n一、主要工作:\r\n"
    "全年完成固定资产投资３.２亿元,同比增长12%。 (一)抓 党建。\t新建道路 8 公里\u200b。\r\n"
    "二、存在的问题\r\n一是产业链条短;二是基础薄弱。\r\n三、下一步打算\r\n力争投资突破5亿元!"
)


@pytest.mark.parametrize("text", [MESSY, "一、主要工作\n做了工作。", MESSY.replace("\r\n", "\n")])
def test_every_figure_maps_back_to_its_own_characters_in_the_text_as_read(text):
    parsed = parse_report(text)
    at = read_offsets(text, parsed.text)
    assert len(at) == len(parsed.text) + 1 and at == sorted(at)
    for figure in parsed.figures:
        start, end = read_span(at, figure.start, figure.end)
        shown = text[start:end]
        assert shown.translate({0xFF0E: ".", 0xFF13: "3", 0xFF12: "2"}).replace(" ", "") == figure.text


def test_a_stretch_of_text_maps_back_with_what_the_parser_dropped_inside_it():
    parsed = parse_report(MESSY)
    at = read_offsets(MESSY, parsed.text)
    start = parsed.text.index("（一）抓党建")
    assert MESSY[at[start] : at[start + len("（一）抓党建")]] == "(一)抓 党建"
    assert MESSY[at[0] : at[0] + 2] == "青石"  # the BOM and the leading spaces are not the text's start


def test_copycheck_json_gives_offsets_into_the_file_as_read_with_each_passage_s_text(archive, tmp_path):
    import json
    from io import StringIO

    from django.core.management import call_command

    from reports.models import Report

    source = Report.objects.get(township__name="管仲镇")
    lifted = source.text[300:700]
    path = tmp_path / "抄.txt"
    text = "石桥乡2023年工作总结\r\n\r\n" + "  " + lifted.replace("\n", "\r\n")
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("copycheck", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["passages"]
    read = path.read_bytes().decode("utf-8")  # the file's own text, its CRLF kept
    for passage in data["passages"]:
        assert read[passage["start"] : passage["end"]] == passage["text"] and len(passage["text"]) >= 13
