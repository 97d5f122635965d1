"""A scan's pages as pictures for people: the preview shows each page of a PDF or an image beside the text read
from it, so an editor can check OCR against the paper. The server draws the page itself and sends a JPEG: the
browser never opens the uploaded file (no PDF viewer, no script a PDF may carry), and phones show it too.
"""

from __future__ import annotations

import io
import warnings

from . import pdf
from .errors import UnreadableDocument, too_many_pixels
from .limits import Limits
from .registry import sniff
from .types import Format

DISPLAY_DPI = 110  # enough to read a 四号 character on a screen; a page is then about 900 × 1300 pixels
DISPLAY_WIDTH = 1000  # a photo is shrunk to this width: a phone's 12-megapixel picture need not travel whole


def page_count(data: bytes, filename: str, limits: Limits) -> int:
    """Pages of a PDF or frames of an image (0 for other files, or one that cannot be opened): known before the
    slow reading starts, so a batch can say how many pages it has to recognise."""
    try:
        kind = sniff(data, filename, limits)
    except UnreadableDocument:
        return 0
    if kind is Format.PDF:
        return pdf.page_count(data)
    if kind is Format.IMAGE:
        try:
            with _opened(data) as image:
                return getattr(image, "n_frames", 1)
        except UnreadableDocument:
            return 0
    return 0


def page_picture(data: bytes, filename: str, number: int, limits: Limits) -> bytes:
    """Page `number` (from 1) of a PDF or an image as a JPEG to show. Raises UnreadableDocument, in Chinese."""
    kind = sniff(data, filename, limits)
    if kind is Format.PDF:
        picture = pdf.page_picture(data, number, limits, dpi=DISPLAY_DPI)
    elif kind is Format.IMAGE:
        with _opened(data) as image:
            if not 1 <= number <= getattr(image, "n_frames", 1):
                raise UnreadableDocument(f"图片没有第 {number} 页")
            image.seek(number - 1)
            if image.width * image.height > limits.max_image_pixels:
                raise UnreadableDocument(too_many_pixels(f"{image.width}×{image.height}", limits.max_image_pixels))
            picture = image.convert("RGB")
    else:
        raise UnreadableDocument("这种文件没有页面图像，请下载原件查看")
    if picture.width > DISPLAY_WIDTH:
        picture = picture.resize((DISPLAY_WIDTH, round(picture.height * DISPLAY_WIDTH / picture.width)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return out.getvalue()


def _opened(data: bytes):
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # the pixel limit says it in Chinese
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UnreadableDocument("无法打开这个图片文件") from error
