"""The archive's data: townships, their reports, each report's section tree, and the problems
(Issue) and plans it lists. Parsing lives in reports.parsing; writes go through reports.services."""

from __future__ import annotations

import re
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse

from reports.copying.followup import FOLLOW_UPS
from reports.parsing import Period as ParsedPeriod
from reports.parsing import ReportKind as ParsedKind
from reports.parsing import SectionKind as ParsedSectionKind
from reports.reading import Format
from reports.search.vectors import INDEXED_FIELDS, TERMS_FUNCTION


class Township(models.Model):
    """A 镇, 乡, 街道 or 苏木. Masked names (*镇) are never stored here: such reports have no township."""

    name = models.CharField("名称", max_length=50)
    county = models.CharField("县（旗、区、市）", max_length=50, blank=True)
    prefecture = models.CharField("地级市（州、盟）", max_length=50, blank=True)
    province = models.CharField("省（自治区）", max_length=50, blank=True)

    class Meta:
        verbose_name = "乡镇"
        verbose_name_plural = "乡镇"
        ordering = ["county", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "county"], name="township_unique_name_in_county")]

    def __str__(self) -> str:
        return self.full_name(self.name, self.county)

    @staticmethod
    def full_name(name: str, county: str) -> str:
        """'和平县白杨镇': how a township is named where several counties may have one of that name."""
        return f"{county}{name}"


class Theme(models.Model):
    """A theme of problems (作风纪律, 招商引资, …) and the keywords that assign it: data editors refine."""

    name = models.CharField("主题", max_length=30, unique=True)
    keywords = models.TextField("关键词", help_text="每行一个，或用顿号、逗号分隔；问题的文字含任一关键词即归入此主题")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "问题主题"
        verbose_name_plural = "问题主题"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [word for word in re.split(r"[\n、，,;；\s]+", self.keywords) if word]


