"""Template helpers: masked names shown as masked, and links that change one URL parameter."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from reports.models import Report, Section
from reports.parsing.masks import MASK
from reports.parsing.types import Found
from reports.search.highlight import find_hits
from reports.selectors import status, uploads
from reports.views.charts import number
from reports.views.listing import Pages

register = template.Library()


def _mask_box(match) -> str:
    """A dark box one to four ▒ long, read out as 已隐去 (the ▒ are hidden from screen readers)."""
    boxes = "▒" * min(len(match.group()), 4)
    return f'<span class="mask"><span aria-hidden="true">{boxes}</span><span class="sr-only">已隐去</span></span>'


@register.filter
def masked(value) -> str:
    """'**镇' -> a dark box saying the name was masked, instead of literal asterisks. Escapes first."""
    return mark_safe(MASK.sub(_mask_box, escape(str(value if value is not None else ""))))


@register.filter
def mask_html(value) -> str:
    """Masks inside HTML that is already safe (a snippet): tags and entities hold no * nor a lone X."""
    return mark_safe(MASK.sub(_mask_box, str(value)))


@register.filter
def masked_plain(value) -> str:
    """For places without markup (page titles): '**镇' -> '▒▒镇'."""
    return MASK.sub(lambda m: "▒" * min(len(m.group()), 4), str(value if value is not None else ""))


@register.simple_tag(takes_context=True)
def with_param(context, *pairs) -> str:
    """{% with_param 'year' 2022 'page' '' %}: the current query string with those parameters set
    (or removed when empty); the page goes back to 1 unless it is one of them."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for key, value in zip(pairs[::2], pairs[1::2], strict=True):
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"


