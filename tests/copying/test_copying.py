"""Copy detection on strings: the fingerprints and runs find what a brute-force comparison of every
position finds (each maximal common run of at least 13 compared characters), on texts with planted copies
of the kinds a careless or crafty author makes."""

import random

import pytest

from reports.copying import MIN_RUN, Run, comparable, covered, runs_between

# Characters of report prose, drawn at random: two random texts share no 13-character run by chance.
POOL = "党建乡村振兴干部群众经济发展产业项目民生保障生态环境社会治理基层组织作风纪律学习教育服务群众"


def prose(rng: random.Random, length: int) -> str:
    out = []
    while sum(map(len, out)) < length:
        out.append("".join(rng.choice(POOL) for _ in range(rng.randint(6, 18))) + rng.choice("，。；"))
    return "".join(out)[:length]


def found_copied(text: str, source: str) -> set[int]:
    """Positions (in the text's compared characters) that the fingerprints and runs say are copied."""
    return {p for run in runs_between(comparable(text), comparable(source)) for p in range(run.start, run.end)}


def truly_copied(text: str, source: str) -> set[int]:
    """Brute force: every position of the text inside a common run of MIN_RUN or more characters."""
    a, b = comparable(text), comparable(source)
    n, m = len(a.chars), len(b.chars)
    run = [[0] * (m + 1) for _ in range(n + 1)]  # run[i][j]: common characters starting at i and j
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if a.chars[i] == b.chars[j]:
                joined = i + 1 < n and j + 1 < m and (i + 1) not in a.breaks and (j + 1) not in b.breaks
                run[i][j] = 1 + (run[i + 1][j + 1] if joined else 0)
    copied = set()
    for i in range(n):
        for j in range(m):
            if run[i][j] >= MIN_RUN:
                copied.update(range(i, i + run[i][j]))
    return copied


def plant(rng: random.Random, source: str, kind: str) -> str:
    """A text made of its own prose and, planted, a copy of the source's of one kind."""
    own = prose(rng, 300)
    start = rng.randint(0, len(source) - 220)
    if kind == "paragraph":
        copied = source[start : start + 200]
    elif kind == "span":
        copied = source[start : start + rng.randint(20, 200)]
    elif kind == "across-lines":
        copied = source[start : start + 60] + "\n" + source[start + 60 : start + 120]
    else:  # a name or figure changed every 20-30 characters
        copied, at = list(source[start : start + 200]), 0
        while at < len(copied):
            at += rng.randint(20, 30)
            if at < len(copied):
                copied[at] = rng.choice("东西南北")
        copied = "".join(copied)
    cut = rng.randint(0, len(own))
    return own[:cut] + copied + own[cut:]


@pytest.mark.parametrize("kind", ["paragraph", "span", "across-lines", "changed-every-20-30"])
def test_the_copied_characters_found_are_those_a_brute_force_finds(kind):
    rng = random.Random(20261202)
    found = truth = both = 0
    for _ in range(12):
        source = prose(rng, 600)
        text = plant(rng, source, kind)
        mine, true = found_copied(text, source), truly_copied(text, source)
        found, truth, both = found + len(mine), truth + len(true), both + len(mine & true)
    assert truth > 0
    assert both / truth >= 0.99 and both / found >= 0.99, (both / truth, both / found)


def test_punctuation_and_spacing_do_not_hide_a_copy():
    source = "一是持续深化党的建设，全面提升基层组织力和战斗力。"
    text = "我们认为：一是持续深化党的建设、全面提升 基层组织力和战斗力！"
    assert len(found_copied(text, source)) == len(truly_copied(text, source)) == len(comparable(source).chars)


