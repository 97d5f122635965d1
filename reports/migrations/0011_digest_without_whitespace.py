"""Report.sha256 now hashes the normalised text without whitespace (preparing.text_digest): recompute it."""

import hashlib
import re

from django.db import IntegrityError, migrations, transaction

WHITESPACE = re.compile(r"\s+")


def recompute(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    taken: set[str] = set()
    for report in Report.objects.only("id", "text").order_by("id").iterator():
        digest = hashlib.sha256(WHITESPACE.sub("", report.text).encode("utf-8")).hexdigest()
        if digest in taken:  # two stored reports that differ only in whitespace keep their old digests
            continue
        taken.add(digest)
        try:
            with transaction.atomic():
                Report.objects.filter(pk=report.pk).update(sha256=digest)
        except IntegrityError:  # another report, not yet recomputed, holds this digest as its old one
            pass


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_original_files_and_upload_states")]
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
