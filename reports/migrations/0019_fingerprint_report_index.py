"""The fingerprints' own index on report duplicated the primary key (report, position), which already finds
a report's fingerprints: dropped (a tenth of the table's indexes, and one index less to keep up per row)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0018_copy_map"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="fingerprint",
                    name="report",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fingerprints",
                        to="reports.report",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS reports_fingerprint_report_id_52b2e459",
                    "CREATE INDEX IF NOT EXISTS reports_fingerprint_report_id_52b2e459"
                    " ON reports_fingerprint (report_id)",
                ),
            ],
        ),
    ]
