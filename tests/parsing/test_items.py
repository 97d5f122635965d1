from reports.parsing import ReportKind
from reports.parsing.items import item_spans
from reports.parsing.report import split_paragraphs
from reports.parsing.sections import assign_kinds, build_tree


def items(text: str) -> list[str]:
    sections = build_tree(split_paragraphs(text), text)
    assign_kinds(sections, 2022, ReportKind.ANNUAL_SUMMARY)
    part = next(s for s in sections if s.kind == "problems")
    return [text[span.start : span.end] for span in item_spans(part, text)]


def test_inline_items_drop_the_announcement_and_the_outlook():
    text = "一、存在的问题\n主要表现在：一是学习不够。二是作风不实。为此，我们将认真整改。\n"
    assert items(text) == ["学习不够", "作风不实"]


def test_semicolon_clauses_become_items():
    assert items("一、存在的问题\n产业弱；收入低；环境差。\n") == ["产业弱", "收入低", "环境差"]


def test_a_single_sub_section_is_looked_into():
    text = "一、存在的问题和改进措施\n（一）存在问题\n1.学习不够。\n2.作风不实。\n（二）改进措施\n加强学习。\n"
    assert items(text) == ["学习不够", "作风不实"]


def test_a_paragraph_of_prose_is_one_item():
    assert items("一、存在问题\n个别干部工作作风不够扎实，群众满意度有待提高。\n") == [
        "个别干部工作作风不够扎实，群众满意度有待提高"
    ]


def test_an_announcement_alone_gives_no_item():
    assert items("一、存在问题\n还存在一些问题和不足。\n") == []
