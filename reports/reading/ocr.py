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

# Told (page, pages) before each slow page is recognised: (3, 12) is the third of twelve. The caller words it
# ('文字识别第 3/12 页') and counts a batch's pages done and to do from it.
Progress = Callable[[int, int], None]
# An OCR line scored below this is marked in the preview, for the editor to check against the page image.
LOW_LINE_CONFIDENCE = 0.8

SETTINGS = {"use_cls": False, "det_unclip_ratio": 2.0, "det_box_thresh": 0.3}

_engine: Any = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Recognised:
    """The lines read from one page image, with the recogniser's mean score (0..1) weighted by length, and the
    lines it was least sure of (their text), which the preview marks."""

    lines: list[Line]
    confidence: float
    doubtful: tuple[str, ...] = ()

    def reading(self, number: int) -> PageReading:
        """What the archive keeps of this page: how it was read, how much, how surely, and what to check."""
        characters = sum(len(line.text) for line in self.lines)
        return PageReading(number, PageMethod.OCR, characters, self.confidence, self.doubtful)


def available() -> bool:
    """Whether the OCR package is installed (found without importing it: that takes a second)."""
    return importlib.util.find_spec("rapidocr_onnxruntime") is not None


def recognise(image: Any) -> Recognised:
    """An image (a numpy array, height × width × 3, or 2-D grey) -> its lines, top to bottom."""
    engine = _get_engine()
    width = image.shape[1]
    with _lock:  # one page at a time: the engine uses every core already
        result, _ = engine(image)
    rows: list[list] = []  # [top, bottom, left, right, text, score × length]: boxes on one printed line joined
    for box, text, score in result or []:
        xs, ys = [point[0] for point in box], [point[1] for point in box]
        top, bottom, left, right = min(ys), max(ys), min(xs), max(xs)
        row, weighted = rows[-1] if rows else None, float(score) * len(text)
        if row and row[0] <= (top + bottom) / 2 <= row[1] and left >= row[3] - 2:
            row[1], row[3], row[4], row[5] = max(row[1], bottom), right, row[4] + text, row[5] + weighted
        else:
            rows.append([top, bottom, left, right, text, weighted])
    # RapidOCR returns its boxes top to bottom, left to right: the reading order of a report's page.
    lines = [Line(text=row[4], left=row[2] / width, right=row[3] / width) for row in rows]
    weight = sum(len(row[4]) for row in rows)
    doubtful = tuple(row[4] for row in rows if row[4] and row[5] / len(row[4]) < LOW_LINE_CONFIDENCE)
    return Recognised(lines, sum(row[5] for row in rows) / weight if weight else 0.0, doubtful)


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
                progress(number, frames)
            recognised = recognise(numpy.asarray(frame.convert("RGB"))[:, :, ::-1].copy())
            pages.append(recognised.lines)
            readings.append(recognised.reading(number))
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
