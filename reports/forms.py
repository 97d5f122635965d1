"""Request parameters -> validated values, each within bounds. Bad values give a 400 with the reason,
never a 500: ids fit PostgreSQL's integer, pages and years are plain ASCII numbers in range, text has no
control characters, a query has a bounded number of terms of bounded length."""

import re

from django import forms
from django.core.exceptions import ValidationError

from reports.search.query import MAX_TERM_CHARS, MAX_TERMS

MAX_ID = 2**31 - 1  # ids stand in integer columns (passage theme ids)
MAX_QUERY_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> None:
    """Refuse control characters (a NUL byte cannot even reach PostgreSQL)."""
    if _CONTROL.search(value or ""):
        raise ValidationError("含有不允许的控制字符")


class IdField(forms.IntegerField):
    """A positive id that fits the database's integer."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, max_value=MAX_ID, **kwargs)


class TextField(forms.CharField):
    def __init__(self, max_length: int, **kwargs):
        super().__init__(required=False, max_length=max_length, validators=[plain_text], **kwargs)


def checked_query(query: str) -> str:
    """A search query within bounds: so many terms, each so long (a longer one is a sentence, not a term)."""
    terms = [term for term in re.split(r"\s+", query.strip()) if term]
    if len(terms) > MAX_TERMS:
        raise ValidationError(f"检索词过多（{len(terms)} 个），最多 {MAX_TERMS} 个")
    longest = max(terms, key=len, default="")
    if len(longest.strip('"“”-')) > MAX_TERM_CHARS:
        raise ValidationError(f"检索词过长（{len(longest)} 字），每个词最多 {MAX_TERM_CHARS} 字")
    return query


class QueryParams(forms.Form):
    q = TextField(MAX_QUERY_CHARS, label="检索词")

    def clean_q(self) -> str:
        return checked_query(self.cleaned_data["q"])
