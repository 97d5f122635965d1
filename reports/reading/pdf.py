"""PDF -> text: each page's text layer where it has one, OCR of the rendered page where it is a scan;
then the printed lines are reflowed into paragraphs. pypdfium2 (PDFium in the wheel) was chosen over
pdfminer.six and pypdf: the same text on the seeds' PDFs, 7× and 4× faster (bench_reading)."""

from __future__ import annotations

import re
from typing import Any

from . import ocr
from .errors import UnreadableDocument, too_many_pixels
from .limits import Limits
from .ocr import Progress
from .reflow import Line, reflow
from .text import checked_text
from .types import Format, PageMethod, PageReading, ReadDocument

OCR_DPI = 150  # scans are made at 150-300 dpi; a 三号 character is then 30 pixels or more, enough to read
_TEXT_LAYER_MIN = 10  # visible characters below which a page is taken for a scan


def read_pdf(data: bytes, limits: Limits, *, progress: Progress | None = None) -> ReadDocument:
    import pypdfium2 as pdfium  # here, not at the top: the web process never reads a PDF

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableDocument("PDF 文件已加密（设有打开密码），请去掉密码后再上传") from error
        raise UnreadableDocument("无法打开这个 PDF 文件：文件已损坏，或并非 PDF") from error
    try:
        count = len(document)
        if count > limits.max_pages:
            raise UnreadableDocument(f"PDF 共 {count} 页，超过 {limits.max_pages} 页的上限，不像是一份工作报告")
        pages, readings = [], []
        for number in range(count):
            lines, reading = _read_page(document, number, count, limits, progress)
            pages.append(lines)
            readings.append(reading)
    finally:
        document.close()
    text = reflow(pages)
    if not text.strip() and not ocr.available():
        raise UnreadableDocument("这是扫描版 PDF（没有文字层），服务器未安装文字识别（OCR）组件 rapidocr-onnxruntime")
    return ReadDocument(text=checked_text(text, limits), format=Format.PDF, pages=tuple(readings))


def has_text_layer(data: bytes, pages: int = 3) -> bool:
    """Whether the first pages of a PDF carry text (else it is a scan for OCR): a look at their text layer,
    no rendering, so that a worker can tell in milliseconds which queue a file belongs in."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return True  # unreadable: the reader says why, in the cheap queue
    try:
        for number in range(min(pages, len(document))):
            page = document[number]
            try:
                lines = _text_layer(page)
            finally:
                page.close()
            if sum(len(re.sub(r"\s", "", line.text)) for line in lines) >= _TEXT_LAYER_MIN:
                return True
        return False
    finally:
        document.close()


def _read_page(
    document: Any, number: int, count: int, limits: Limits, progress: Progress | None
) -> tuple[list[Line], PageReading]:
    page = document[number]
    try:
        lines = _text_layer(page)
        visible = sum(len(re.sub(r"\s", "", line.text)) for line in lines)
        if visible >= _TEXT_LAYER_MIN or not ocr.available():
            return lines, PageReading(number + 1, PageMethod.TEXT_LAYER, visible)
        _check_images(page, number, limits)
        if progress:
            progress(number + 1, count)
        recognised = ocr.recognise(_render(page, limits, OCR_DPI, grayscale=True))
        return recognised.lines, recognised.reading(number + 1)
    finally:
        page.close()


def _text_layer(page: Any) -> list[Line]:
    """The page's printed lines with their left and right edges (from the first and last character's box)."""
    textpage = page.get_textpage()
    try:
        width = page.get_width() or 1.0
        lines, at = [], 0
        for text in textpage.get_text_range().split("\r\n"):
            if text.strip():
                left = textpage.get_charbox(at)[0]
                right = textpage.get_charbox(at + len(text) - 1)[2]
                lines.append(Line(text=text, left=left / width, right=right / width))
            at += len(text) + 2
        return lines
    finally:
        textpage.close()


def _check_images(page: Any, number: int, limits: Limits) -> None:
    """Refuse a page whose images declare more pixels than an image may have, before any is decoded: PDFium
    decodes an image whole to draw it, however small the page is rendered, so a 200 KB PDF holding a
    40000×40000 image would ask for gigabytes."""
    import pypdfium2.raw as pdfium_c

    sizes = [image.get_px_size() for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))]
    pixels = sum(width * height for width, height in sizes)
    if pixels > limits.max_image_pixels:
        size = "{}×{}".format(*sizes[0]) if len(sizes) == 1 else f"{len(sizes)} 张图片共 {pixels:,}"
        raise UnreadableDocument(too_many_pixels(size, limits.max_image_pixels, f"PDF 第 {number + 1} 页的图片"))


def _render(page: Any, limits: Limits, dpi: int, *, grayscale: bool) -> Any:
    """The page drawn in grey for OCR, as a height × width × 3 array."""
    import numpy

    bitmap = page.render(scale=_scale(page, limits, dpi), grayscale=grayscale)
    try:
        return numpy.ascontiguousarray(numpy.repeat(bitmap.to_numpy()[:, :, None], 3, axis=2))
    finally:
        bitmap.close()


def _scale(page: Any, limits: Limits, dpi: int) -> float:
    """Points to pixels at `dpi`, less where that would pass the pixel limit."""
    scale = dpi / 72
    width, height = page.get_width() * scale, page.get_height() * scale
    if width * height > limits.max_image_pixels:
        scale *= (limits.max_image_pixels / (width * height)) ** 0.5
    return scale


def page_picture(data: bytes, number: int, limits: Limits, *, dpi: int) -> Any:
    """Page `number` (from 1) drawn in colour, as a PIL image, for the preview to show beside its text; the
    page's images are checked against the pixel limit first, as for OCR."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadableDocument("无法打开这个 PDF 文件") from error
    try:
        if not 1 <= number <= len(document):
            raise UnreadableDocument(f"PDF 没有第 {number} 页")
        page = document[number - 1]
        try:
            _check_images(page, number - 1, limits)
            bitmap = page.render(scale=_scale(page, limits, dpi), rev_byteorder=True)
            try:
                return bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        document.close()


def page_count(data: bytes) -> int:
    """How many pages a PDF has (0 when it cannot be opened: the reader says why)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()