class Formula(models.Model):
    """A formula of the genre (a meeting dateline, a standard slogan): boilerplate to the copy check from the
    first report, and not counted as a word (reports.copying.formulas). Shipped, then edited by staff."""

    text = models.CharField(
        "套话",
        max_length=100,
        unique=True,
        help_text="标点和空格不影响匹配；“*”代表几个字，如“人民代表大会第*次会议”。至少 4 个字。",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "套话"
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text


class OriginalFile(models.Model):
    """A file as it was uploaded or ingested, kept whole (content-addressed by its SHA-256) so that a better
    reader can read it again later (`reparse --reread`) and a reader can download what was sent.

    A report keeps every form it came in (its .doc, its scan, a photo of its first pages): each is an
    OriginalFile of that report. The same bytes always read as the same text, so a file is a form of one
    report at most; `Report.original` is the form its stored text was read from."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True, editable=False)
    name = models.CharField("文件名", max_length=255)
    format = models.CharField("格式", max_length=10, choices=[(f.value, f.label) for f in Format])
    size = models.PositiveIntegerField("大小（字节）")
    pages = models.PositiveIntegerField("页数", null=True, blank=True, help_text="PDF 与图片的页数")
    content = models.BinaryField("内容")
    report = models.ForeignKey(
        "Report", verbose_name="所属报告", null=True, blank=True, on_delete=models.SET_NULL, related_name="forms"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="添加人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        verbose_name = "原始文件"
        verbose_name_plural = "原始文件"

    def __str__(self) -> str:
        return self.name

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()


class Report(models.Model):
    class Period(models.TextChoices):
        ANNUAL = ParsedPeriod.ANNUAL, "全年"
        FIRST_HALF = ParsedPeriod.FIRST_HALF, "上半年"
        SECOND_HALF = ParsedPeriod.SECOND_HALF, "下半年"

    class Kind(models.TextChoices):
        ANNUAL_SUMMARY = ParsedKind.ANNUAL_SUMMARY, "年度工作总结"
        HALF_YEAR_SUMMARY = ParsedKind.HALF_YEAR_SUMMARY, "半年工作总结"
        DUTY_REPORT = ParsedKind.DUTY_REPORT, "述职报告"
        PARTY_BUILDING = ParsedKind.PARTY_BUILDING, "党建工作报告"
        GOVERNMENT = ParsedKind.GOVERNMENT, "政府工作报告"
        LEADERSHIP = ParsedKind.LEADERSHIP, "班子工作汇报"
        WORK_PLAN = ParsedKind.WORK_PLAN, "工作要点（计划）"
        OTHER = ParsedKind.OTHER, "其他"

    class CopiedFrom(models.TextChoices):
        """Whom a report's copied passages (查重) stand in: the list filters and counts by it."""

        NONE = "none", "未发现复制"
        SELF = "self", "本乡镇往年（自我重复）"
        OTHERS = "others", "其他乡镇"
        BOTH = "both", "本乡镇往年和其他乡镇"

    # Fields an editor may correct by hand; re-parsing keeps the corrected ones (see edited_fields).
    EDITABLE_FIELDS = ("township", "county", "year", "period", "kind", "title")

    township = models.ForeignKey(
        Township, verbose_name="乡镇", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    masked_township = models.CharField("隐去的乡镇名", max_length=30, blank=True, help_text="如 *镇、XX镇")
    county = models.CharField("县（旗、区、市）", max_length=50, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True, help_text="报告所总结的工作年份")
    period = models.CharField("期间", max_length=20, choices=Period.choices, default=Period.ANNUAL)
    kind = models.CharField("类型", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField("标题", max_length=200, blank=True)
    source_name = models.CharField("原文件名", max_length=255, blank=True)
    encoding = models.CharField("原文件格式与编码", max_length=40, blank=True)
    original = models.ForeignKey(
        OriginalFile, verbose_name="原始文件", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    text = models.TextField("全文（已规范化）")
    characters = models.PositiveIntegerField("字数", default=0, editable=False)
    # preparing.text_digest: the normalised text without whitespace, so a .doc and its PDF are one report
    sha256 = models.CharField("全文 SHA-256", max_length=64, unique=True, editable=False)
    warnings = models.JSONField("解析提示", default=list, blank=True)
    edited_fields = models.JSONField("人工修改过的字段", default=list, blank=True)
    parser_version = models.PositiveSmallIntegerField("解析器版本", default=0)
    # The copy check's summary (services.record_copies, from CopyPassage); empty until it has run.
    copy_ratio = models.FloatField("总文字复制比", null=True, blank=True, editable=False)
    copy_top_ratio = models.FloatField("单源最大复制比", null=True, blank=True, editable=False)
    copy_top_source = models.ForeignKey(
        "self",
        verbose_name="最大来源",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    copied_from = models.CharField("复制来源", max_length=10, choices=CopiedFrom.choices, blank=True, editable=False)
    # Where its formulas (套话, left out of the ratios) stand: [[start, end], …] into the text, from its last check.
    copy_boilerplate = models.JSONField("套话位置", default=list, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "工作报告"
        verbose_name_plural = "工作报告"
        ordering = ["-year", "township__name", "id"]
        indexes = [
            models.Index(fields=["year", "kind"]),
            models.Index(fields=["county"]),
            models.Index(F("copy_ratio").desc(nulls_last=True), "id", name="report_copy_ratio"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1980, year__lte=2100), name="report_year_plausible"
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    def save(self, *args, **kwargs):
        self.characters = len(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.pk])

    @classmethod
    def field_label(cls, name: str) -> str:
        """A field's Chinese name (its verbose_name), as the admin, the preview and the command line show it."""
        field = cls._meta.get_field(name)
        return str(getattr(field, "verbose_name", name))

    @property
    def township_label(self) -> str:
        if self.township_id and self.township:  # the id first: no query for a report without one
            return self.township.name
        return f"{self.masked_township}（名称已隐去）" if self.masked_township else "（乡镇未知）"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        year = f"{self.year}年" if self.year else "年份未知"
        return f"{self.township_label} {year}{self.get_kind_display()}"


class ReportVersion(models.Model):
    """A text a report had before it was replaced (by a better form of it, or by reading its original again):
    kept whole, so that no replacement loses what was there."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="versions")
    text = models.TextField("全文")
    sha256 = models.CharField("全文 SHA-256", max_length=64)
    source_name = models.CharField("原文件名", max_length=255, blank=True)
    encoding = models.CharField("原文件格式与编码", max_length=40, blank=True)
    reason = models.CharField("替换原因", max_length=200)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="替换人", null=True, blank=True, on_delete=models.SET_NULL
    )
    replaced_at = models.DateTimeField("替换时间", auto_now_add=True)

    class Meta:
        verbose_name = "全文的旧版本"
        verbose_name_plural = "全文的旧版本"
        ordering = ["report", "-replaced_at"]

    def __str__(self) -> str:
        return f"{self.report_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Section(models.Model):
    """A part of a report: its heading, its own text (up to its first sub-section) and its place."""

    class Kind(models.TextChoices):
        PREAMBLE = ParsedSectionKind.PREAMBLE, "开篇"
        ACHIEVEMENTS = ParsedSectionKind.ACHIEVEMENTS, "工作成效"
        PROBLEMS = ParsedSectionKind.PROBLEMS, "存在问题"
        PLANS = ParsedSectionKind.PLANS, "工作计划"
        OTHER = ParsedSectionKind.OTHER, "其他"

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", verbose_name="上级章节", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField("层级")
    order = models.PositiveIntegerField("顺序", help_text="在报告中的阅读顺序")
    number = models.CharField("序号", max_length=20, blank=True)
    heading = models.CharField("标题", max_length=500, blank=True)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    text = models.TextField("正文")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")

    class Meta:
        verbose_name = "章节"
        verbose_name_plural = "章节"
        ordering = ["report", "order"]
        # The reports list counts the reports with a problems part: one index entry per such section.
        indexes = [models.Index(fields=["report"], condition=Q(kind="problems"), name="section_problems")]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="section_unique_order"),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="section_span_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.heading}".strip() or self.get_kind_display()


class ListedItem(models.Model):
    """What problems and plans share: one item of a part, in order, with its place in the text."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="%(class)ss")
    section = models.ForeignKey(Section, verbose_name="所在章节", on_delete=models.CASCADE, related_name="%(class)ss")
    order = models.PositiveIntegerField("顺序")
    title = models.CharField("概要", max_length=500)
    text = models.TextField("全文")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")

    class Meta:
        abstract = True
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return self.title


class Issue(ListedItem):
    """One problem a report lists (存在的问题), tagged with its themes."""

    themes = models.ManyToManyField(Theme, verbose_name="主题", blank=True, related_name="issues")
    # The years its township reports this problem in, when two or more (老问题); services keep it current.
    recurring_years = ArrayField(
        models.PositiveSmallIntegerField(), verbose_name="反复出现的年份", default=list, db_default=[], blank=True
    )

    class Meta(ListedItem.Meta):
        verbose_name = "问题"
        verbose_name_plural = "问题"
        constraints = [models.UniqueConstraint(fields=["report", "order"], name="issue_unique_order")]


class Plan(ListedItem):
    """One item of a report's plans (下一步工作打算), and what the township's next report says of it
    (reports.copying.followup): done, planned again, not mentioned, or no next report, with the sentence that
    counts. Recomputed when the township's reports change, unless a person set it (`follow_up_checked`)."""

    follow_up = models.CharField("次年落实情况", max_length=20, choices=FOLLOW_UPS, blank=True, db_default="")
    # Defaults in the database too: plans are written by COPY (services.store), which names no new column.
    evidence = models.CharField("依据（次年报告原句）", max_length=210, blank=True, db_default="")
    evidence_report = models.ForeignKey(
        Report, verbose_name="次年报告", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    follow_up_checked = models.BooleanField(
        "人工核定", default=False, db_default=False, help_text="由档案管理员核定，重新计算时保留"
    )

    class Meta(ListedItem.Meta):
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        constraints = [models.UniqueConstraint(fields=["report", "order"], name="plan_unique_order")]


class Figure(models.Model):
    """One figure a report gives (reports.parsing.figures): an achievement ('完成固定资产投资3.2亿元') or a target
    ('力争…5亿元'), with the indicator it measures. `indicator` is the name compared across years (synonyms made
    one: parsing.figures.indicator_of); `value` is in `unit` with 万 and 亿 folded in, None when masked."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="figures")
    section = models.ForeignKey(
        Section, verbose_name="所在章节", null=True, blank=True, on_delete=models.CASCADE, related_name="figures"
    )
    order = models.PositiveIntegerField("顺序")
    indicator = models.CharField("指标", max_length=100)
    subject = models.CharField("原文指标", max_length=200)
    value = models.FloatField("数值", null=True, blank=True)
    high = models.FloatField("区间上限", null=True, blank=True)
    unit = models.CharField("单位", max_length=10)
    target = models.BooleanField("是目标", default=False)
    modifier = models.CharField("修饰词", max_length=10, blank=True)
    change = models.BooleanField("是增减幅度", default=False)
    masked = models.BooleanField("原文已隐去", default=False)
    text = models.CharField("原文", max_length=60)
    sentence = models.CharField("所在句子", max_length=210)
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")

    class Meta:
        verbose_name = "数字指标"
        verbose_name_plural = "数字指标"
        ordering = ["report", "order"]
        indexes = [models.Index(fields=["indicator", "unit"], name="figure_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.text}"


class ReportWords(models.Model):
    """A report's counted words in one of its parts (reports.vocabulary): word statistics (/words/) sum them.
    The report's year, kind and period are copied here (kept in step by a trigger on Report, 0036) so that
    WordTally's triggers read this table alone."""

    report = models.ForeignKey(Report, verbose_name="报告", on_delete=models.CASCADE, related_name="word_counts")
    part = models.CharField("所在部分", max_length=20, choices=Section.Kind.choices)
    year = models.PositiveSmallIntegerField("年份", null=True)
    kind = models.CharField("报告类型", max_length=30)
    period = models.CharField("期间", max_length=20)
    words = ArrayField(models.CharField(max_length=12), verbose_name="词")
    counts = ArrayField(models.PositiveIntegerField(), verbose_name="次数")
    total = models.PositiveIntegerField("计入的词数")

    class Meta:
        verbose_name = verbose_name_plural = "报告词频"
        constraints = [models.UniqueConstraint(fields=["report", "part"], name="report_words_unique_part")]

    def __str__(self) -> str:
        return f"#{self.report_id} {self.get_part_display()}"


class WordTally(models.Model):
    """The archive's word counts summed by year, kind, period and part: what /words/ reads when no county or
    township narrows it (tens of thousands of rows, not the millions of every report's). Written only by
    PostgreSQL triggers on ReportWords (0036), so it cannot fall out of step with the reports."""

    pk = models.CompositePrimaryKey("year", "kind", "period", "part", "word")
    year = models.PositiveSmallIntegerField("年份")
    kind = models.CharField("报告类型", max_length=30)
    period = models.CharField("期间", max_length=20)
    part = models.CharField("所在部分", max_length=20)
    word = models.CharField("词", max_length=12)
    count = models.IntegerField("次数")

    class Meta:
        verbose_name = verbose_name_plural = "年度词频"
        indexes = [models.Index(fields=["word"], name="word_tally_word")]

    def __str__(self) -> str:
        return f"{self.year} {self.word} {self.count}"


SEARCH_INDEX = "passage_terms_gin"  # the GIN index of Passage: the one way a search reaches passages
# Its expression: the passage's n-grams and its filterable fields (reports.search.vectors.INDEXED_FIELDS).
SEARCH_TERMS = Func(
    F("text"), *(F(name) for name, _ in INDEXED_FIELDS), function=TERMS_FUNCTION, output_field=SearchVectorField()
)


class Passage(models.Model):
    """What the search index sees: a stretch of one section (long sections are cut into several), or one
    issue. It copies the report's filterable fields so a search needs no join; services keep it current."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="passages")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="passages")
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="passages")
    # Not issue_id IS NULL: the planner would walk that index instead of the GIN one.
    is_issue = models.BooleanField(default=False)
    heading_chars = models.PositiveSmallIntegerField(default=0, help_text="how much of the text is the heading")
    start = models.PositiveIntegerField(help_text="where the passage starts in the report text")
    end = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField(null=True)
    period = models.CharField(max_length=20)
    report_kind = models.CharField(max_length=30)
    section_kind = models.CharField(max_length=20)
    # No index of its own: only the GIN index (which holds it) may reach passages in a search, or the planner
    # would reach a township's by this one and compute each one's n-grams to filter them.
    township = models.ForeignKey(Township, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False)
    county = models.CharField(max_length=50, blank=True)
    # The themes of the issue, or of the section's issues: facets and the theme filter need no join.
    theme_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    # The passage's own stretch of text: the GIN index holds its n-grams, computed by PostgreSQL from it
    # (archive_terms, reports.search.vectors), so that no vector is stored beside it.
    text = models.TextField(default="")
    index_version = models.CharField(max_length=16)

    class Meta:
        verbose_name = "索引段落"
        verbose_name_plural = "索引段落"
        # Only the GIN index serves searches; a condition on a field it does not hold filters its hits.
        indexes = [
            GinIndex(SEARCH_TERMS, name=SEARCH_INDEX),
            models.Index(fields=["index_version"], name="passage_version"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.start}-{self.end}"


class Fingerprint(models.Model):
    """One winnowed K-gram of a report's compared characters (reports.copying): the copy check finds the
    reports that share a run with a text by joining its fingerprints here, on the hash index."""

    pk = models.CompositePrimaryKey("report", "position")
    # No index of its own: the primary key (report, position) finds a report's fingerprints.
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="fingerprints", db_index=False)
    position = models.PositiveIntegerField(help_text="the K-gram's start among the report's compared characters")
    hash = models.IntegerField()

    class Meta:
        verbose_name = "查重指纹"
        verbose_name_plural = "查重指纹"
        indexes = [models.Index(fields=["hash"], name="fingerprint_hash")]

    def __str__(self) -> str:
        return f"{self.report_id}@{self.position}"


class CopyPassage(models.Model):
    """report.text[start:end] also stands in `source` (a run of 13 or more compared characters, boilerplate
    aside): the copy map. Written from both sides when a report is checked, so a report stored later shows
    on its sources' pages too without checking them again."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="copy_passages")
    source = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # Where the same run stands in the source's text: the side-by-side view pairs paragraphs from these, without
    # aligning the two texts again. Empty on passages stored before they were kept (the report is checked again).
    source_start = models.PositiveIntegerField(null=True)
    source_end = models.PositiveIntegerField(null=True)
    same_township = models.BooleanField(default=False)

    class Meta:
        verbose_name = "查重段落"
        verbose_name_plural = "查重段落"
        indexes = [models.Index(fields=["source"], name="copy_passage_source")]
        constraints = [
            # A stretch may stand twice in one source: each place is a passage of its own.
            models.UniqueConstraint(
                fields=["report", "source", "start", "end", "source_start"], name="copy_passage_unique"
            ),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="copy_passage_span"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}[{self.start}:{self.end}] ~ {self.source_id}"


class StagedUpload(models.Model):
    """An uploaded file on its way in: queued, read in the background (OCR page by page), then waiting for an
    editor to confirm or discard it in the admin's preview. Its state is here, not in a session, so the
    upload page is right after a reload or a server restart."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队等待读取"
        READING = "reading", "正在读取"
        AWAITING = "awaiting", "待确认"
        STORED = "stored", "已录入"
        REFUSED = "refused", "未能录入"
        DISCARDED = "discarded", "已放弃"

    LIVE = (Status.QUEUED, Status.READING, Status.AWAITING)  # on its way in: its original is kept for it

    batch = models.UUIDField("批次", db_index=True)
    filename = models.CharField("文件名", max_length=255)
    original = models.ForeignKey(
        OriginalFile, verbose_name="原始文件", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField("进度", max_length=60, blank=True, help_text="如：文字识别第 3/12 页")
    # A scan's pages to recognise, known when it is queued for OCR, and those done: the batch's progress and
    # time left are summed from these (and from when recognition started).
    pages_total = models.PositiveIntegerField("页数", default=0)
    pages_done = models.PositiveIntegerField("已识别页数", default=0)
    recognition_started_at = models.DateTimeField("开始识别时间", null=True, blank=True)
    reason = models.TextField("说明", blank=True, help_text="未能录入的原因")
    encoding = models.CharField("格式与编码", max_length=40, blank=True)
    text = models.TextField("读出的文字", blank=True)
    pages = models.JSONField("各页", default=list, blank=True, help_text="每页的读取方式与识别可信度")
    # The copy check made when the file was read (copies.CopyCheck.summary, and the report it is mostly a form
    # of): the batch page shows it without checking again on every load.
    checked = models.JSONField("读取时的查重", default=dict, blank=True)
    # The editor's corrections kept before confirming (services.uploads.Corrections): field -> value (None when
    # cleared), who set it (the batch's form or the editor), and the choice for a form of a stored report.
    corrections = models.JSONField("修改", default=dict, blank=True)
    report = models.ForeignKey(
        Report, verbose_name="报告", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "上传的文件"
        verbose_name_plural = "上传的文件"
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        """Nothing more will happen to it without the editor."""
        return self.status not in (self.Status.QUEUED, self.Status.READING)

    @property
    def doubtful_pages(self) -> list[int]:
        """Pages read by OCR with a low score: the preview asks the editor to check them."""
        return [page["number"] for page in self.pages if page.get("doubtful")]


class SavedSearch(models.Model):
    """A search a signed-in reader follows: an e-mail lists the reports it finds that were stored since the
    last one (services.following, a periodic job). The query and the filters are kept as the search page
    validated them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE)
    query = models.CharField("检索词", max_length=300)
    filters = models.JSONField("筛选条件", default=dict, blank=True)
    created_at = models.DateTimeField("保存时间", auto_now_add=True)
    sent_until = models.DateTimeField("已通知到", help_text="此时间之前录入的报告已经通知过")

    class Meta:
        verbose_name = verbose_name_plural = "保存的检索"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "query", "filters"], name="saved_search_once")]

    def __str__(self) -> str:
        return self.query
