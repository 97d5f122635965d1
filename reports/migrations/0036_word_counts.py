"""Word counts: each report's words by part (ReportWords), and their sums by year, kind, period and part
(WordTally), kept by triggers: whatever writes or deletes a report's counts, or changes its year, kind or
period (a correction), the sums follow in the same transaction. Rows are added in key order, so two
writers summing the same words wait for each other rather than deadlock."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.db import migrations, models

# Adds a transition table's counts to the sums, with a sign: +1 for rows added, -1 for rows removed.
_TALLY = """
    INSERT INTO reports_wordtally AS t (year, kind, period, part, word, count)
    SELECT c.year, c.kind, c.period, c.part, w.word, {sign} * sum(w.count)
    FROM {rows} c CROSS JOIN LATERAL unnest(c.words, c.counts) AS w(word, count)
    WHERE c.year IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (year, kind, period, part, word) DO UPDATE SET count = t.count + EXCLUDED.count;
"""

TRIGGERS = f"""
CREATE FUNCTION reports_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_TALLY.format(sign=1, rows="added")} RETURN NULL; END $$;

CREATE FUNCTION reports_words_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_TALLY.format(sign=-1, rows="removed")} RETURN NULL; END $$;

CREATE FUNCTION reports_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN {_TALLY.format(sign=-1, rows="removed")} {_TALLY.format(sign=1, rows="added")} RETURN NULL; END $$;

CREATE TRIGGER reports_words_added AFTER INSERT ON reports_reportwords
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION reports_words_added();
CREATE TRIGGER reports_words_removed AFTER DELETE ON reports_reportwords
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION reports_words_removed();
CREATE TRIGGER reports_words_changed AFTER UPDATE ON reports_reportwords
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION reports_words_changed();

CREATE FUNCTION reports_report_words_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE reports_reportwords SET year = NEW.year, kind = NEW.kind, period = NEW.period
    WHERE report_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER reports_report_words_follow AFTER UPDATE OF year, kind, period ON reports_report
    FOR EACH ROW WHEN (OLD.year IS DISTINCT FROM NEW.year OR OLD.kind IS DISTINCT FROM NEW.kind
                       OR OLD.period IS DISTINCT FROM NEW.period)
    EXECUTE FUNCTION reports_report_words_follow();
"""

DROP_TRIGGERS = """
DROP TRIGGER reports_report_words_follow ON reports_report;
DROP FUNCTION reports_report_words_follow();
DROP TRIGGER reports_words_added ON reports_reportwords;
DROP TRIGGER reports_words_removed ON reports_reportwords;
DROP TRIGGER reports_words_changed ON reports_reportwords;
DROP FUNCTION reports_words_added();
DROP FUNCTION reports_words_removed();
DROP FUNCTION reports_words_changed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0035_plan_follow_up"),
    ]

    operations = [
        migrations.CreateModel(
            name="WordTally",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "year",
                        "kind",
                        "period",
                        "part",
                        "word",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年份")),
                ("kind", models.CharField(max_length=30, verbose_name="报告类型")),
                ("period", models.CharField(max_length=20, verbose_name="期间")),
                ("part", models.CharField(max_length=20, verbose_name="所在部分")),
                ("word", models.CharField(max_length=12, verbose_name="词")),
                ("count", models.IntegerField(verbose_name="次数")),
            ],
            options={
                "verbose_name": "年度词频",
                "verbose_name_plural": "年度词频",
                "indexes": [models.Index(fields=["word"], name="word_tally_word")],
            },
        ),
        migrations.CreateModel(
            name="ReportWords",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "part",
                    models.CharField(
                        choices=[
                            ("preamble", "开篇"),
                            ("achievements", "工作成效"),
                            ("problems", "存在问题"),
                            ("plans", "工作计划"),
                            ("other", "其他"),
                        ],
                        max_length=20,
                        verbose_name="所在部分",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(null=True, verbose_name="年份")),
                ("kind", models.CharField(max_length=30, verbose_name="报告类型")),
                ("period", models.CharField(max_length=20, verbose_name="期间")),
                (
                    "words",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.CharField(max_length=12), size=None, verbose_name="词"
                    ),
                ),
                (
                    "counts",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.PositiveIntegerField(), size=None, verbose_name="次数"
                    ),
                ),
                ("total", models.PositiveIntegerField(verbose_name="计入的词数")),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="word_counts",
                        to="reports.report",
                        verbose_name="报告",
                    ),
                ),
            ],
            options={
                "verbose_name": "报告词频",
                "verbose_name_plural": "报告词频",
                "constraints": [models.UniqueConstraint(fields=("report", "part"), name="report_words_unique_part")],
            },
        ),
        migrations.RunSQL(TRIGGERS, reverse_sql=DROP_TRIGGERS),
    ]
