"""The search index holds bigrams only (and each run's last character): a longer term is the AND of its
bigrams, confirmed in the passage's text. The index then takes a third of what 2- and 4-character strings
took. The function changes under the index, so the index is dropped first and built again after."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from reports.search.vectors import ngrams_function_sql

SEARCH_INDEX = django.contrib.postgres.indexes.GinIndex(
    models.Func(
        models.F("text"), function="archive_ngrams", output_field=django.contrib.postgres.search.SearchVectorField()
    ),
    name="passage_ngrams_gin",
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0021_passage_ngrams_expression"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="passage", name="passage_ngrams_gin"),
        migrations.RunSQL(ngrams_function_sql(), migrations.RunSQL.noop),
        migrations.AddIndex(model_name="passage", index=SEARCH_INDEX),
    ]
