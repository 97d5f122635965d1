"""The search index holds each passage's filterable fields beside its n-grams, as '~name=value' lexemes:
a search's filters are then operands of the GIN query instead of tests of every row its words matched.
The index is built again on the new expression, archive_terms(text, <fields>)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from reports.search.vectors import terms_function_sql

# The fields as this migration indexes them (vectors.INDEXED_FIELDS may grow later, with a migration of its own).
FIELDS = (
    ("is_issue", "boolean"),
    ("year", "smallint"),
    ("period", "text"),
    ("report_kind", "text"),
    ("section_kind", "text"),
    ("township_id", "bigint"),
    ("county", "text"),
    ("theme_ids", "integer[]"),
)
SEARCH_INDEX = django.contrib.postgres.indexes.GinIndex(
    models.Func(
        models.F("text"),
        *(models.F(name) for name, _ in FIELDS),
        function="archive_terms",
        output_field=django.contrib.postgres.search.SearchVectorField(),
    ),
    name="passage_terms_gin",
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0023_remove_dictionary_terms"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="passage", name="passage_ngrams_gin"),
        migrations.RunSQL(terms_function_sql(FIELDS, gapped=False), "DROP FUNCTION IF EXISTS archive_terms"),
        migrations.AddIndex(model_name="passage", index=SEARCH_INDEX),
    ]
