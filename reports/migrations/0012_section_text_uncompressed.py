"""Section texts stored uncompressed (STORAGE EXTERNAL): the search confirms a long term in a passage's
stretch of its section, and PostgreSQL can fetch a stretch of an uncompressed value without reading the
rest. Chinese text compresses little with pglz, so the storage grows little. Rows written before keep
their compressed form until they are written again (`reparse` rewrites a report's sections)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_digest_without_whitespace")]
    operations = [
        migrations.RunSQL(
            "ALTER TABLE reports_section ALTER COLUMN text SET STORAGE EXTERNAL",
            "ALTER TABLE reports_section ALTER COLUMN text SET STORAGE EXTENDED",
        )
    ]
