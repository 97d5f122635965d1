"""Words of the reports, for word statistics (/words/): pure Python, no Django.

The contract:
- `count_parts(sections, formulas)` -> {part: Counter of words}: the words of each part of a report (its
  sections' kinds), segmented by jieba with the genre's dictionary, stop words and the genre's formulas
  aside. Counted once, when a report is read, and stored.
- `compare(now, before, prior)` -> each word's rise from the years before to a year: the log-odds ratio
  with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008), so that a word seen twice does
  not outrank one seen two hundred times.
"""

from reports.vocabulary.counting import STOP_WORDS, count_parts, counted_words
from reports.vocabulary.rising import PRIOR_WORDS, Counts, Rise, compare, per_10k

__all__ = ["PRIOR_WORDS", "STOP_WORDS", "Counts", "Rise", "compare", "count_parts", "counted_words", "per_10k"]
