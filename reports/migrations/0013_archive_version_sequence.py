"""The sequence whose value is the archive's version (reports/freshness.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0012_section_text_uncompressed")]
    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS reports_archive_version", "DROP SEQUENCE IF EXISTS reports_archive_version"
        )
    ]
