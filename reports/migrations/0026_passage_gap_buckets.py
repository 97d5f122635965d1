"""The search index also holds, for every 2 characters one apart in a run, a numbered bucket ('^<n>',
vectors.gap_lexeme): a long term's candidates are then the passages that hold its pieces in their places,
not only somewhere (乡村振兴 at 100,000 reports: from about 14,000 passages to check to a few dozen).
The index is built again on the new expression; its fields are those of migration 0024."""

import importlib

from django.db import migrations

from reports.search.vectors import terms_function_sql

fields_migration = importlib.import_module("reports.migrations.0024_passage_field_lexemes")
FIELDS, SEARCH_INDEX = fields_migration.FIELDS, fields_migration.SEARCH_INDEX


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0025_passages_by_year"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="passage", name=SEARCH_INDEX.name),
        migrations.RunSQL(terms_function_sql(FIELDS, gapped=True), terms_function_sql(FIELDS, gapped=False)),
        migrations.AddIndex(model_name="passage", index=SEARCH_INDEX),
    ]
