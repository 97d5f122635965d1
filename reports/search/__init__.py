"""Chinese full-text search, the parts that need no database: segmentation, tsvector and tsquery
building, query syntax, highlighting. reports.selectors runs them against PostgreSQL."""
