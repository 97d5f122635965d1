"""Request parameters -> validated values, each within bounds. Bad values give a 400 with the reason,
never a 500: ids fit PostgreSQL's integer, pages and years are plain ASCII numbers in range, text has no
control characters, a query is bounded in length (its terms are read within bounds: search.query)."""

import re

from django import forms
from django.core.exceptions import ValidationError

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


class QueryParams(forms.Form):
    """A query within MAX_QUERY_CHARS; how many terms of how many characters it is read as is the parser's
    (search.query.parse_query: past MAX_TERMS or MAX_TERM_CHARS it cuts, and the results page says so)."""

    q = TextField(MAX_QUERY_CHARS, label="检索词")


class CopyCheckForm(forms.Form):
    """/copies/check/: a text pasted or a file, checked against the archive and stored nowhere. `view` says
    whether the result is shown as a page or in its print layout; `format=json` answers JSON."""

    text = forms.CharField(
        label="粘贴文字",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "把要查重的报告全文粘贴在这里"}),
    )
    file = forms.FileField(label="或上传文件", required=False, help_text="Word、WPS、PDF（文字版）、网页、文本等")
    view = forms.ChoiceField(required=False, choices=[("", "网页"), ("print", "打印版")])
    format = forms.ChoiceField(required=False, choices=[("", "网页"), ("json", "JSON")])

    def clean(self) -> dict:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("请粘贴文字或选择一个文件")
        return data
