"""Background work, run by `python manage.py procrastinate worker` on the PostgreSQL the archive already
uses (procrastinate): reading uploaded files (OCR of a scan takes seconds a page), checking new reports
for copies (查重), and putting back in
the queue the jobs of a worker that died (killed, or the machine restarted) so no file stays 'reading'."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from reports import jobs
from reports.services import copies, following, review, uploads

# The queues: text formats are read in 'reading' in moments; scans and photos wait for OCR in 'ocr', which has
# workers of its own (ARCHIVE_OCR_WORKERS), so that a .doc is never queued behind a scan being recognised.
QUEUES = ("reading", "copies", "ocr")
# A job that failed because the database went away (a restart) runs again once it is back: 3, 9, 27, 81 s.
AFTER_AN_OUTAGE = RetryStrategy(max_attempts=5, exponential_wait=3, retry_exceptions={DatabaseError})
# The copy check may fail for a passing reason of any kind; it is safe to run again.
AGAIN_WITH_BACKOFF = RetryStrategy(max_attempts=5, exponential_wait=3)


@app.task(queue="reading", name=jobs.READ_UPLOAD, retry=AFTER_AN_OUTAGE)
def read_upload(staged_id: int) -> None:
    uploads.read_staged(staged_id)


@app.task(queue="ocr", name=jobs.RECOGNISE_UPLOAD, retry=AFTER_AN_OUTAGE)
def recognise_upload(staged_id: int) -> None:
    uploads.read_staged(staged_id, ocr=True)


@app.task(queue="copies", name=jobs.CHECK_COPIES, retry=AGAIN_WITH_BACKOFF)
def check_copies(report_ids: list[int]) -> None:
    """The copy check (查重) of reports just stored or re-parsed: their passages and their sources'."""
    copies.record_copies(report_ids)


@app.task(
    queue="copies",
    name=jobs.CHECK_UNCHECKED_COPIES,
    queueing_lock=jobs.CHECK_UNCHECKED_COPIES,
    retry=AGAIN_WITH_BACKOFF,
)
def check_unchecked_copies() -> None:
    """Every report the copy map has not checked yet (stored before it came): one job at a time."""
    copies.check_unchecked()


@app.task(queue="copies", name=jobs.RECHECK_FORMULAS, retry=AGAIN_WITH_BACKOFF)
def recheck_formulas(formulas: list[str]) -> None:
    """After staff changed the list of formulas: the reports holding them are checked again."""
    copies.recheck_formula_reports(formulas)


@app.periodic(cron="17 3 * * *")  # each night
@app.task(queue="reading", name=jobs.EXPIRE_UPLOADS, queueing_lock=jobs.EXPIRE_UPLOADS)
def expire_uploads(timestamp: int) -> None:
    review.expire_unconfirmed()


@app.periodic(cron="0 23 * * *")  # 23:00 UTC (croniter reads timestamps as UTC): 07:00 in China
@app.task(queue="reading", name=jobs.SEND_SEARCH_DIGESTS, queueing_lock=jobs.SEND_SEARCH_DIGESTS)
def send_search_digests(timestamp: int) -> None:
    following.send_digests()


@app.periodic(cron="* * * * *")
@app.task(queue="reading", name=jobs.RETRY_STALLED_JOBS, queueing_lock=jobs.RETRY_STALLED_JOBS, pass_context=True)
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
