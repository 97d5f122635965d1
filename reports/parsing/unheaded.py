"""Parts without a heading of their own, found by their words.

'但也清醒地看到，发展中还存在不少困难和问题：一是…二是…' inside an achievements part is the report's
problems part; '下一步，我们将…一是…' its plans part. The items may follow on the same line or as
一是/二是 lines of their own (which the tree has made sub-sections of the part they stand in).
"""

from __future__ import annotations

import re

from .headings import opens_part
from .items import OUTLOOK, item_spans
from .types import HeadingStyle, Paragraph, ParsedSection, SectionKind
from .words import PLAN_LEADS, PROBLEM_WORDS, PROBLEMS_EXIST

PROBLEMS_TRIGGER = re.compile(
    rf"({PROBLEMS_EXIST}).{{0,12}}({PROBLEM_WORDS})|清醒.{{0,6}}(看到|认识).{{0,40}}({PROBLEM_WORDS})"
)
PLANS_TRIGGER = re.compile(rf"^({PLAN_LEADS}|下半年|20\d\d年，?(我们|我镇|我乡|我街道|全镇|全乡))")
_FIRST_ITEM = re.compile(r"一是|[（(]一[）)]|1[.、]|；")


def detach_unheaded(top: list[ParsedSection], text: str) -> None:
    """A report with no problems (plans) part gets the unheaded one its text announces, if any."""
    for kind, trigger in ((SectionKind.PROBLEMS, PROBLEMS_TRIGGER), (SectionKind.PLANS, PLANS_TRIGGER)):
        if not any(s.kind == kind for part in top for s in part.walk()):
            _detach(top, text, kind, trigger)


def _detach(top: list[ParsedSection], text: str, kind: SectionKind, trigger: re.Pattern) -> None:
    for part_index, part in enumerate(top):
        for siblings, position, owner in _in_reading_order(part, top, part_index):
            if owner.kind in (SectionKind.PROBLEMS, SectionKind.PLANS):
                continue
            number = _announcing_paragraph(owner, text, trigger)
            if number is None:
                continue
            parts = _split_off(owner, number, text, kind)
            if owner is not part and _ends_its_part(owner, part):
                for moved in parts:
                    moved.level = 1
                top[part_index + 1 : part_index + 1] = parts
            else:
                siblings[position : position + 1] = ([owner] if owner.paragraphs else []) + parts
            return


def _in_reading_order(section: ParsedSection, siblings: list[ParsedSection], position: int):
    """(the list a section stands in, its index there, the section) for a part and all below it."""
    yield siblings, position, section
    for index, child in enumerate(section.children):
        yield from _in_reading_order(child, section.children, index)


def _announcing_paragraph(owner: ParsedSection, text: str, trigger: re.Pattern) -> int | None:
    """The paragraph of `owner` that announces items which follow it, on its line or as sub-sections."""
    last = len(owner.paragraphs) - 1
    for number, paragraph in enumerate(owner.paragraphs):
        if number == 0 and owner.style not in (HeadingStyle.PREAMBLE, HeadingStyle.UNHEADED):
            continue  # the owner's own heading line
        body = text[max(paragraph.start, owner.body_start) : paragraph.end]
        found = trigger.search(body)
        if not found:
            continue
        if owner.children:
            if number == last and _is_item_list(owner.children):
                return number
        elif _lists_items(body[found.end() :]):
            return number
    return None


def _is_item_list(children: list[ParsedSection]) -> bool:
    """一是, 二是 … (or 1. 2. …) sub-sections, not parts such as （一）产业发展."""
    first = children[0]
    return len(children) >= 2 and not opens_part(first.style) and first.style != HeadingStyle.CHINESE_PAREN


def _lists_items(rest: str) -> bool:
    probe = ParsedSection("", "", SectionKind.OTHER, 0, HeadingStyle.UNHEADED, 0, len(rest), 0)
    probe.paragraphs = [Paragraph(0, len(rest), rest)]
    return len(item_spans(probe, rest)) >= 2 and bool(_FIRST_ITEM.search(rest))


def _split_off(owner: ParsedSection, number: int, text: str, kind: SectionKind) -> list[ParsedSection]:
    """Cut `owner` before paragraph `number`: that paragraph, the item sub-sections after it and the
    paragraphs up to an outlook or plans paragraph become an unheaded part of `kind`; anything after that
    stays in a part of its own."""
    end = number + 1
    while end < len(owner.paragraphs) and not _ends_part(owner.paragraphs[end].text):
        end += 1
    moved, rest = owner.paragraphs[number:end], owner.paragraphs[end:]
    moved += [p for child in owner.children for section in child.walk() for p in section.paragraphs]
    owner.children = []
    owner.paragraphs = owner.paragraphs[:number]
    if owner.paragraphs:
        owner.end = owner.paragraphs[-1].end
        owner.text = text[owner.start : owner.end]
    parts = [_unheaded(moved, kind, owner.level, text)]
    if rest:
        rest_kind = SectionKind.OTHER if owner.kind == SectionKind.PREAMBLE else owner.kind
        parts.append(_unheaded(rest, rest_kind, owner.level, text))
    return parts


def _ends_its_part(owner: ParsedSection, part: ParsedSection) -> bool:
    """True when nothing of `part` follows `owner`: what is cut from it may stand after the part."""
    last = part
    while last.children:
        last = last.children[-1]
    return last is owner


def _ends_part(paragraph: str) -> bool:
    return bool(PLANS_TRIGGER.search(paragraph) or OUTLOOK.search(paragraph))


def _unheaded(paragraphs: list[Paragraph], kind: SectionKind, level: int, text: str) -> ParsedSection:
    start, end = paragraphs[0].start, paragraphs[-1].end
    return ParsedSection(
        number="",
        heading="",
        kind=kind,
        level=level,
        style=HeadingStyle.UNHEADED,
        start=start,
        end=end,
        body_start=start,
        title_start=start,
        text=text[start:end],
        paragraphs=paragraphs,
    )
