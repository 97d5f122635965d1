"""A report keeps every form it came in: each OriginalFile says which report it is a form of. The file each
report's text was read from (Report.original) becomes its first form."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0027_copy_map_source_offsets"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="originalfile",
            name="added_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to=settings.AUTH_USER_MODEL,
                verbose_name="添加人",
            ),
        ),
        migrations.AddField(
            model_name="originalfile",
            name="pages",
            field=models.PositiveIntegerField(blank=True, help_text="PDF 与图片的页数", null=True, verbose_name="页数"),
        ),
        migrations.AddField(
            model_name="originalfile",
            name="report",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="forms",
                to="reports.report",
                verbose_name="所属报告",
            ),
        ),
        migrations.RunSQL(
            "UPDATE reports_originalfile o SET report_id = r.id FROM reports_report r WHERE r.original_id = o.id",
            migrations.RunSQL.noop,
        ),
    ]
