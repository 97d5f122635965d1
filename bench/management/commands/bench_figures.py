"""How well the figures extractor (reports.parsing.figures) reads the hand-labelled set (bench/figures_labelled.py).

A figure found counts as right when it stands where a labelled one does and agrees with it in value (万 and 亿
folded in, or masked), unit, target or achievement, and growth or level. Precision is the right ones of those
found, recall of those labelled. The indicator's words (subject) and the modifier are scored apart, over the
figures found right: they are what a reader checks next.
"""

from __future__ import annotations

import json
import math

from django.core.management.base import BaseCommand

from bench.figures_labelled import HELD_OUT, PASSAGES, Labelled, passages
from reports.parsing.figures import Figure, find_figures


class Command(BaseCommand):
    help = "数字与目标抽取的准确率与召回率（手工标注集）"

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--misses", action="store_true", help="列出每个错误")

    def handle(self, *args, **options):
        sets = {"held_out": score(HELD_OUT), "tuned_on": score(PASSAGES)}
        sets["all"] = score(PASSAGES + HELD_OUT)
        if options["json"]:
            self.stdout.write(json.dumps({k: v[0] for k, v in sets.items()}, ensure_ascii=False, indent=2))
            return
        names = {"held_out": "留出集（规则定后才写）", "tuned_on": "调规则所用的集", "all": "合计"}
        for name, (figures, misses) in sets.items():
            counted = f"标注 {figures['labelled']} 个数字（{figures['passages']} 段），抽出 {figures['found']} 个"
            scored = f"正确 {figures['right']} 个：准确率 {figures['precision']:.3f}，召回率 {figures['recall']:.3f}"
            agreed = f"指标名称一致 {figures['subject_agreement']:.3f}，修饰词一致 {figures['modifier_agreement']:.3f}"
            self.stdout.write(f"{names[name]}：{counted}，{scored}；正确者中{agreed}")
            if options["misses"] and name != "all":
                for miss in misses:
                    self.stdout.write(f"  {miss}")


def score(marked: list[tuple[str, str]]) -> tuple[dict, list[str]]:
    """Precision, recall and the agreements over one set of labelled passages, and what went wrong."""
    labelled = found = right = subjects = modifiers = 0
    misses: list[str] = []
    for text, in_plans, labels in passages(marked):
        figures = find_figures(text, [(0, len(text))] if in_plans else [])
        by_start = {figure.start: figure for figure in figures}
        labelled, found = labelled + len(labels), found + len(figures)
        for label in labels:
            figure = by_start.pop(label.start, None)
            if figure is None or not agrees(figure, label):
                misses.append(f"漏/错 {label.written}（{text[:24]}…）: {figure}")
                continue
            right += 1
            subjects += figure.subject == label.subject
            modifiers += figure.modifier == label.modifier
            if figure.subject != label.subject:
                misses.append(f"名称 {label.written}: {figure.subject!r} ≠ {label.subject!r}")
            if figure.modifier != label.modifier:
                misses.append(f"修饰 {label.written}: {figure.modifier!r} ≠ {label.modifier!r}")
        misses += [f"多 {figure.text}（{text[:24]}…）" for figure in by_start.values()]
    figures = {
        "passages": len(marked),
        "labelled": labelled,
        "found": found,
        "right": right,
        "precision": round(right / found, 3) if found else 0.0,
        "recall": round(right / labelled, 3) if labelled else 0.0,
        "subject_agreement": round(subjects / right, 3) if right else 0.0,
        "modifier_agreement": round(modifiers / right, 3) if right else 0.0,
    }
    return figures, misses


def agrees(figure: Figure, label: Labelled) -> bool:
    """Value (or masked), unit, target and growth as labelled."""
    if figure.masked != label.masked or figure.unit != label.unit:
        return False
    if figure.target != label.target or figure.change != label.change:
        return False
    if label.value is None or figure.value is None:
        return label.value is figure.value
    return math.isclose(figure.value, label.value, rel_tol=1e-9)
