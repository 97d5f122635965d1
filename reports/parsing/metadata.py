"""What a report says about itself: its title block, township, county, year, period and kind, each with
how it was found (types.Found). The finding itself lives by subject: places.py, dates.py, kinds.py.

Masked names and years (*镇, XX镇, 20**) are never guessed: they come back as None, found MASKED.
"""

from __future__ import annotations

import re
from dataclasses import fields

from .dates import find_period, find_year
from .kinds import find_kind
from .places import find_places
from .sections import classify_heading
from .types import Found, HeadingStyle, Metadata, Paragraph, ParsedSection, Places, SectionKind

_TITLE_WORDS = re.compile(r"总结|报告|汇报|述职|情况|思路|工作|计划|讲话|发言|材料|要点")
_TITLE_MAX = 60
# Lines under a title that belong to it: '（2023年1月5日）', '——在…会议上', '镇长 ***'.
_BYLINE = re.compile(r"^[（(].{1,40}[）)]$|^\d{4}年\d{1,2}月\d{1,2}日$|^——|^[\u4e00-\u9fff*X ]{2,20}$")


def find_title(paragraphs: list[Paragraph], heading_finder) -> tuple[int, int]:
    """(paragraphs of the title, paragraphs of the title block): a title line, or two when it wraps after
    及/和/暨 ('白杨镇2022年工作总结及' / '2023年工作计划', as a centred title wraps in a PDF), and a date or
    byline under it. (0, 0) when there is no title.

    '2022年工作总结' first is a title above 一、二、 parts, but the first part's heading in a report
    whose parts are all plain lines ('2022年工作回顾' … '2023年工作打算').
    """
    if not paragraphs or not _looks_like_title(paragraphs[0].text):
        return 0, 0
    heading = heading_finder(paragraphs[0])
    if heading and heading.style is not HeadingStyle.PLAIN:
        return 0, 0
    if heading:
        styles = {h.style for h in map(heading_finder, paragraphs[1:]) if h}
        if HeadingStyle.PLAIN in styles and not styles & {HeadingStyle.CHINESE, HeadingStyle.PART}:
            return 0, 0
    lines = 2 if _wraps(paragraphs) else 1
    if len(paragraphs) > lines and _BYLINE.match(paragraphs[lines].text) and not heading_finder(paragraphs[lines]):
        return lines, lines + 1
    return lines, lines


# A title line that ends on a word joining it to the next: the title goes on there.
_JOINED = re.compile(r"(及|和|与|暨|以及|并)$")


def _wraps(paragraphs: list[Paragraph]) -> bool:
    """'…工作总结及' then a short line of title words ('2023年工作计划'): one title on two lines."""
    if len(paragraphs) < 2 or not _JOINED.search(paragraphs[0].text):
        return False
    rest = paragraphs[1].text
    return len(paragraphs[0].text) + len(rest) <= _TITLE_MAX and _looks_like_title(rest)


def _looks_like_title(line: str) -> bool:
    return len(line) <= _TITLE_MAX and not re.search(r"[。；]|[：:]$", line) and bool(_TITLE_WORDS.search(line))


def read_metadata(title: str, top: list[ParsedSection], text: str, *, filename_hint: str = "") -> Metadata:
    """Everything the report says about itself, read once. Sections need not have their kinds yet: the
    report's kind is decided first, and the sections' kinds after it (sections.assign_kinds)."""
    described_as = title or filename_hint
    from_title = Found.TITLE if title else Found.FILENAME
    opening = "\n".join(p.text for s in top if s.kind == SectionKind.PREAMBLE for p in s.paragraphs)
    byline = text[: text.find(opening)] if opening and title else ""
    period, period_found = find_period(described_as, opening, top)
    kind, kind_found = find_kind(described_as, byline + opening, period, top)
    outside_plans = "\n".join(
        s.text for part in top if classify_heading(part.heading) != SectionKind.PLANS for s in part.walk()
    )
    year = find_year(described_as, byline + opening, top, outside_plans, kind)
    places = find_places(described_as, text, title_found=from_title)
    found = places.found | {"year": year.found, "period": period_found, "kind": kind_found}
    return Metadata(
        **{name: getattr(places, name) for name in _PLACE_FIELDS},
        title=title,
        year=year.value,
        period=period,
        kind=kind,
        found={name: (from_title if how is Found.TITLE else how) for name, how in found.items()},
    )


_PLACE_FIELDS = [f.name for f in fields(Places) if f.name != "found"]
