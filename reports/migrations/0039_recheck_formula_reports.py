"""The formulas (0037) are boilerplate to the copy check from now on; the reports stored before that hold
one were checked without it. Their copy check is queued again (the worker does it, as after an admin's change
of the list), so no stored 查重 result counts a formula as copied. A new archive has no report: nothing queued."""

from django.db import migrations

CHUNK = 500


def recheck(apps, schema_editor):
    from reports import jobs
    from reports.copying.formulas import Formulas

    formulas = Formulas.of(apps.get_model("reports", "Formula").objects.values_list("text", flat=True))
    reports = apps.get_model("reports", "Report").objects.values_list("id", "text").order_by("id")
    ids = [pk for pk, text in reports.iterator(chunk_size=200) if formulas.spans(text)]
    for start in range(0, len(ids), CHUNK):
        jobs.defer(jobs.CHECK_COPIES, report_ids=ids[start : start + CHUNK])


class Migration(migrations.Migration):
    dependencies = [("reports", "0038_saved_searches"), ("procrastinate", "0041_post_retry_failed_job")]
    operations = [migrations.RunPython(recheck, migrations.RunPython.noop)]
