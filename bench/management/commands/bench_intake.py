"""How long an archivist waits for a mixed batch: text files of every format and scans, uploaded together.

Two ways, in one run, on the current database (the files are discarded afterwards, originals with them):
- routed, as the archive runs: the reading queue's worker reads text formats at once and passes scans on to the
  OCR queue's workers (ARCHIVE_OCR_WORKERS);
- inline, as it ran before: one worker, one queue, every file read in the order it came, OCR included.
Prints, for each, the seconds until every text file could be previewed and until every file could; and, routed,
how good the batch page's time left was (its estimate when half the pages were recognised, against the time
it then really took).
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from bench import samples
from reports import jobs
from reports.models import StagedUpload
from reports.selectors.uploads import batch_progress
from reports.services import uploads
from reports.services.review import discard_staged
from reports.services.uploads import Upload, receive_uploads

ROOT = Path(__file__).resolve().parents[3]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FORMATS = ROOT / "tests" / "fixtures" / "formats"
TEXT_MAKERS = {
    "txt": lambda seed: seed.read_bytes(),
    "gbk.txt": lambda seed: seed.read_text(encoding="utf-8").encode("gb18030"),
    "docx": lambda seed: samples.docx_of(seed.read_text(encoding="utf-8")),
    "doc": lambda seed: (FORMATS / f"{seed.stem}.doc").read_bytes(),
    "rtf": lambda seed: (FORMATS / f"{seed.stem}.rtf").read_bytes(),
    "odt": lambda seed: (FORMATS / f"{seed.stem}.odt").read_bytes(),
    "pdf": lambda seed: (FORMATS / f"{seed.stem}.pdf").read_bytes(),
    "html": lambda seed: samples.government_page(seed.read_text(encoding="utf-8")),
}


class Command(BaseCommand):
    help = "上传等待时间基准：一批混合文件（文本类与扫描件），文本类全部可预览与全部可预览所需秒数，分队列与单队列对比"

    def add_arguments(self, parser):
        parser.add_argument("--texts", type=int, default=40, help="文本类文件数（各种格式轮换）")
        parser.add_argument("--scans", type=int, default=20, help="扫描件数（种子 PDF 的 150 dpi 扫描）")
        parser.add_argument("--scan-pages", type=int, default=3, help="每个扫描件的页数")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        files = self.batch(options["texts"], options["scans"], options["scan_pages"])
        user, _ = get_user_model().objects.get_or_create(username="bench-intake", defaults={"is_staff": True})
        figures = {
            "texts": options["texts"],
            "scans": options["scans"],
            "scan_pages": options["scan_pages"],
            "ocr_workers": settings.ARCHIVE_OCR_WORKERS,
            "routed": self.measure(files, user, routed=True),
            "inline": self.measure(files, user, routed=False),
        }
        if options["json"]:
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        for way, label in (
            ("routed", "分队列（文本类先读，扫描件交给文字识别队列）"),
            ("inline", "单队列（按上传顺序，含文字识别）"),
        ):
            f = figures[way]
            self.stdout.write(
                f"{label}：文本类 {options['texts']} 个全部可预览 {f['texts_ready']:.1f} 秒，"
                f"全部 {len(files)} 个可预览 {f['all_ready']:.1f} 秒"
            )
        ratio = figures["inline"]["texts_ready"] / max(figures["routed"]["texts_ready"], 0.001)
        self.stdout.write(f"文本类等待时间：单队列是分队列的 {ratio:.1f} 倍")
        half = figures["routed"]["half_pages"]
        if half:
            self.stdout.write(
                f"剩余时间估计（分队列）：识别完一半页数（{half['at']:.0f} 秒）时"
                f"页面估计还需 {half['estimate']:.0f} 秒，实际又用了 {half['actual']:.0f} 秒"
            )

    def batch(self, texts: int, scans: int, pages: int) -> list[Upload]:
        """Scans first, as a folder sorted by name might put them: the worst order for text files behind them."""
        makers = list(TEXT_MAKERS.items())
        scanned = [Upload(f"扫描{n:02}.pdf", self.scan(n, pages)) for n in range(scans)]
        text = []
        for n in range(texts):
            suffix, make = makers[n % len(makers)]
            text.append(Upload(f"文本{n:02}.{suffix}", make(SEEDS[n % len(SEEDS)])))
        return scanned + text

    def scan(self, number: int, pages: int) -> bytes:
        """A 150-dpi scan of `pages` pages: the seeds' PDFs scanned, one after another from seed `number`."""
        import io

        import pypdfium2 as pdfium

        document, seed = pdfium.PdfDocument.new(), number
        while len(document) < pages:
            scanned = pdfium.PdfDocument(
                samples.scanned_pdf((FORMATS / f"{SEEDS[seed % len(SEEDS)].stem}.pdf").read_bytes())
            )
            document.import_pages(scanned, list(range(min(len(scanned), pages - len(document)))))
            seed += 1
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    def measure(self, files: list[Upload], user, *, routed: bool) -> dict:
        workers = self.start_workers(routed)
        try:
            started = time.perf_counter()
            # Routed: each file queued on commit to the reading queue, as an upload is.
            batch = receive_uploads(files, user=user) if routed else self.queue_inline(files, user)
            rows = StagedUpload.objects.filter(batch=batch).defer("text", "checked")
            texts_ready = all_ready = half = None
            while all_ready is None and time.perf_counter() - started < 3600:
                time.sleep(0.5)
                now, listed = time.perf_counter() - started, list(rows.all())  # afresh each time
                waiting = {row.filename for row in listed if not row.finished}
                progress = batch_progress(listed, timezone.now())
                if half is None and progress.pages_total and progress.pages_done * 2 >= progress.pages_total:
                    half = {"at": now, "estimate": progress.seconds_left}
                if texts_ready is None and not any(name.startswith("文本") for name in waiting):
                    texts_ready = now
                if not waiting:
                    all_ready = now
            if half and all_ready and half["estimate"] is not None:
                half["actual"] = all_ready - half["at"]
            else:
                half = None
            return {"texts_ready": texts_ready, "all_ready": all_ready, "half_pages": half}
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=60)
            discard_staged(list(StagedUpload.objects.filter(created_by=user)))

    def queue_inline(self, files: list[Upload], user):
        """The way before queues were split: each file read where it stands in the one queue, OCR and all
        (recognise_upload reads whatever it is given), by swapping the deferral for the time of the upload."""

        def inline(task: str, **arguments) -> None:
            deferrer = app.configure_task(jobs.RECOGNISE_UPLOAD, allow_unknown=False, queue="reading")
            transaction.on_commit(lambda: deferrer.defer(**arguments))

        with mock.patch.object(uploads.jobs, "defer_on_commit", inline):
            return receive_uploads(files, user=user)

    def start_workers(self, routed: bool) -> list[subprocess.Popen]:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "manage.py", "worker"]
        if not routed:
            return [subprocess.Popen([*command, "--queues", "reading"], cwd=ROOT, env=env)]
        ocr = [[*command, "--queues", "ocr"] for _ in range(settings.ARCHIVE_OCR_WORKERS)]
        return [subprocess.Popen(c, cwd=ROOT, env=env) for c in ([*command, "--queues", "reading,copies"], *ocr)]
