"""Absolute links to the archive's pages (ARCHIVE_SITE_URL): an exported file, a feed or an e-mail is opened
where no request says what the site's address is."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.ARCHIVE_SITE_URL + path


def search_link(query: str, filters: dict) -> str:
    """The search page of a query and its filters, absolute."""
    return absolute(reverse("reports:search") + "?" + urlencode({"q": query, **filters}))
