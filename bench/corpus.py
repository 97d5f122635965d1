"""A realistic benchmark corpus: township reports with the genre's structure and a vocabulary that behaves
like real Chinese text, for `bench_search`, `bench_copies` and `bench_corpus`.

Why not recombine the seeds: five reports' paragraphs repeated thousands of times give a vocabulary that
stops growing and posting lists nothing like an archive's, and make every paragraph a copy. Here:
- words are drawn by frequency from jieba's dictionary (349,000 words counted in real text), with the
  seeds' own words weighted in, so the distinct 2- and 4-character strings keep growing with the corpus
  (Heaps' law) and their frequencies fall off along a Zipf-like curve;
- each township has a core of paragraphs that its reports share; each paragraph of the core lives a few
  years before it is rewritten, and its figures change every year (the "recycled with figures changed"
  report);
- a known share of paragraphs is copied whole from another township's earlier report, and slogans recur
  across all townships (boilerplate);
- 1,500 townships in 50 counties, about three reports a township a year over twenty years: a province.

Pure Python and deterministic: report n is the same text whenever it is made, for the same count.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOWNSHIPS = 1500
COUNTIES = 50
FIRST_YEAR, YEARS = 2005, 20
COPY_SHARE = 0.04  # of a report's paragraphs, copied from another township's earlier report
CORE_SHARE = 0.6  # of a report's paragraphs, from its township's core
KINDS = {
    "annual_summary": "{place}{year}年工作总结",
    "party_building": "中共{place}委员会{year}年党建工作报告",
    "duty_report": "{place}党委书记{year}年度抓基层党建工作述职报告",
    "half_year_summary": "{place}{year}年上半年工作总结",
    "leadership": "{place}领导班子{year}年度工作情况汇报",
}
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_NAME_CHARS = (  # of place names
    "东西南北新红白青金银长永安太平和兴隆丰富乐宝德胜利光明清河阳"
    "远华宁武定泰源山川城水桥湾岭口集堡台坪沟店庄营屯园泉林湖石松"
    "柏梅花龙凤马牛羊黄沙土田"
)
UNITS = ["万元", "亿元", "户", "人", "亩", "个", "公里", "处", "场次", "家", "吨", "套"]
PROBLEM_HEADINGS = ["存在的问题", "存在的问题和不足", "短板不足", "存在的困难和问题"]
PLAN_HEADINGS = ["{next}年工作计划", "下一步工作打算", "{next}年工作思路"]
CLAUSES = [
    "{D}{V}{G}{N}",
    "{V}{N}{NUM}",
    "全年{V}{N}{NUM}",
    "同比增长{PCT}",
    "以{G}为{N}",
    "{V}{N}{N}",
    "{I}",
    "{VIL}{V}{N}{N}",
    "{V}{A}{N}{NUM}",
    "围绕{G}{N}",
    "{N}{D}{V}",
    "{G}{V}{N}",
    "{D}{V}{G}",
    "{V}{G}{N}{N}",
    "{D}{V}{G}{N}，{V}{A}{N}{N}",
    "{V}{N}{N}{NUM}，{D}{V}{G}{N}",
    "{G}{N}{D}{V}，{V}{N}{N}{N}",
]
# Clause ranks follow a Zipf-Mandelbrot law: the HEAD most common clauses share a third of all uses (the
# genre's formulas), and new clauses keep coming at a rate set by CLAUSE_SPREAD (Heaps' exponent ~ 1/(1+a)).
CLAUSE_SPREAD, HEAD = 0.6, 100
PROBLEMS = ["{G}{N}不够{A}", "部分{N}{V}{N}意识不强", "{N}{N}仍然{A}不足", "{G}{N}{V}有待加强", "{VIL}{N}基础薄弱"]
PLANS = ["{D}{V}{G}{N}，{V}{N}{N}", "{V}{A}{N}，{I}", "力争{V}{N}{NUM}"]


@dataclass(frozen=True)
class Words:
    """Weighted word lists to draw from: (words, cumulative weights) for each slot of a sentence."""

    slots: dict[str, tuple[list[str], list[float]]]

    def draw(self, rng: random.Random, slot: str) -> str:
        words, cumulative = self.slots[slot]
        return words[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


@cache
def words() -> Words:
    """jieba's dictionary by part of speech and frequency, the seeds' words (G) weighted by their count."""
    import jieba
    from jieba import posseg

    jieba.setLogLevel(60)
    by_tag: dict[str, Counter[str]] = {tag: Counter() for tag in "NVADI"}
    tags = {"n": "N", "vn": "N", "nz": "N", "v": "V", "a": "A", "d": "D", "i": "I", "l": "I"}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as dictionary:
        for line in dictionary:
            word, frequency, tag = line.split()
            slot = tags.get(tag)
            if slot and _CJK.match(word) and (len(word) == 4 if slot == "I" else 2 <= len(word) <= 4):
                by_tag[slot][word] += int(frequency)
    genre: dict[str, Counter[str]] = {slot: Counter() for slot in by_tag}
    for path in sorted(SEEDS.glob("*.txt")):
        for word, tag in posseg.cut(path.read_text(encoding="utf-8")):
            slot = tags.get(tag)
            if slot and len(word) >= 2 and _CJK.match(word):
                genre[slot][word] += 1
    for slot, counts in genre.items():  # the genre's words carry half of each slot's weight
        if counts:
            scale = sum(by_tag[slot].values()) / sum(counts.values())
            by_tag[slot].update({word: round(count * scale) for word, count in counts.items()})
    by_tag["G"] = sum(genre.values(), Counter())
    return Words({slot: (list(c), list(itertools.accumulate(c.values()))) for slot, c in by_tag.items()})


def _name(rng: random.Random, length: int = 2) -> str:
    return "".join(rng.choice(_NAME_CHARS) for _ in range(length))


@dataclass(frozen=True)
class Township:
    number: int
    name: str
    county: str
    villages: tuple[str, ...]

    @property
    def place(self) -> str:
        return self.county + self.name


@cache
def township(number: int, seed: int) -> Township:
    rng = random.Random(f"{seed}:township:{number}")
    county_rng = random.Random(f"{seed}:county:{number % COUNTIES}")
    county = _name(county_rng) + county_rng.choice("县县县旗区")
    name = f"{_name(rng)}{number}" if number >= len(_NAME_CHARS) ** 2 else _name(rng)
    suffix = rng.choice(["镇", "镇", "镇", "乡", "街道", "苏木"])
    villages = tuple(_name(rng) + rng.choice(["村", "村", "社区", "嘎查"]) for _ in range(10))
    return Township(number, name + suffix, county, villages)


@dataclass
class Planted:
    """What the generator put in a report, to compare with what the archive finds."""

    characters: int = 0
    copied_from_others: int = 0  # characters of paragraphs copied whole from another township's report
    sources: set[int] = field(default_factory=set)  # report numbers copied from
    spans: list[tuple[int, int]] = field(default_factory=list)  # where the copied paragraphs stand


@dataclass(frozen=True)
class Corpus:
    """`count` reports: report n is township n % townships in round n // townships; rounds walk the
    twenty years (about three kinds a year), so every count spans the years and townships share a core."""

    count: int
    seed: int = 20261202

    @property
    def townships(self) -> int:
        return min(TOWNSHIPS, max(10, self.count // 3))

    def place(self, number: int) -> tuple[Township, int, str]:
        rounds = math.ceil(self.count / self.townships)
        round_ = number // self.townships
        year = FIRST_YEAR + round_ * YEARS // max(rounds, 1)
        kind = list(KINDS)[round_ % 3 if rounds > 3 else (number // 7) % len(KINDS)]
        return township(number % self.townships, self.seed), year, kind

    def texts(self) -> Iterator[str]:
        for number in range(self.count):
            yield self.report(number)[0]

    def report(self, number: int) -> tuple[str, Planted]:
        town, year, kind = self.place(number)
        rng = random.Random(f"{self.seed}:report:{number}")
        planted = Planted()
        copied: list[str] = []

        def paragraph(slot: int) -> str:
            text, source = self._paragraph(number, slot)
            if source is not None:
                copied.append(text)
                planted.sources.add(source)
            return text

        lines = [KINDS[kind].format(place=town.place, year=year), paragraph(0)]
        lines.append(f"一、{year}年{'上半年' if kind == 'half_year_summary' else ''}主要工作及成效")
        slots = itertools.count(1)
        for part, paragraphs in enumerate(self._layout(number), 1):
            heading = f"（{_cn(part)}）{self._draw(rng, '{D}{V}{G}{N}', town, year)}。"
            lines.append(heading + paragraph(next(slots)))
            lines += [paragraph(next(slots)) for _ in range(paragraphs - 1)]
        lines.append(f"二、{rng.choice(PROBLEM_HEADINGS)}")
        lines.append("在肯定成绩的同时，我们也清醒地认识到，工作中还存在一些问题和不足：")
        for index in range(rng.randint(2, 5)):
            lines.append(f"{_cn(index + 1)}是{self._problem(town, index, year, rng)}。")
        lines.append(f"三、{rng.choice(PLAN_HEADINGS).format(next=year + 1)}")
        for index in range(rng.randint(2, 4)):
            plan = "；".join(self._draw(rng, rng.choice(PLANS), town, year + 1) for _ in range(rng.randint(1, 3)))
            lines.append(f"（{_cn(index + 1)}）{plan}。")
        text = "\n".join(lines)
        planted.characters = len(text)
        for paragraph_text in copied:
            start = text.index(paragraph_text)
            planted.spans.append((start, start + len(paragraph_text)))
            planted.copied_from_others += len(paragraph_text)
        return text, planted

    def _layout(self, number: int) -> list[int]:
        """Paragraphs in each part of the achievements: about 3,500 characters a report in all."""
        rng = random.Random(f"{self.seed}:parts:{number}")
        return [rng.randint(2, 5) for _ in range(rng.randint(4, 7))]

    def _paragraph(self, number: int, slot: int) -> tuple[str, int | None]:
        """Paragraph `slot` of report `number` (0 is the opening) and the report it was copied from: from
        the township's core (rewritten every few years, figures every year), another township's earlier
        report, or new. It depends on nothing but (number, slot), so a copy is made by making its source."""
        town, year, _ = self.place(number)
        rng = random.Random(f"{self.seed}:paragraph:{number}:{slot}")
        roll = rng.random()
        if roll < COPY_SHARE and number >= self.townships:
            source = rng.randrange(0, number - number % self.townships)  # an earlier round: already stored
            if source % self.townships != town.number:
                return self._paragraph(source, 1 + (slot - 1) % sum(self._layout(source)))[0], source
        if roll < COPY_SHARE + CORE_SHARE:
            life = 2 + (town.number + slot) % 5
            generation = (year + slot) // life
            body = random.Random(f"{self.seed}:core:{town.number}:{slot}:{generation}")
        else:
            body = random.Random(f"{self.seed}:new:{number}:{slot}")
        figures = random.Random(f"{self.seed}:figures:{number}:{slot}")
        count = body.randint(6, 12) if slot == 0 else body.randint(8, 20)
        ranks = [int(HEAD * (body.paretovariate(CLAUSE_SPREAD) - 1)) for _ in range(count)]
        parts = [_fill(_clause(self.seed, rank), town, figures) for rank in ranks]
        if slot == 0:
            parts[:0] = [self.slogan(rng) for _ in range(2)]
        return "，".join(parts) + "。", None

    def _problem(self, town: Township, index: int, year: int, rng: random.Random) -> str:
        """Problems live longer than achievements: the same few recur for years (老问题)."""
        generation = (year + index) // (3 + (town.number + index) % 4)
        body = random.Random(f"{self.seed}:problem:{town.number}:{index}:{generation}")
        return "，".join(self._draw(body, body.choice(PROBLEMS), town, year, rng) for _ in range(body.randint(1, 2)))

    def slogan(self, rng: random.Random) -> str:
        """A central formulation: a few hundred, the first ones in most reports (Zipf-like)."""
        rank = min(int(rng.paretovariate(1.0)), 400)
        return _words_of(random.Random(f"{self.seed}:slogan:{rank}"), ["{D}{V}{G}{G}，{I}"])

    def _draw(self, rng: random.Random, template: str, town: Township | None, year: int, figures=None) -> str:
        return _fill(_words_of(rng, [template]), town, figures or rng)


@lru_cache(maxsize=200_000)
def _clause(seed: int, rank: int) -> str:
    """Clause `rank` of the genre's open-ended list, its figures and village left to fill."""
    return _words_of(random.Random(f"{seed}:clause:{rank}"), CLAUSES)


