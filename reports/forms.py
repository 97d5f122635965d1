"""Request parameters -> validated values. Bad values give a 400 with the reason, never a 500."""

from django import forms

from reports.models import Report, Section
from reports.selectors import SearchFilters

SORTS = [("relevance", "相关度"), ("newest", "最新"), ("oldest", "最早")]


class SearchParams(forms.Form):
    q = forms.CharField(required=False, max_length=500)
    township = forms.IntegerField(required=False, min_value=1)
    county = forms.CharField(required=False, max_length=50)
    year_from = forms.IntegerField(required=False, min_value=1980, max_value=2100)
    year_to = forms.IntegerField(required=False, min_value=1980, max_value=2100)
    year = forms.IntegerField(required=False, min_value=1980, max_value=2100)
    period = forms.ChoiceField(required=False, choices=[("", ""), *Report.Period.choices])
    kind = forms.ChoiceField(required=False, choices=[("", ""), *Report.Kind.choices])
    section_kind = forms.ChoiceField(required=False, choices=[("", ""), *Section.Kind.choices])
    theme = forms.IntegerField(required=False, min_value=1)
    sort = forms.ChoiceField(required=False, choices=SORTS)
    page = forms.IntegerField(required=False, min_value=1, max_value=500)

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if data.get("year"):
            year_from = year_to = data["year"]
        return SearchFilters(
            township=data.get("township"),
            county=data.get("county") or "",
            year_from=year_from,
            year_to=year_to,
            period=data.get("period") or "",
            kind=data.get("kind") or "",
            section_kind=data.get("section_kind") or "",
            theme=data.get("theme"),
        )


class TrendParams(SearchParams):
    by_township = forms.BooleanField(required=False)

    def keywords(self) -> list[str]:
        raw = self.cleaned_data.get("q") or ""
        return [word for word in raw.replace("，", " ").replace(",", " ").split() if word][:5]
