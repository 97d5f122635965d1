"""What the middleware needs to know of a page, declared on its view: the parameters it reads (for a canonical
address and the cache key), and whether it is expensive to make (for the per-address limit on anonymous
readers). Declared once here, read by reports.middleware."""

from __future__ import annotations

from reports.filters import List, filters_of


def reads(*sources: List | str, empty_means: tuple[str, ...] = ()):
    """Declare the parameters a page reads: a list's declared filters (reports.filters) and plain names. A
    request carrying any other, or an empty one (a form sends every field), is sent to the same address
    without them (middleware.CanonicalQueryMiddleware) before the page is made or taken from the cache, so
    '?x=1' neither makes a page anew nor shows in its links, and a bookmark carries only what was chosen.
    `empty_means`: the parameters whose empty value says something ('?county=': the county is not written)."""
    names = frozenset(name for source in sources for name in _names(source))

    def declare(view):
        view.reads_params, view.keeps_empty = names, frozenset(empty_means)
        return view

    return declare


def _names(source: List | str) -> list[str]:
    return [f.name for f in filters_of(source)] if isinstance(source, List) else [source]


def expensive(view):
    """A page whose making reads much of the archive (search, trends, 查重): anonymous readers may ask for
    ARCHIVE_EXPENSIVE_PAGES_PER_MINUTE of them a minute from one address; the cache's answers are not counted."""
    view.expensive = True
    return view
