"""The benchmark's peer: Tantivy indexing the same section passages as character-bigram tokens
(the approach Paperless-ngx 3 takes for Chinese). A development dependency (requirements-dev.txt).

It is timed twice: the bare query (top 20 and a count), and the page our search makes (`page`: the count,
the facets' counts, and the first 20 hits' texts read and cut into marked snippets by our own `snippet`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

from reports.filters import NO_FILTERS, Chosen
from reports.search.highlight import snippet
from reports.search.query import parse_query
from reports.search.vectors import WORD_RUN, normalise

# The facets the peer counts, as Tantivy terms aggregations over fast fields (themes are the problems',
# and the peer holds sections).
PEER_FACETS = ("year", "township", "county", "period", "kind", "section_kind")


class TantivyPeer:
    def __init__(self) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", tokenizer_name="whitespace")
        builder.add_bytes_field("text", stored=True, indexed=False)  # the section's text, for snippets
        builder.add_integer_field("section", stored=True, fast=True)
        builder.add_integer_field("year", indexed=True, fast=True)
        builder.add_integer_field("township", fast=True)
        for name in ("section_kind", "period", "kind", "county"):
            builder.add_text_field(name, tokenizer_name="raw", fast=True)
        self.schema = builder.build()
        self.folder = tempfile.TemporaryDirectory(prefix="bench-tantivy-")
        self.index = tantivy.Index(self.schema, path=self.folder.name)

    def add(self, rows: Iterable[tuple[int, str, int | None, str, str, str, int | None, str]]) -> None:
        writer = self.index.writer(heap_size=256_000_000)
        for section, text, year, section_kind, period, kind, township, county in rows:
            writer.add_document(
                self.tantivy.Document(
                    body=" ".join(bigrams(text)),
                    text=text.encode(),
                    section=section,
                    year=year or 0,
                    township=township or 0,
                    section_kind=section_kind,
                    period=period,
                    kind=kind,
                    county=county or "",
                )
            )
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def term(self, text: str):
        """A term as the phrase of its bigrams; one character as any bigram that starts with it."""
        tokens = bigrams(text)
        query = self.tantivy.Query
        if len(tokens) == 1 and len(tokens[0]) == 1:
            return query.regex_query(self.schema, "body", _escape(tokens[0]) + ".?")
        words = [token for token in tokens if len(token) == 2] or tokens
        if len(words) == 1:
            return query.term_query(self.schema, "body", words[0])
        return query.phrase_query(self.schema, "body", words)

    def build(self, text: str, filters: Chosen = NO_FILTERS):
        """The search box syntax and filters as one Tantivy boolean query."""
        tantivy, parsed = self.tantivy, parse_query(text)
        must, clauses = tantivy.Occur.Must, []
        for group in parsed.groups:
            alternatives = [(tantivy.Occur.Should, self.term(t.text)) for t in group]
            clauses.append(
                (must, alternatives[0][1] if len(alternatives) == 1 else tantivy.Query.boolean_query(alternatives))
            )
        clauses += [(tantivy.Occur.MustNot, self.term(t.text)) for t in parsed.excluded]
        for field, value in (
            ("section_kind", filters.section_kind),
            ("period", filters.period),
            ("kind", filters.kind),
        ):
            if value:
                clauses.append((must, tantivy.Query.term_query(self.schema, field, value)))
        if filters.year_from:
            clauses.append(
                (
                    must,
                    tantivy.Query.range_query(
                        self.schema, "year", tantivy.FieldType.Integer, filters.year_from, filters.year_to
                    ),
                )
            )
        return tantivy.Query.boolean_query(clauses)

    def search(self, text: str, filters: Chosen = NO_FILTERS, limit: int = 20):
        return self.index.searcher().search(self.build(text, filters), limit=limit, count=True)

    def page(self, text: str, filters: Chosen = NO_FILTERS, limit: int = 20) -> tuple[int, dict, list[str]]:
        """What our search returns, made by the peer: the count, each facet's counts over every hit, and
        the first `limit` hits' snippets, their texts read from its store."""
        searcher, query = self.index.searcher(), self.build(text, filters)
        found = searcher.search(query, limit=limit, count=True)
        facets = searcher.aggregate(query, {name: {"terms": {"field": name, "size": 50}} for name in PEER_FACETS})
        terms = parse_query(text).positive_terms
        snippets = [snippet(searcher.doc(address)["text"][0].decode(), terms) for _, address in found.hits]
        return found.count, facets, snippets

    def sections(self, word: str) -> set[int]:
        searcher = self.index.searcher()
        query = self.build(f'"{word}"')
        result = searcher.search(query, limit=max(1, searcher.num_docs), order_by_field="section")
        return {key for key, _ in result.hits}


def bigrams(text: str) -> list[str]:
    """'乡村振兴，好' -> ['乡村', '村振', '振兴', '兴', '好']: one token per character, so positions line up."""
    tokens: list[str] = []
    for run in WORD_RUN.finditer(normalise(text)):
        word = run.group()
        tokens += [word[i : i + 2] for i in range(len(word) - 1)] + [word[-1]]
    return tokens


def _escape(text: str) -> str:
    return "".join("\\\\" + ch if not ch.isalnum() else ch for ch in text)
