"""Saved web pages -> the report's text: .html/.htm in any declared or sniffed encoding (GBK included) and
.mht/.mhtml (a page and its parts in one MIME message). Only the article is kept: trafilatura drops the
navigation, breadcrumb, share bar, related links and footer (it kept every paragraph of the seeds'
pages and nothing else, at 5 MB/s, against readability-lxml's 3 MB/s); the page's own heading is put
back on top as the report's title. What trafilatura keeps of the 发布时间/来源 line is dropped here."""

from __future__ import annotations

import email
import email.policy
import html
import re

from .errors import UnreadableDocument
from .limits import Limits
from .text import checked_text, decode
from .types import Format, ReadDocument

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "utf8": "utf-8"}
_DETAIL = r"(?:发布时间|发布日期|信息来源|来源|浏览次数|访问量|点击数|阅读数|字体|责任编辑)\s*[：:]"
_DETAILS_START = re.compile(rf"^\W{{0,3}}{_DETAIL}|^\W{{0,3}}(?:【\s*打印|分享到)")


def _page_details(line: str) -> bool:
    """'发布时间：2023-01-16 来源：乡镇人民政府 浏览次数：1024' is the page's own details line; a sentence
    of the report that says '资金来源：…' is not: a short line that starts with such a label, or holds two."""
    line = line.strip()
    return len(line) < 120 and (bool(_DETAILS_START.match(line)) or len(re.findall(_DETAIL, line)) >= 2)


def read_html(data: bytes, limits: Limits, *, charset: str | None = None) -> ReadDocument:
    import trafilatura  # here, not at the top: the web process never reads a page

    markup, encoding = _decode_page(data, charset)
    try:
        found = trafilatura.bare_extraction(
            markup, with_metadata=False, include_comments=False, include_tables=True, favor_recall=True
        )
    except (ValueError, TypeError, RecursionError) as error:
        raise UnreadableDocument("无法解析这个网页文件：HTML 结构损坏") from error
    text = (found.get("text") if isinstance(found, dict) else getattr(found, "text", None)) or ""
    if not text.strip():
        raise UnreadableDocument("网页中没有找到正文（可能只有导航或图片）")
    lines = [line for line in text.split("\n") if not _page_details(line)]
    title = page_title(markup)
    if title and not any(title in line for line in lines[:3]):
        lines.insert(0, title)
    return ReadDocument(text=checked_text("\n".join(lines), limits), format=Format.HTML, encoding=encoding)


def read_mht(data: bytes, limits: Limits) -> ReadDocument:
    """The first HTML part of the message, decoded with the charset its part declares."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                page = read_html(payload, limits, charset=part.get_content_charset())
                return ReadDocument(text=page.text, format=Format.MHT, encoding=page.encoding)
    raise UnreadableDocument("这个 .mht 单文件网页中没有网页正文")


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—–]+\s*[^_|｜\-—–]*(政府|网|门户|网站)\s*$")


def page_title(markup: str) -> str:
    """The article's heading (its <h1>, else the page <title> less the site's name after '_' or '|').
    Looked up here: trafilatura's metadata extraction took 40 % of its time for this one field."""
    for pattern in (_H1, _TITLE):
        found = pattern.search(markup)
        if found:
            title = html.unescape(_TAG.sub("", found.group(1))).strip()
            title = _SITE_SUFFIX.sub("", title) if pattern is _TITLE else title
            if title:
                return " ".join(title.split())[:200]
    return ""


def _decode_page(data: bytes, charset: str | None) -> tuple[str, str]:
    """The page's declared charset (a meta tag, or the MIME part's) where it decodes the page, else sniffed."""
    declared = charset or (m.group(1).decode("ascii", "replace") if (m := _CHARSET.search(data[:4096])) else None)
    if declared:
        codec = _ALIASES.get(declared.lower(), declared.lower())
        try:
            return data.decode(codec), declared.upper()
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)
