"""Masked text: names, years and figures a publisher hid ('*镇', 'XX镇', '20**年', 'X万元').

One definition of a mask for the parser (a masked name or year is never guessed), the pages (a mask is
shown as a mask) and the copy check (a mask never makes two texts match by itself).
"""

from __future__ import annotations

import re

from .names import TOWNSHIP_SUFFIX

# A run of mask characters: asterisks, X that is not part of a Latin word (nor of an entity: &#x27;), ○○, □.
MASK = re.compile(r"\*+|(?<![A-Za-z#])[X×Ｘx]+(?![A-Za-z])|○{2,}|□+")
# A masked name may be a single mask character or 某: '*镇', 'X乡', '某街道'.
MASKED_TOWNSHIP = re.compile(rf"(?:\*{{1,4}}|[X×Ｘx]{{1,4}}|某{{1,2}}|○{{1,4}}|□{{1,4}}){TOWNSHIP_SUFFIX}")
MASKED_YEAR = re.compile(r"20(?:[*X×Ｘx○□]{2})年")
# A masked figure: 'X万元', '**亩', '增长X%' (a mask before a unit), '1X个' (a mask within digits).
MASKED_FIGURE = re.compile(
    rf"(?:{MASK.pattern})(?=[.％%万亿千百十]?(?:元|亩|人|户|个|家|项|次|%|％|公里|吨|平方米|米|件|名|场))|(?<=\d)[*X×Ｘx]+"
)


def is_masked(text: str) -> bool:
    """'**镇' -> True; '管仲镇' -> False."""
    return bool(MASK.search(text))
