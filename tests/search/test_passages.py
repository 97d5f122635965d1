from dataclasses import dataclass

from reports.search.passages import IssueText, draft_passages


@dataclass
class Section:
    text: str
    start: int
    heading: str = ""


def test_a_short_section_is_one_passage_that_knows_its_heading():
    section = Section("一、存在的问题\n招商引资力度不够。", start=100, heading="存在的问题")
    (draft,) = draft_passages([section], [])
    assert (draft.section, draft.issue, draft.start, draft.end, draft.heading_chars) == (0, None, 100, 117, 7)
    assert draft.text == section.text  # what PostgreSQL indexes the n-grams of


def test_a_long_section_is_cut_and_only_its_first_piece_has_the_heading():
    text = "二、工作计划\n" + ("推进乡村振兴。" * 300 + "\n") * 3
    drafts = draft_passages([Section(text, start=0, heading="工作计划")], [])
    assert len(drafts) > 1 and all(d.end - d.start <= 3000 for d in drafts)
    assert [d.heading_chars for d in drafts] == [6] + [0] * (len(drafts) - 1)


def test_each_issue_is_a_passage_of_its_own_pointing_at_its_section():
    sections = [Section("序言", 0), Section("一、问题\n党建引领作用发挥不够。", 3, heading="问题")]
    drafts = draft_passages(sections, [IssueText(1, "党建引领作用发挥不够。", 8)])
    issue = drafts[-1]
    assert (issue.section, issue.issue, issue.start, issue.end) == (1, 0, 8, 19)
