"""Originals nothing keeps (left by refused or discarded uploads before they were dropped with them): counted,
and deleted unless --dry-run."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Sum

from reports.services.originals import unkept_originals


class Command(BaseCommand):
    help = "列出并删除没有任何报告或待处理上传引用的原始文件（--dry-run 只列出）"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, **options):
        with transaction.atomic():
            orphans = unkept_originals()
            count, size = orphans.count(), orphans.aggregate(size=Sum("size"))["size"] or 0
            if not options["dry_run"]:
                orphans.delete()
        verb = "可删除" if options["dry_run"] else "已删除"
        self.stdout.write(f"{verb} {count} 个无人引用的原始文件，共 {size / 1024 / 1024:.1f} MB")
