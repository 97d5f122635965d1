"""Passages move into one partition per year (reports.db.partitions), so that a search reads the newest years'
index first and stops at the hits it counts. The rows, ids, indexes and checks are kept, not the foreign
keys (partitions.rebuild says why); going back moves them into one plain table again."""

from django.db import migrations


def by_year(apps, schema_editor):
    from reports.db import partitions

    partitions.rebuild(partitioned=True)


def one_table(apps, schema_editor):
    from reports.db import partitions

    partitions.rebuild(partitioned=False)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0024_passage_field_lexemes"),
    ]

    operations = [migrations.RunPython(by_year, one_table)]