@register.simple_tag(takes_context=True)
def is_selected(context, key, value) -> bool:
    return context["request"].GET.get(key) == str(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


def _readable(text: str, terms) -> str:
    """Escape, mask and mark one stretch of report text."""
    pieces, last = [], 0
    for start, end in find_hits(text, list(terms or [])):
        pieces.append(masked(text[last:start]))
        pieces.append(f"<mark>{masked(text[start:end])}</mark>")
        last = end
    pieces.append(masked(text[last:]))
    return "".join(pieces)


@register.simple_tag
def section_html(section, terms=None) -> str:
    """A section's paragraphs, its heading in bold, masks shown as masks, search terms marked."""
    paragraphs = []
    for index, line in enumerate(section.text.split("\n")):
        if index == 0 and section.heading and section.heading in line:
            cut = line.find(section.heading) + len(section.heading)
            paragraphs.append(
                f'<p><strong class="heading">{_readable(line[:cut], terms)}</strong>{_readable(line[cut:], terms)}</p>'
            )
        else:
            paragraphs.append(f"<p>{_readable(line, terms)}</p>")
    return mark_safe("".join(paragraphs))


@register.simple_tag
def readable(text, terms=None) -> str:
    return mark_safe(_readable(str(text), terms))


@register.filter
def kind_label(kind: str) -> str:
    """'problems' -> '存在问题'."""
    return dict(Section.Kind.choices).get(kind, kind)


@register.simple_tag
def found_note(how) -> str:
    """How the parser found a field, and whether to check it: '依据：标题' or '依据：正文 · 请核对'."""
    if isinstance(how, str) and not isinstance(how, Found):
        return format_html('<small class="found">依据：{}</small>', how)
    if how is Found.MISSING:
        return format_html('<small class="found check">{}</small>', "未找到 · 请填写")
    sure = how.sure or how is Found.DEFAULT
    note = f"依据：{how.label}" + ("" if sure else " · 请核对")
    return format_html('<small class="found{}">{}</small>', "" if sure else " check", note)


@register.filter(name="number")
def number_filter(value) -> str:
    """The charts' number format in tables too: '9.36', '0', '1,234'."""
    return number(float(value)) if value not in (None, "") else "—"


@register.filter
def percent(value) -> str:
    """0.1234 -> '12.3%'."""
    return f"{float(value or 0):.1%}"


@register.filter
def slice_text(text: str, passage) -> str:
    """The stretch of a text a copied passage covers (its start and end)."""
    return text[passage.start : passage.end]


@register.simple_tag
def background_status():
    """The background work's state, for the admin's index (reports.selectors.status)."""
    return status.background_status()


@register.filter
def minutes(seconds) -> int:
    """900.0 -> 15: a wait told in whole minutes, rounded up."""
    return -(-int(seconds) // 60)


@register.simple_tag(takes_context=True)
def files_waiting(context) -> int:
    """How many of the signed-in archivist's uploaded files wait for a confirm or a discard."""
    return uploads.files_waiting(context["request"].user)


@register.filter
def kind_name(kind: str) -> str:
    """'party_building' -> '党建工作报告': a report's kind as the archive names it."""
    return dict(Report.Kind.choices).get(kind, kind or "—")


@register.filter
def action_label(action: str) -> str:
    """What confirming does with a file that is mostly a stored report."""
    return uploads.ACTION_LABELS.get(action, "")


@register.simple_tag
def doubtful_marked(text: str, lines) -> str:
    """A text as read, one paragraph a <p>, the OCR lines the recogniser was unsure of marked (each sought after
    the one before it, as they stand in reading order). Escapes first."""
    spans, cursor = [], 0
    for line in lines or []:
        at = text.find(line, cursor)
        if line and at >= 0:
            spans.append((at, at + len(line)))
            cursor = at + len(line)
    pieces, last = [], 0
    for start, end in spans:
        pieces += [
            escape(text[last:start]),
            f'<mark class="doubtful" title="识别可信度低，请对照原件">{escape(text[start:end])}</mark>',
        ]
        last = end
    pieces.append(escape(text[last:]))
    return mark_safe("".join(f"<p>{paragraph}</p>" for paragraph in "".join(pieces).split("\n") if paragraph))


@register.filter
def figure_value(figure) -> str:
    """A stored figure as a reader writes it: 1260000000 元 -> '12.6亿元', 32000 亩 -> '3.2万亩', a masked one as
    masked. Percentages and rates as they are."""
    if figure is None:
        return ""
    if figure.masked or figure.value is None:
        return masked(figure.text)
    value, unit, scale = figure.value, figure.unit, ""
    if unit not in ("%", "‰", "百分点", "倍"):
        if abs(value) >= 100_000_000:
            value, scale = value / 100_000_000, "亿"
        elif abs(value) >= 100_000:
            value, scale = value / 10_000, "万"
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{shown}{scale}{'个百分点' if unit == '百分点' else unit}"


@register.filter
def indicator_row(row, years) -> list:
    """An indicator's figure in each of `years` (None where it has none)."""
    return row.row(years)


@register.simple_tag
def figure_in_sentence(figure) -> str:
    """A figure's sentence, escaped and masks shown, the figure itself marked."""
    sentence, at = figure.sentence, figure.sentence.find(figure.text)
    if at < 0:
        return masked(sentence)
    marked = f"<mark>{masked(figure.text)}</mark>"
    return mark_safe(f"{masked(sentence[:at])}{marked}{masked(sentence[at + len(figure.text) :])}")


@register.filter
def pagination(paged) -> Pages | None:
    """A list's Django Page or a search's results -> the pagination bar (views.listing.Pages)."""
    if paged is None:
        return None
    if hasattr(paged, "paginator"):
        return Pages.of(paged)
    return Pages(paged.page, paged.pages, paged.has_next)


@register.filter
def year_point(trend, year):
    """A keyword's point of `year` in a trend, or None for a year with no report in scope (shown as 0)."""
    return next((point for point in trend.points if point.year == year), None)


@register.filter
def by_year(row, years) -> list[tuple[int, int]]:
    """A coverage row's (year, reports) pairs."""
    return row.by_year(years)


@register.filter
def query_value(value) -> str:
    """A parameter's value for a link, Chinese left as it is (a browser sends it encoded), the rest quoted:
    '青石县' stays 9 bytes in the page, not 27, in a grid of hundreds of links."""
    from urllib.parse import quote

    return "".join(char if ord(char) > 127 else quote(char, safe="") for char in str(value))
