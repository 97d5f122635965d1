"""PostgreSQL plumbing under the services and selectors: bulk loads (COPY, sequences, indexes dropped and built
after a big load), the search index's yearly partitions, and the archive's version (which page caches read).
"""
