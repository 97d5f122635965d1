"""Chinese OCR, offline, on the CPU: RapidOCR with the PP-OCRv4 models shipped inside its wheel.

Settings measured on 150-dpi scans of the seeds (`python manage.py bench_reading`): the angle classifier
off (it turned about one line in ten upside down, which then read as nothing) and looser box thresholds
took recall from 0.91 to 0.998 and speed from 195 to about 340 characters a second.
"""

from __future__ import annotations

import importlib.util
import io
import re
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import UnreadableDocument, too_many_pixels
from .limits import Limits
from .reflow import Line, reflow
from .text import checked_text
from .types import Format, PageMethod, PageReading, ReadDocument

Progress = Callable[[str], None]  # told '文字识别第 3/12 页' before each slow page, for a progress display

SETTINGS = {"use_cls": False, "det_unclip_ratio": 2.0, "det_box_thresh": 0.3}

_engine: Any = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Recognised:
    """The lines read from one page image, with the recogniser's mean score (0..1) weighted by length."""

    lines: list[Line]
    confidence: float


def available() -> bool:
    """Whether the OCR package is installed (found without importing it: that takes a second)."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def recognise(image: Any) -> Recognised:
    """An image (a numpy array, height × width × 3, or 2-D grey) -> its lines, top to bottom."""
    engine = _get_engine()
    width = image.shape[1]
    with _lock:  # one page at a time: the engine uses every core already
        result, _ = engine(image)
    rows: list[list] = []  # [top, bottom, left, right, text]: boxes on one printed line joined
    scored, weight = 0.0, 0
    for box, text, score in result or []:
        xs, ys = [point[0] for point in box], [point[1] for point in box]
        top, bottom, left, right = min(ys), max(ys), min(xs), max(xs)
        row = rows[-1] if rows else None
        if row and row[0] <= (top + bottom) / 2 <= row[1] and left >= row[3] - 2:
            row[1], row[3], row[4] = max(row[1], bottom), right, row[4] + text
        else:
            rows.append([top, bottom, left, right, text])
        scored += float(score) * len(text)
        weight += len(text)
    # RapidOCR returns its boxes top to bottom, left to right: the reading order of a report's page.
    lines = [Line(text=text, left=left / width, right=right / width) for _, _, left, right, text in rows]
    return Recognised(lines=lines, confidence=scored / weight if weight else 0.0)


def _get_engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR(**SETTINGS)
    return _engine


def read_image(data: bytes, limits: Limits, *, progress: Progress | None = None) -> ReadDocument:
    """A photo or scan of paper pages (.jpg, .png, .tif with one page a frame) -> its text by OCR."""
    if not available():
        raise UnreadableDocument("这是图片，服务器未安装文字识别（OCR）组件 rapidocr-onnxruntime，无法读取其中的文字")
    import numpy
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # the pixel limit below says it in Chinese
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        if frames > limits.max_pages:
            raise UnreadableDocument(f"图片共 {frames} 页，超过 {limits.max_pages} 页的上限")
        pages, readings = [], []
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if frame.width * frame.height > limits.max_image_pixels:
                raise UnreadableDocument(too_many_pixels(f"{frame.width}×{frame.height}", limits.max_image_pixels))
            if progress:
                progress(f"文字识别第 {number}/{frames} 页")
            recognised = recognise(numpy.asarray(frame.convert("RGB"))[:, :, ::-1].copy())
            pages.append(recognised.lines)
            characters = sum(len(line.text) for line in recognised.lines)
            readings.append(PageReading(number, PageMethod.OCR, characters, recognised.confidence))
    except Image.DecompressionBombError as error:  # Pillow's own bound, far above ours: too large, not corrupt
        raise UnreadableDocument(too_many_pixels(_declared_size(error), limits.max_image_pixels)) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UnreadableDocument("无法打开这个图片文件：文件已损坏，或格式无法识别") from error
    text = reflow(pages)
    if not text.strip():
        raise UnreadableDocument("图片中没有识别出文字")
    return ReadDocument(text=checked_text(text, limits), format=Format.IMAGE, pages=tuple(readings))


def _declared_size(error: Exception) -> str:
    """'Image size (900000000 pixels) exceeds limit…' -> '900,000,000': Pillow refuses before it tells us the
    width and height, so its count of pixels is what there is to say."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return f"{int(found.group(1)):,}" if found else "超出上限"
