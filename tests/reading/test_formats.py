"""The five seeds in every format they arrive in parse as their .txt does (seeds/expected.json): Word 97,
WPS, RTF, ODT, .docx, a PDF's text layer, a GBK government web page and its .mht, and 150-dpi scans."""

import io
import json

import pytest

from bench.samples import docx_of, expected_fields, government_page, mht, scanned_pdf
from reports.parsing import parse_report
from reports.parsing.export import report_to_dict
from reports.reading import DEFAULT_LIMITS, Format, PageMethod, UnreadableDocument, read_document
from reports.reading.ocr import available as ocr_available
from tests.conftest import SEEDS, seed_files

FORMATS = SEEDS.parent / "tests" / "fixtures" / "formats"
EXPECTED = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
IDS = [path.name[:3] for path in seed_files()]


def parsed(data: bytes, name: str) -> dict:
    document = read_document(data, filename=name, limits=DEFAULT_LIMITS)
    return report_to_dict(parse_report(document.text, name), encoding=document.description)


def structure(report: dict) -> dict:
    """Everything parse_report --json says but the encoding, the title (a page has one) and offsets."""

    def section(s):
        return (s["number"], s["heading"], s["kind"], s["level"], [section(c) for c in s["children"]])

    kept = ("township", "masked_township", "county", "year", "period", "kind")
    return {
        **{key: report[key] for key in kept},
        "sections": [section(s) for s in report["sections"]],
        "issues": [(i["title"], i["themes"]) for i in report["issues"]],
        "plans": [p["title"] for p in report["plans"]],
    }


@pytest.mark.parametrize("path", seed_files(), ids=IDS)
@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt"])
def test_office_files_parse_exactly_as_the_text(path, suffix):
    source = parsed(path.read_bytes(), path.name)
    converted = parsed((FORMATS / path.name).with_suffix(suffix).read_bytes(), path.stem + suffix)
    assert {k: v for k, v in converted.items() if k != "encoding"} == {
        k: v for k, v in source.items() if k != "encoding"
    }


@pytest.mark.parametrize("path", seed_files(), ids=IDS)
def test_a_docx_parses_exactly_as_the_text(path):
    source = parsed(path.read_bytes(), path.name)
    converted = parsed(docx_of(path.read_text(encoding="utf-8")), path.stem + ".docx")
    assert structure(converted) == structure(source) and converted["characters"] == source["characters"]


def test_a_wps_file_is_read_as_the_word_97_file_it_is():
    document = read_document(
        (FORMATS / "000_4ccb42b5d963b38f.doc").read_bytes(), filename="班子.wps", limits=DEFAULT_LIMITS
    )
    assert document.format is Format.WPS and document.description == "WPS 文字（.wps）"


@pytest.mark.parametrize("path", seed_files(), ids=IDS)
def test_a_pdf_text_layer_gives_every_expected_field(path):
    report = parsed((FORMATS / path.name).with_suffix(".pdf").read_bytes(), path.stem + ".pdf")
    right, total = expected_fields(report, EXPECTED[path.name])
    assert right == total
    assert report["encoding"] == "PDF"


@pytest.mark.parametrize("path", seed_files(), ids=IDS)
@pytest.mark.parametrize("wrap", ["html", "mht"])
def test_a_government_web_page_gives_every_expected_field_and_no_site_chrome(path, wrap):
    page = government_page(path.read_text(encoding="utf-8"))
    data = page if wrap == "html" else mht(page)
    document = read_document(data, filename=f"{path.stem}.{wrap}", limits=DEFAULT_LIMITS)
    for chrome in ("网站首页", "当前位置", "发布时间", "浏览次数", "分享到", "相关链接", "版权所有", "ICP备"):
        assert chrome not in document.text
    assert document.encoding == "GB2312"
    report = report_to_dict(parse_report(document.text, path.name))
    right, total = expected_fields(report, EXPECTED[path.name])
    assert right == total


def test_a_doc_that_holds_a_web_page_or_rtf_is_read_as_what_it_holds():
    text = (SEEDS / "003_8ed8cfca5c16b57e.txt").read_text(encoding="utf-8")
    as_page = read_document(government_page(text), filename="导出.doc", limits=DEFAULT_LIMITS)
    as_rtf = read_document(
        (FORMATS / "003_8ed8cfca5c16b57e.rtf").read_bytes(), filename="导出.doc", limits=DEFAULT_LIMITS
    )
    assert (as_page.format, as_rtf.format) == (Format.HTML, Format.RTF)


def test_a_pdf_named_txt_is_read_as_a_pdf():
    document = read_document(
        (FORMATS / "003_8ed8cfca5c16b57e.pdf").read_bytes(), filename="假的.txt", limits=DEFAULT_LIMITS
    )
    assert document.format is Format.PDF and "全面加强党的建设" in document.text


@pytest.mark.skipif(not ocr_available(), reason="OCR (rapidocr-onnxruntime) is not installed")
@pytest.mark.parametrize("path", seed_files()[3:], ids=IDS[3:])
def test_a_150_dpi_scan_gives_at_least_nine_fields_in_ten(path):
    scan = scanned_pdf((FORMATS / path.name).with_suffix(".pdf").read_bytes())
    document = read_document(scan, filename="扫描件.pdf", limits=DEFAULT_LIMITS)
    assert {page.method for page in document.pages} == {PageMethod.OCR}
    assert all(page.confidence > 0.9 for page in document.pages)
    right, total = expected_fields(report_to_dict(parse_report(document.text, "扫描件.pdf")), EXPECTED[path.name])
    assert right >= 0.9 * total
    if path.name.startswith("004"):
        assert "*镇" in document.text  # masks come through as masks


