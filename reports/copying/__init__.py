"""Copy detection (查重) without Django: which stretches of a report also stand in another, CNKI-style.

fingerprints.py turns a text into its comparable characters and winnowed fingerprints (MOSS: Schleimer,
Wilkerson and Aiken, SIGMOD 2003); runs.py grows matched fingerprints into the maximal common runs of at
least MIN_RUN characters and measures them; forms.py tells which of a run's own texts (not stored yet) a new
text is mostly another form of. The archive stores fingerprints in PostgreSQL and joins them
there (reports/copies.py); everything here is tested on strings.
"""

from .fingerprints import MIN_RUN, WINDOW, Comparable, K, comparable, fingerprints
from .forms import FormsIndex
from .runs import Run, common_runs, covered, runs_between

__all__ = [
    "MIN_RUN",
    "WINDOW",
    "Comparable",
    "FormsIndex",
    "K",
    "Run",
    "common_runs",
    "comparable",
    "covered",
    "fingerprints",
    "runs_between",
]
