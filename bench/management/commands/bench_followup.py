"""Print how well the archive judges promises on hand-written pairs of years (bench/followup_labelled.py):
targets against next year's figures, and plans against next year's report with the sentence that counts."""

from django.core.management.base import BaseCommand

from bench.followup import score_plans, score_targets


class Command(BaseCommand):
    help = "目标与次年完成数对照、计划与次年报告对照的准确率（手写的成对年份报告）"

    def add_arguments(self, parser):
        parser.add_argument("--misses", action="store_true", help="列出判错的每一项")

    def handle(self, *args, **options):
        targets, plans = score_targets(), score_plans()
        self.stdout.write(f"目标→次年完成数：{targets.right}/{targets.total} 判对（{targets.share}）")
        self.stdout.write(
            f"计划→次年报告：{plans.status.right}/{plans.status.total} 判对（{plans.status.share}）；"
            f"“已落实”精确率 {plans.done_precision}、召回率 {plans.done_recall}；"
            f"依据原句正确 {plans.evidence_precision}"
        )
        if options["misses"]:
            for miss in [*targets.misses, *plans.status.misses]:
                self.stdout.write(f"  ✗ {miss}")
