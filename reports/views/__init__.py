"""Views: HTTP only. Each reads its request's parameters (params.py), calls a selector, and answers with a page,
an export (exports.py) or JSON; what the middleware must know of a page is declared on it (pages.py).

- lists: home, reports, problems, coverage; listing.py: what every list page shares
- report: one report and its files, one township
- search: full-text search and trends; words: word statistics; api: the same as JSON
- copies: 查重 pages; upload: the admin's upload pages; system: the error handler and the health check
"""
