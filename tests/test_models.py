"""The models' choices are the parser's StrEnums, value for value: one definition of each kind."""

import pytest

from reports.models import Report, Section
from reports.parsing import Period, ReportKind, SectionKind


@pytest.mark.parametrize(
    ("choices", "enum"),
    [(Report.Kind, ReportKind), (Report.Period, Period), (Section.Kind, SectionKind)],
    ids=["report kind", "period", "section kind"],
)
def test_each_model_choice_is_a_parser_value_and_back(choices, enum):
    assert [choice.value for choice in choices] == [member.value for member in enum]
    assert all(label and not label.isascii() for label in choices.labels)  # each shown in Chinese
