"""The search index without a stored vector: each passage keeps its own text, and the GIN index holds the
n-grams PostgreSQL computes from it (archive_ngrams, defined by reports.search.vectors). The stored
vectors took about ten times the text. Passages lose their index on township, through which the planner
would compute n-grams row by row. Passages indexed the old way are left empty here and rebuilt by
`reindex --stale` (their index_version names the old scheme), which `make run` and the container run."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

from reports.search.vectors import ngrams_function_sql


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0020_masks_break_runs"),
    ]

    operations = [
        migrations.RunSQL(ngrams_function_sql(), "DROP FUNCTION IF EXISTS archive_ngrams(text)"),
        migrations.RemoveIndex(
            model_name="passage",
            name="passage_vector_gin",
        ),
        migrations.RemoveField(
            model_name="passage",
            name="vector",
        ),
        migrations.AddField(
            model_name="passage",
            name="text",
            field=models.TextField(default=""),
        ),
        migrations.SeparateDatabaseAndState(  # Django emits nothing for a foreign key's db_index turned off
            state_operations=[
                migrations.AlterField(
                    model_name="passage",
                    name="township",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="reports.township",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS reports_passage_township_id_3687b9ee",
                    "CREATE INDEX IF NOT EXISTS reports_passage_township_id_3687b9ee ON reports_passage (township_id)",
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="passage",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(
                    models.F("text"),
                    function="archive_ngrams",
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                ),
                name="passage_ngrams_gin",
            ),
        ),
    ]
