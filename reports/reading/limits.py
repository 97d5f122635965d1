"""How much work one file may cause. Every reader checks these while it reads (streaming, never after
inflating), so a hostile file is refused with memory and time bounded.

Each limit is declared once, here, with the environment variable that overrides it; settings build the
archive's Limits from the environment with `Limits.from_environ`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

MB = 1024 * 1024


def _limit(default: int, env: str, unit: int = 1) -> int:
    return field(default=default * unit, metadata={"env": env, "unit": unit})


@dataclass(frozen=True)
class Limits:
    # One file as uploaded or found in a folder (a zip's members each count as a file too): Word, text, web pages.
    max_file_bytes: int = _limit(10, "ARCHIVE_MAX_UPLOAD_MB", MB)
    # A PDF or an image: a 12-page 300-dpi scan is 20 MB; the page and pixel limits bound the work it causes.
    max_scan_bytes: int = _limit(100, "ARCHIVE_MAX_SCAN_MB", MB)
    # A zip of reports as uploaded: bigger than one report, since it holds many.
    max_archive_bytes: int = _limit(200, "ARCHIVE_MAX_ARCHIVE_MB", MB)
    # What a package (.docx, .odt, .zip) may unpack to in all, and how much more than its packed size.
    max_unpacked_bytes: int = _limit(50, "ARCHIVE_MAX_UNPACKED_MB", MB)
    max_ratio: int = _limit(100, "ARCHIVE_MAX_COMPRESSION_RATIO")
    # Files taken from one upload or zip; the rest are named as not taken.
    max_files: int = _limit(300, "ARCHIVE_MAX_FILES")
    # Entries a zip's directory may list at all: Python reads the whole directory before anything else.
    max_zip_entries: int = _limit(10_000, "ARCHIVE_MAX_ZIP_ENTRIES")
    # Characters of one report: real ones hold 5,000 to 50,000.
    max_characters: int = _limit(500_000, "ARCHIVE_MAX_CHARACTERS")
    # Pages of one PDF, and pixels of one page image (a decompression bomb is a huge image).
    max_pages: int = _limit(200, "ARCHIVE_MAX_PAGES")
    max_image_pixels: int = _limit(60_000_000, "ARCHIVE_MAX_IMAGE_PIXELS")

    @property
    def largest_file_bytes(self) -> int:
        """What a file of any kind may be: the bound before its kind is known (a zip's member, a file on disk)."""
        return max(self.max_file_bytes, self.max_scan_bytes)

    def file_bytes(self, *, scan: bool) -> int:
        """What one file of its kind may be: a PDF or an image (scan) or any other."""
        return self.max_scan_bytes if scan else self.max_file_bytes

    @property
    def zip_unpacked_bytes(self) -> int:
        """What a zip of reports may unpack to: never less than the zip itself may be (files already compressed,
        scans and photos, shrink little), nor less than the unpacked limit of a .docx."""
        return max(self.max_unpacked_bytes, self.max_archive_bytes)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Limits:
        """Limits with each field taken from its variable where set (in the variable's unit: MB for sizes)."""
        given = {}
        for one in fields(cls):
            value = environ.get(one.metadata["env"], "").strip()
            if value:
                given[one.name] = int(value) * one.metadata["unit"]
        return replace(cls(), **given)

    @staticmethod
    def described(name: str) -> str:
        """The variable that sets a limit, for messages that tell an administrator what to change."""
        return next(one.metadata["env"] for one in fields(Limits) if one.name == name)


DEFAULT_LIMITS = Limits()
