"""What the background work is doing, read from procrastinate's tables: the admin's status line and the
health check show it, so a dead worker or a failed copy check is noticed by whoever looks, not by chance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Max
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker

COPY_TASKS = ("check_copies", "check_unchecked_copies")


@dataclass(frozen=True)
class BackgroundStatus:
    last_heartbeat: datetime | None
    live_workers: int  # workers whose heartbeat is younger than ARCHIVE_WORKER_STALLED_SECONDS
    waiting: int  # jobs queued, not yet taken
    running: int
    failed_copy_checks: int  # copy checks that failed every attempt

    @property
    def worker_alive(self) -> bool:
        return self.live_workers > 0

    def line(self) -> str:
        """'后台任务进程：运行中（3 秒前有心跳）· 等待中的任务 2 个 · 正在处理 1 个'."""
        if self.worker_alive:
            seconds = (timezone.now() - self.last_heartbeat).total_seconds() if self.last_heartbeat else 0
            state = f"运行中（{seconds:.0f} 秒前有心跳）"
        elif self.last_heartbeat:
            state = f"未在运行（最后一次心跳：{timezone.localtime(self.last_heartbeat):%Y-%m-%d %H:%M:%S}）"
        else:
            state = "未在运行"
        parts = [f"后台任务进程：{state}", f"等待中的任务 {self.waiting} 个", f"正在处理 {self.running} 个"]
        if self.failed_copy_checks:
            parts.append(f"查重失败 {self.failed_copy_checks} 个（可运行 reindex --stale 重新排队）")
        return " · ".join(parts)


def background_status() -> BackgroundStatus:
    cutoff = timezone.now() - timedelta(seconds=settings.ARCHIVE_WORKER_STALLED_SECONDS)
    workers = ProcrastinateWorker.objects.all()
    jobs = ProcrastinateJob.objects.all()
    return BackgroundStatus(
        last_heartbeat=workers.aggregate(last=Max("last_heartbeat"))["last"],
        live_workers=workers.filter(last_heartbeat__gte=cutoff).count(),
        waiting=jobs.filter(status="todo").count(),
        running=jobs.filter(status="doing").count(),
        failed_copy_checks=jobs.filter(status="failed", task_name__in=COPY_TASKS).count(),
    )


# SQLSTATEs of a server going away: admin_shutdown, crash_shutdown, cannot_connect_now; class 08 is connecting.
_AWAY = ("57P01", "57P02", "57P03")


def database_away(error: BaseException | None) -> bool:
    """Whether `error` says PostgreSQL cannot be reached (refused, restarting, shut down), rather than that a
    query was wrong: a refused connection carries no SQLSTATE at all."""
    if not isinstance(error, (OperationalError, InterfaceError)):
        return False
    state = getattr(error.__cause__, "sqlstate", None)
    return state is None or state.startswith("08") or state in _AWAY


def database_answers() -> bool:
    """One round trip: False when PostgreSQL is away (restarting, down)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except (OperationalError, InterfaceError):
        connection.close()  # a broken connection must not serve the next request
        return False