@pytest.mark.skipif(not ocr_available(), reason="OCR (rapidocr-onnxruntime) is not installed")
def test_a_pdf_of_text_pages_and_scanned_pages_reads_each_as_it_can():
    import pypdfium2 as pdfium

    text_pdf = (FORMATS / "003_8ed8cfca5c16b57e.pdf").read_bytes()
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(text_pdf), [0])
    mixed.import_pages(pdfium.PdfDocument(scanned_pdf(text_pdf)), [1])
    buffer = io.BytesIO()
    mixed.save(buffer)
    document = read_document(buffer.getvalue(), filename="混合.pdf", limits=DEFAULT_LIMITS)
    assert [page.method for page in document.pages] == [PageMethod.TEXT_LAYER, PageMethod.OCR]
    assert document.description == "PDF（OCR 1/2 页）"
    whole = read_document(text_pdf, filename="x.pdf", limits=DEFAULT_LIMITS).text
    assert whole[:200] in document.text and whole[-15:] in document.text.replace(" ", "")


def test_a_page_keeps_sentences_that_merely_mention_a_source():
    text = (
        "白杨镇2022年工作总结\n一、主要成效\n群众收入来源不断拓宽，资金来源：财政与社会资本各半。\n"
        "二、存在的问题\n一是产业单一。二是基础薄弱。"
    )
    document = read_document(government_page(text), filename="x.html", limits=DEFAULT_LIMITS)
    assert "群众收入来源不断拓宽" in document.text and "发布时间" not in document.text
    assert "资金来源：财政与社会资本各半" in document.text


def test_only_scans_and_photos_need_ocr():
    """What decides the queue a file waits in: a text PDF or a .doc is read at once, a scan waits for OCR."""
    from bench.samples import docx_of, scanned_pdf
    from reports.reading import needs_ocr
    from reports.reading.ocr import available

    text_pdf = (FORMATS / "004_088a82f410e5b682.pdf").read_bytes()
    assert not needs_ocr(text_pdf, "x.pdf") and not needs_ocr(docx_of("一、主要工作\n做了工作。"), "x.docx")
    assert not needs_ocr(b"PK\x03\x04broken", "坏.docx")  # refused by the reader, in the cheap queue
    assert needs_ocr(scanned_pdf(text_pdf), "扫描.pdf") == available()


@pytest.mark.skipif(not ocr_available(), reason="OCR (rapidocr-onnxruntime) is not installed")
def test_a_poor_scan_says_page_by_page_how_far_it_is_and_which_lines_to_check():
    """A 75-dpi scan saved as a rough JPEG: the preview's progress is told (page, pages), and the lines the
    recogniser was unsure of are kept, each as it stands in the text, for the preview to mark."""
    text_pdf = (FORMATS / "001_63944fab751146e4.pdf").read_bytes()
    told = []
    document = read_document(
        scanned_pdf(text_pdf, dpi=75, quality=15),
        filename="模糊.pdf",
        limits=DEFAULT_LIMITS,
        progress=lambda page, pages: told.append((page, pages)),
    )
    assert told == [(1, 2), (2, 2)]
    assert all(page.doubtful for page in document.pages)
    lines = [line for page in document.pages for line in page.doubtful_lines]
    assert lines and all(line in document.text for line in lines)


def test_a_scan_s_pages_are_drawn_as_pictures_for_the_preview_within_the_limits():
    from dataclasses import replace

    from PIL import Image

    from bench.samples import pdf_with_image, png_of_size
    from reports.reading import page_count, page_picture

    text_pdf = (FORMATS / "003_8ed8cfca5c16b57e.pdf").read_bytes()
    assert page_count(text_pdf, "x.pdf", DEFAULT_LIMITS) == 2 and page_count(b"text", "x.txt", DEFAULT_LIMITS) == 0
    picture = Image.open(io.BytesIO(page_picture(text_pdf, "x.pdf", 2, DEFAULT_LIMITS)))
    assert picture.format == "JPEG" and 800 <= picture.width <= 1000 and picture.height > picture.width
    photo = Image.open(io.BytesIO(page_picture(png_of_size(3000, 2000), "照片.png", 1, DEFAULT_LIMITS)))
    assert photo.size == (1000, 667)  # a phone's photo shrunk to the display width
    small = replace(DEFAULT_LIMITS, max_image_pixels=1_000_000)
    with pytest.raises(UnreadableDocument, match="像素"):
        page_picture(pdf_with_image(2000, 2000), "大图.pdf", 1, small)  # checked before PDFium decodes it
    with pytest.raises(UnreadableDocument, match="没有第 3 页"):
        page_picture(text_pdf, "x.pdf", 3, DEFAULT_LIMITS)
    with pytest.raises(UnreadableDocument, match="没有页面图像"):
        page_picture(docx_of("一、主要工作"), "x.docx", 1, DEFAULT_LIMITS)
