"""Background work, run by `python manage.py procrastinate worker` on the PostgreSQL the archive already
uses (procrastinate): reading uploaded files (OCR of a scan takes seconds a page), and putting back in
the queue the jobs of a worker that died (killed, or the machine restarted) so no file stays 'reading'."""

from __future__ import annotations

from django.conf import settings
from procrastinate.contrib.django import app

from reports import uploads


@app.task(queue="reading", name="read_upload")
def read_upload(staged_id: int) -> None:
    uploads.read_staged(staged_id)


@app.periodic(cron="* * * * *")
@app.task(queue="reading", name="retry_stalled_jobs", queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context, timestamp: int) -> None:
    await retry_stalled(context.app)


async def retry_stalled(worker_app) -> int:
    """Jobs whose worker sent no heartbeat for ARCHIVE_WORKER_STALLED_SECONDS go back to the queue; the
    tasks are safe to run again (read_staged leaves a file read already)."""
    manager = worker_app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=settings.ARCHIVE_WORKER_STALLED_SECONDS)
    count = 0
    for job in stalled:
        await manager.retry_job(job)
        count += 1
    return count
