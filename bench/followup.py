"""Scoring what the archive says of promises against the hand-written labels (bench/followup_labelled.py), the
way the archive says it: both years parsed as whole reports, the figures read by the parser and matched by
reports.copying.targets, the plans judged by reports.copying.followup from the parsed parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.followup_labelled import PLAN_PAIRS, TARGET_PAIRS, PlanPair, TargetPair
from reports.copying.followup import follow_up
from reports.copying.targets import Measure, match_targets
from reports.parsing import SectionKind, parse_report
from reports.parsing.figures import indicator_of


def _cn(n: int) -> str:
    return "一二三四五六七八九十"[n - 1]


def report(year: int, achievements: list[str], plans: list[str]) -> str:
    plans = plans or ["抓好安全生产"]  # a plans part is never empty
    items = "".join(f"（{_cn(n)}）{plan}。\n" for n, plan in enumerate(plans, 1))
    body = "\n".join(achievements) or "各项工作稳步推进。"
    return (
        f"青石县柳湾镇{year}年工作总结\n一、{year}年主要工作\n{body}\n"
        f"二、存在的问题\n一是基础设施薄弱。\n二是人才短缺。\n三、{year + 1}年工作打算\n{items}"
    )


@dataclass
class Score:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return round(self.right / self.total, 3) if self.total else 0.0


def _measures(text: str) -> list[Measure]:
    parsed = parse_report(text)
    return [
        Measure(indicator_of(f.subject), f.unit, f.change, f.value, f.modifier, f.target)
        for f in parsed.figures
        if indicator_of(f.subject)
    ]


def judged_target(pair: TargetPair) -> str:
    """The outcome the archive gives the pair's target (the first target figure of year N's plans)."""
    first = report(2022, ["各项工作稳步推进。"], [pair.target.rstrip("。")])
    targets = [m for m in _measures(first) if m.target]
    if not targets:
        return "no target read"
    following = _measures(report(2023, [pair.outcome] if pair.outcome else [], []))
    outcome, _ = match_targets(targets[:1], following)[0]
    return outcome.value


def score_targets(pairs: list[TargetPair] = TARGET_PAIRS) -> Score:
    score = Score(total=len(pairs))
    for pair in pairs:
        got = judged_target(pair)
        if got == pair.expected:
            score.right += 1
        else:
            score.misses.append(f"{pair.target} → {pair.outcome}：应为 {pair.expected}，得 {got}")
    return score


def judged_plans(pair: PlanPair) -> list[tuple[str, str]]:
    """(status, evidence) for each of year N's plans, as the archive judges them from the parsed reports."""
    first = parse_report(report(2022, ["各项工作稳步推进。"], pair.plans))
    second = parse_report(report(2023, pair.achievements, pair.next_plans))
    done = [
        line
        for section in second.all_sections()
        if section.kind == SectionKind.ACHIEVEMENTS
        for line in section.text.split("\n")
    ]
    titles = [plan.title for plan in first.plans]
    found = follow_up(titles, done, [plan.title for plan in second.plans])
    return [(finding.status.value, finding.evidence) for finding in found]


@dataclass
class PlanScores:
    """Per plan: whether its status is right; of the plans judged done, whether the evidence is the sentence
    labelled (precision of 落实 and of its evidence, recall of 落实)."""

    status: Score = field(default_factory=Score)
    done_predicted: int = 0
    done_right: int = 0
    done_labelled: int = 0
    evidence_right: int = 0

    @property
    def done_precision(self) -> float:
        return round(self.done_right / self.done_predicted, 3) if self.done_predicted else 0.0

    @property
    def done_recall(self) -> float:
        return round(self.done_right / self.done_labelled, 3) if self.done_labelled else 0.0

    @property
    def evidence_precision(self) -> float:
        return round(self.evidence_right / self.done_predicted, 3) if self.done_predicted else 0.0


def score_plans(pairs: list[PlanPair] = PLAN_PAIRS) -> PlanScores:
    scores = PlanScores()
    for pair in pairs:
        judged = judged_plans(pair)
        if len(judged) != len(pair.plans):
            scores.status.total += len(pair.plans)
            scores.status.misses.append(f"{pair.plans}：解析出 {len(judged)} 项计划")
            continue
        for plan, (status, evidence), (expected, sentence) in zip(pair.plans, judged, pair.expected, strict=True):
            scores.status.total += 1
            scores.done_labelled += expected == "done"
            if status == "done":
                scores.done_predicted += 1
                scores.done_right += expected == "done"
                scores.evidence_right += expected == "done" and evidence == sentence
            if status == expected:
                scores.status.right += 1
            else:
                scores.status.misses.append(f"{plan}：应为 {expected}，得 {status}（{evidence}）")
            if status == expected == "done" and evidence != sentence:
                scores.status.misses.append(f"{plan}：依据应为“{sentence}”，得“{evidence}”")
    return scores
