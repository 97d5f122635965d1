"""A 查重 result as readers see, print and download it, in CNKI's manner: the summary (总文字复制比, 单源最大
复制比, the ratio without the same township's earlier reports), each part's rate, the text with its copied
stretches marked and numbered by source, and each source beside the text. One shape for a stored report
(from the copy map) and for a text a reader checks on /copies/check/ (checked now, stored nowhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings

from reports.copying import Comparable, comparable
from reports.copying.bands import Band, band_of
from reports.copying.compare import Pair, PartRate, Stretch, by_line, pairs_from_passages, rates, stretches
from reports.models import Report, Township
from reports.parsing import ParsedReport, parse_report
from reports.reading import UnreadableDocument, needs_ocr, read_document
from reports.reading.limits import MB
from reports.selectors.copies import CopyCheck, Source, check_text, part_spans, report_parts, stored_copy_check

PRINTED_SOURCES = 10  # sources shown beside the text in the print view (全文对照), most copied first


@dataclass(frozen=True)
class NumberedSource:
    number: int  # [1], [2] …: how the marked text names it
    source: Source


@dataclass(frozen=True)
class SourceBeside:
    """One source and the paragraphs of the text it shares, side by side (全文对照)."""

    number: int
    source: Source
    pairs: list[Pair]


@dataclass
class CopyResult:
    title: str
    township: str
    year: int | None
    text: str
    check: CopyCheck
    part_spans: list[tuple[str, int, int]]  # (label, start, end) of each top-level part, rated in `parts`
    report: Report | None = None  # the stored report checked; None for a text checked on /copies/check/
    notes: list[str] = field(default_factory=list)  # what the reader should know (a text cut at the limit)

    @cached_property
    def compared(self) -> Comparable:
        """The text's compared characters, made once for every measure of the page (a pass over the text)."""
        return comparable(self.text)

    @cached_property
    def parts(self) -> list[PartRate]:
        """CNKI's rate per part."""
        return rates(self.text, [(p.start, p.end) for p in self.check.passages], self.part_spans, self.compared)

    @cached_property
    def numbered(self) -> list[NumberedSource]:
        return [NumberedSource(n, source) for n, source in enumerate(self.check.sources, 1)]

    @cached_property
    def number_of(self) -> dict[int, int]:
        return {item.source.report_id: item.number for item in self.numbered}

    @property
    def ratio(self) -> float:
        return self.check.ratio

    @property
    def band(self) -> Band:
        return band_of(self.check.ratio)

    @property
    def top_source(self) -> Source | None:
        """单源最大复制比: the source that holds most of the text."""
        return self.check.sources[0] if self.check.sources else None

    @cached_property
    def ratio_without_own(self) -> float:
        """The ratio with the same township's earlier reports set aside (CNKI's 去除本人文献复制比): a township
        reusing its own words is not copying another's."""
        others = {s.report_id for s in self.check.sources if not s.same_township}
        spans = [(p.start, p.end) for p in self.check.passages if p.report_id in others]
        return round(len(self.compared.within(spans)) / self.check.characters, 4) if self.check.characters else 0.0

    @cached_property
    def lines(self) -> list[list[Stretch]]:
        """The text's paragraphs, cut into stretches copied (with their source), boilerplate, and neither."""
        copied = ((p.start, p.end, p.report_id) for p in self.check.passages)
        marked = stretches(self.text, copied, self.check.boilerplate)
        return by_line(marked) if self.check.passages or self.check.boilerplate else []

    def beside(self, limit: int = PRINTED_SOURCES) -> list[SourceBeside]:
        """The first `limit` sources, each with the paragraphs it shares with the text (reads their texts)."""
        shown = self.numbered[:limit]
        texts = Report.objects.in_bulk([item.source.report_id for item in shown])
        found = []
        for item in shown:
            passages = [
                (p.start, p.end, p.source_start) for p in self.check.passages if p.report_id == item.source.report_id
            ]
            source = texts.get(item.source.report_id)
            pairs = pairs_from_passages(self.text, source.text, passages, self.compared) if source else []
            found.append(SourceBeside(item.number, item.source, pairs))
        return found


def stored_result(report: Report) -> CopyResult | None:
    """A stored report's 查重, from the copy map; None while its background check has not run."""
    check = stored_copy_check(report)
    if check is None:
        return None
    parts = report_parts(report)
    return CopyResult(report.display_title, report.township_label, report.year, report.text, check, parts, report)


def checked_result(parsed: ParsedReport, *, notes: list[str] | None = None) -> CopyResult:
    """A text checked now against every stored report (nothing is stored): its township, when the parser
    finds one the archive knows, tells its own earlier reports from other townships'."""
    meta = parsed.metadata
    township = Township.objects.filter(name=meta.township).order_by("id").first() if meta.township else None
    check = check_text(parsed.text, township_id=township.pk if township else None)
    top = [(s.heading, str(s.kind), s.start) for s in parsed.all_sections() if s.level == 1]
    parts = part_spans(len(parsed.text), top)
    title = meta.title or "（粘贴的文字）"
    label = meta.township or meta.masked_township or "乡镇未知"
    return CopyResult(title, label, meta.year, parsed.text, check, parts, None, notes or [])


def check_pasted(text: str, notes: list[str] | None = None) -> CopyResult:
    """A pasted text (or a file's, read), checked now: cut at ARCHIVE_CHECK_MAX_CHARACTERS, which bounds the work."""
    notes = list(notes or [])
    most = settings.ARCHIVE_CHECK_MAX_CHARACTERS
    if len(text) > most:
        text = text[:most]
        notes.append(f"文字超过 {most:,} 字，只检查了前 {most:,} 字。")
    return checked_result(parse_report(text), notes=notes)


def check_file(data: bytes, filename: str) -> CopyResult:
    """A file read within the archive's reading limits and checked now. Raises UnreadableDocument, with the
    reason in Chinese: for a scan too, which would need OCR (seconds a page) that a reader's request does not
    wait for. A file may be as large as one Word file may be (ARCHIVE_MAX_UPLOAD_MB), whatever its kind."""
    limits = settings.ARCHIVE_LIMITS
    if len(data) > limits.max_file_bytes:
        raise UnreadableDocument(
            f"网页查重的文件不能超过 {limits.max_file_bytes // MB} MB：请只上传报告本身，或粘贴文字。"
        )
    if needs_ocr(data, filename, limits):
        raise UnreadableDocument(
            "这是扫描件或照片，要先做文字识别（每页要几秒），网页查重不做识别。请上传 Word、WPS 或文字版 PDF，"
            "或粘贴文字；也可以请档案管理员录入后，在报告的查重页查看。"
        )
    document = read_document(data, filename=filename, limits=limits)
    return check_pasted(document.text, [f"检查的文件：{filename}（{document.description}）"])
