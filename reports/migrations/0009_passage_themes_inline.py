from django.db import migrations


class Migration(migrations.Migration):
    """A passage's theme ids are read for every hit (the theme facet): keep them in the row, not in TOAST,
    where the narrow-row setting of 0004 had pushed them. Rows are rewritten by `reindex`."""

    dependencies = [
        ("reports", "0008_archivist_group"),
    ]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE reports_passage ALTER COLUMN theme_ids SET STORAGE PLAIN",
            reverse_sql="ALTER TABLE reports_passage ALTER COLUMN theme_ids SET STORAGE EXTENDED",
        ),
    ]
