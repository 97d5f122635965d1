"""An X that masks ('XX镇', 'X万元') was compared as the letter x, so two reports masked alike matched
through their masks: the copy check now reads masks as reports.parsing.masks defines them. Every stored
fingerprint and copy passage was made the old way: dropped, and each report marked unchecked, for
`reindex --stale` (run by `make run` and the container) to fingerprint and check again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0019_fingerprint_report_index"),
    ]

    operations = [
        migrations.RunSQL(
            "TRUNCATE reports_copypassage, reports_fingerprint;"
            " UPDATE reports_report SET copied_from = '', copy_ratio = NULL, copy_top_ratio = NULL,"
            " copy_top_source_id = NULL",
            migrations.RunSQL.noop,
        ),
    ]
