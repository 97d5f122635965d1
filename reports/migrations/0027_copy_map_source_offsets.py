"""The copy map keeps where each passage stands in its source too (a stretch standing twice in one source is
two passages), and each report where its formulas stand, so the 查重 pages are answered from the map instead of
checking again on every request. Passages stored before have no source offsets: every report is marked
unchecked, and `reindex --stale` (run by `make run` and docker compose at start) queues their checks, which
write the map again whole."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0026_passage_gap_buckets"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="copypassage",
            name="copy_passage_unique",
        ),
        migrations.AddField(
            model_name="copypassage",
            name="source_end",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="copypassage",
            name="source_start",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="report",
            name="copy_boilerplate",
            field=models.JSONField(blank=True, default=list, editable=False, verbose_name="套话位置"),
        ),
        # Backwards, a stretch kept twice for one source (two places there) is kept once again, as the old key asks.
        migrations.RunSQL(
            migrations.RunSQL.noop,
            reverse_sql=(
                "DELETE FROM reports_copypassage a USING reports_copypassage b WHERE a.id > b.id AND a.report_id = "
                'b.report_id AND a.source_id = b.source_id AND a.start = b.start AND a."end" = b."end"'
            ),
        ),
        migrations.AddConstraint(
            model_name="copypassage",
            constraint=models.UniqueConstraint(
                fields=("report", "source", "start", "end", "source_start"), name="copy_passage_unique"
            ),
        ),
        migrations.RunSQL("UPDATE reports_report SET copied_from = ''", migrations.RunSQL.noop),
    ]
