"""Pages timed as a reader opens them, through Django's full request handling (bench_pages, bench_words): one
definition of the settings a measurement runs under."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.test.utils import override_settings

PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@contextmanager
def measured_requests() -> Iterator[None]:
    """The page cache off (what computing a page costs is measured), no HTTPS redirect and no limit on one
    address asking for many expensive pages (the benchmark is that address)."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        STORAGES=PLAIN_STATIC,
        ALLOWED_HOSTS=["testserver"],
        ARCHIVE_PAGE_CACHE_SECONDS=0,
        ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE=0,
    ):
        yield
