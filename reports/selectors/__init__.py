"""Selectors: reads shared by the pages, the JSON endpoints, the admin and the services. They never write
and never import a service or a view.

- search: full-text search of sections and problems, with facets (search.py); trends over years (trends.py)
- browsing: the home page, a report's page, a township's page, a county's coverage (browsing.py)
- copies: the copy check (查重) of a text against the archive, and what the copy map keeps (copies.py)
- uploads: the upload batches and the files awaiting an archivist (uploads.py)
- status: the background worker and its jobs, for the admin and the health check (status.py)
"""
