"""Print what the background work is doing (the admin's status line); with --check, exit 1 when no worker has
sent a heartbeat lately: docker compose's health check of the worker, or a monitor's."""

from django.core.management.base import BaseCommand

from reports.selectors.status import background_status


class Command(BaseCommand):
    help = "显示后台任务的状态（心跳、等待中的任务、查重失败）；--check：没有在运行的任务进程时以 1 退出"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="没有在运行的任务进程时以 1 退出")

    def handle(self, *args, **options):
        status = background_status()
        self.stdout.write(status.line())
        if options["check"] and not status.worker_alive:
            raise SystemExit(1)
