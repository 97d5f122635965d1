"""The five seed reports parse exactly as seeds/expected.json says."""

import pytest

from reports.parsing import SectionKind, parse_report
from reports.reading import DEFAULT_LIMITS, read_document
from tests.conftest import seed_files


def parse_seed(path):
    return parse_report(read_document(path.read_bytes(), filename=path.name, limits=DEFAULT_LIMITS).text, path.name)


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_a_seed_parses_as_expected(path, expected):
    want = expected[path.name]
    report = parse_seed(path)
    meta = report.metadata

    assert meta.year == want["year"]
    assert meta.period == want["period"]
    if "township" in want:
        assert meta.township == want["township"]
    else:
        assert meta.township in want["township_any"]

    has_preamble = bool(report.sections) and report.sections[0].kind == SectionKind.PREAMBLE
    assert has_preamble == want["has_preamble"]

    headed = [s for s in report.sections if s.kind != SectionKind.PREAMBLE]
    assert [(s.heading, s.kind) for s in headed] == [(w["heading"], w["kind"]) for w in want["sections"]]
    for section, wanted in zip(headed, want["sections"], strict=True):
        if "children" in wanted:
            assert len(section.children) == wanted["children"], section.heading

    problem_texts = [f"{issue.title}\n{issue.text}" for issue in report.issues]
    assert len(report.issues) == len(want["problems"])
    for phrase in want["problems"]:
        assert sum(phrase in text for text in problem_texts) == 1, phrase
    if "plans" in want:
        assert len(report.plans) == want["plans"]


def test_every_seed_has_an_expectation(expected):
    assert {p.name for p in seed_files()} == {k for k in expected if not k.startswith("_")}


def test_a_masked_township_is_not_guessed():
    report = parse_seed(seed_files()[0])
    assert report.metadata.township is None
    assert report.metadata.masked_township == "*镇"
    assert any("隐去" in warning for warning in report.warnings)


def test_items_point_at_the_text_they_came_from():
    for path in seed_files():
        report = parse_seed(path)
        sections = report.all_sections()
        for item in report.issues + report.plans:
            assert report.text[item.start : item.end] == item.text
            section = sections[item.section_index]
            assert section.start <= item.start
        for section in sections:
            assert report.text[section.start : section.end] == section.text


def test_the_plans_of_004_outlook_are_not_problems():
    path = next(p for p in seed_files() if p.name.startswith("004"))
    report = parse_seed(path)
    assert not any(issue.text.startswith("下一步") for issue in report.issues)
    assert report.issues[0].text == "群众工作还需更加精细精准"
