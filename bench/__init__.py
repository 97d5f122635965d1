"""The development app: benchmarks (search, reading, parsing, copy check, pages, load), the corpus they run
on, the Tantivy peer, and the makers of sample files that the tests use too.

Not part of the archive: the Docker image leaves this folder out (.dockerignore), and settings install the
app only where its code is present (a development checkout), as Zulip keeps its development tools in
zilencer. Nothing in reports/ imports it."""
