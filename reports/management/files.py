"""A file named on the command line, read as an upload would be; a failure is a CommandError in Chinese."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from reports.reading import ReadDocument, UnreadableDocument, read_document


def read_path(path: Path) -> ReadDocument:
    try:
        return read_document(path.read_bytes(), filename=path.name, limits=settings.ARCHIVE_LIMITS)
    except OSError as error:
        raise CommandError(f"无法读取文件 {path}：{error.strerror}") from error
    except UnreadableDocument as error:
        raise CommandError(f"{path}：{error.message}") from error