def _words_of(rng: random.Random, templates: list[str]) -> str:
    vocabulary = words()
    return re.sub(r"\{([NVADIG])\}", lambda m: vocabulary.draw(rng, m.group(1)), rng.choice(templates))


def _fill(template: str, town: Township | None, figures: random.Random) -> str:
    def fill(match: re.Match) -> str:
        slot = match.group(1)
        if slot == "NUM":
            value = figures.randint(2, 9999) if figures.random() < 0.7 else round(figures.uniform(0.1, 99), 1)
            return f"{value}{figures.choice(UNITS)}"
        if slot == "PCT":
            return f"{figures.uniform(0.5, 30):.1f}%"
        return figures.choice(town.villages) if town else "全镇"

    return re.sub(r"\{(NUM|PCT|VIL)\}", fill, template)


def _cn(value: int) -> str:
    return "零一二三四五六七八九十"[value]


# --- how the vocabulary grows -------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    characters: int
    bigrams: int
    fourgrams: int


def vocabulary_curve(texts: Iterable[str], points: int = 8) -> list[Point]:
    """Distinct 2- and 4-character strings of Chinese characters against characters read, at `points`
    doublings from the end: the Heaps' law curve a reader compares with the seeds'."""
    materialised = list(texts)
    total = sum(len(t) for t in materialised)
    marks = sorted({max(1, total >> shift) for shift in range(points)})
    bigrams: set[str] = set()
    fourgrams: set[str] = set()
    seen, curve = 0, []
    for text in materialised:
        for run in re.findall(r"[\u4e00-\u9fff]+", text):
            bigrams.update(run[i : i + 2] for i in range(len(run) - 1))
            fourgrams.update(run[i : i + 4] for i in range(len(run) - 3))
        seen += len(text)
        if marks and seen >= marks[0]:
            marks = [mark for mark in marks if mark > seen]
            curve.append(Point(seen, len(bigrams), len(fourgrams)))
    return curve


def heaps_exponent(curve: list[Point], attribute: str = "bigrams") -> float:
    """The slope of log(distinct) against log(characters): 1 is all new, 0 is a closed vocabulary;
    real text lies around 0.4-0.7."""
    first, last = curve[0], curve[-1]
    if last.characters == first.characters:
        return 0.0
    return math.log(getattr(last, attribute) / getattr(first, attribute)) / math.log(last.characters / first.characters)


def zipf_exponent(texts: Iterable[str], top: int = 1000) -> float:
    """The slope of log(frequency) against log(rank) of the `top` most frequent 2-character strings
    (ranks 10 to top, past the head): around 1 in natural text."""
    counts: Counter[str] = Counter()
    for text in texts:
        for run in re.findall(r"[\u4e00-\u9fff]+", text):
            counts.update(run[i : i + 2] for i in range(len(run) - 1))
    frequencies = [f for _, f in counts.most_common(top)][9:]
    if len(frequencies) < 2:
        return 0.0
    xs = [math.log(rank) for rank in range(10, 10 + len(frequencies))]
    ys = [math.log(f) for f in frequencies]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    return -slope