def test_masks_never_make_two_texts_match():
    source, text = "白杨镇" + "*" * 20 + "镇党委", "红旗乡" + "*" * 20 + "乡政府"
    assert found_copied(text, source) == set() == truly_copied(text, source)
    masked = "党建引领乡村振兴XX镇全面推进产业发展"  # the mask breaks a 19-character run into 8 and 9
    assert found_copied(masked, masked.replace("XX", "**")) == set()
    assert found_copied(masked, masked) == set()  # an X that masks is no letter x: the same mask joins nothing
    figures = "全年完成固定资产投资X万元，同比增长XX%，新增就业x人"  # runs of 9, 6 and 4 between masks
    assert found_copied(figures, figures) == set() == truly_copied(figures, figures)


def test_an_x_inside_a_latin_word_is_a_letter_not_a_mask():
    text = "全面推行XBRL格式报送财务数据"  # 16 compared characters, xbrl among them
    assert comparable(text).chars == "全面推行xbrl格式报送财务数据"
    assert len(found_copied(text, "我们" + text)) == 16


def test_a_run_shorter_than_thirteen_characters_is_not_a_copy():
    source = "全面推进乡村振兴战略实施" + prose(random.Random(1), 100)
    assert found_copied("我镇全面推进乡村振兴战略实施得好", source) == set()  # 12 characters in common


def test_covered_counts_overlapping_runs_once():
    assert covered([Run(0, 20, 5, 25), Run(10, 30, 0, 20), Run(40, 55, 0, 15)]) == 45


def test_offsets_lead_back_to_the_text():
    text = "一、工作成效：全面推进乡村振兴。"
    comp = comparable(text)
    assert comp.chars == "一工作成效全面推进乡村振兴"
    assert text[comp.offsets[5]] == "全"


def test_within_gives_the_compared_characters_inside_spans_of_the_text():
    compared = comparable("白杨镇，**镇长：2022年")  # chars 白杨镇镇长2022年; punctuation and masks skipped
    assert compared.within([(0, 4)]) == {0, 1, 2}
    assert compared.within([(3, 9), (11, 13)]) == {3, 4, 7, 8}  # 镇长, then the 22 of 2022


def test_a_text_repeating_itself_is_measured_through_its_other_fingerprints_not_every_pair_of_places():
    body = "全镇上下团结一心各项工作取得明显成效。" * 2000  # every fingerprint of it at 2,000 places
    text, source = comparable("白杨镇" + body + "尾声到此结束"), comparable("红旗乡" + body + "尾声到此结束")
    [run] = runs_between(text, source)  # seeded at the ending, the one place the texts do not repeat
    assert (run.start, run.end) == (3, len(text.chars)) and (run.source_start, run.source_end) == (3, len(source.chars))


def test_a_long_copy_is_grown_once_not_once_for_each_of_its_fingerprints():
    long = prose(random.Random(9), 200_000)
    [run] = runs_between(comparable(long), comparable(long))
    assert run.length == len(comparable(long).chars)


def test_only_stretches_between_masks_long_enough_to_match_count_as_matchable():
    from reports.copying import MIN_RUN, comparable

    assert comparable("**镇长王**同志").matchable() == 0
    plain = "全镇完成固定资产投资三亿元新建高标准农田一千亩"
    assert comparable(plain).matchable() == len(plain)
    masked = "**" + plain + "XX镇" + "短句七个字在此"
    assert comparable(masked).matchable() == len(plain) and len("镇短句七个字在此") < MIN_RUN


def test_a_text_is_found_to_be_mostly_an_earlier_one_held_in_memory():
    from reports.copying import FormsIndex

    rng = random.Random(11)
    first, other = prose(rng, 900), prose(rng, 900)
    scanned = "".join("口" if n % 150 == 75 else ch for n, ch in enumerate(first))  # a misread every 150
    index = FormsIndex()
    index.add("原文.doc", first)
    index.add("别的.doc", other)
    key, share = index.most_of(scanned)
    assert key == "原文.doc" and 0.95 < share <= 1.0
    unrelated = index.most_of(prose(rng, 900))
    assert unrelated is None or unrelated[1] < 0.2  # a new text stands in neither
    assert FormsIndex().most_of(first) is None
