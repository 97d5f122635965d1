"""Following a search: a signed-in reader saves a search, and an e-mail (a periodic job, daily) lists the
reports it finds that were stored since the last one. Django's e-mail: the console in development, SMTP
from the environment in production (EMAIL_* settings)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from reports.filters import Chosen, in_words
from reports.models import SavedSearch
from reports.selectors.links import absolute, search_link
from reports.selectors.search import newest_matching

logger = logging.getLogger(__name__)
DIGEST_ITEMS = 50  # reports one e-mail lists; past that it says how many more and links to the search


class CannotSave(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def save_search(user: User, query: str, filters: Chosen) -> SavedSearch:
    """Follow a search (validated by the search page's form): reports stored from now on are e-mailed."""
    if not user.email:
        raise CannotSave("您的账号没有填写电子邮箱，无法发送通知：请联系管理员补上")
    most = settings.ARCHIVE_MAX_SAVED_SEARCHES
    if SavedSearch.objects.filter(user=user).count() >= most:
        raise CannotSave(f"最多保存 {most} 个检索，请先删除不再需要的")
    saved, created = SavedSearch.objects.get_or_create(
        user=user, query=query.strip(), filters=dict(filters.values), defaults={"sent_until": timezone.now()}
    )
    logger.info("user %s %s saved search #%d: %s", user.pk, "made" if created else "kept", saved.pk, query)
    return saved


def forget_search(user: User, pk: int) -> bool:
    deleted, _ = SavedSearch.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)


def send_digests() -> int:
    """One e-mail to each reader a saved search of whom found reports stored since its last one; returns how
    many were sent. Each search's period ends at the moment this run started, and is moved on only once its
    e-mail was sent (or had nothing to send): a failed send is tried again with the same reports next time."""
    now = timezone.now()
    sent = 0
    for saved in SavedSearch.objects.select_related("user").exclude(user__email="").order_by("user_id", "id"):
        found = newest_matching(
            saved.query, Chosen(tuple(saved.filters.items())), DIGEST_ITEMS + 1, stored=(saved.sent_until, now)
        )
        if found:
            try:
                send_mail(*_digest(saved, found), from_email=None, recipient_list=[saved.user.email])
            except Exception:  # one reader's mail server refusing must not stop the others' digests
                logger.exception("digest of saved search #%d not sent; tried again next time", saved.pk)
                continue
            sent += 1
            logger.info("digest of saved search #%d: %d reports to user %s", saved.pk, len(found), saved.user_id)
        SavedSearch.objects.filter(pk=saved.pk).update(sent_until=now)
    return sent


def described(saved: SavedSearch) -> str:
    """'“乡村振兴”（青石县、2023年）': the search as a reader reads it."""
    return f"“{saved.query}”{in_words(Chosen(tuple(saved.filters.items())))}"


def _digest(saved: SavedSearch, found: list[Any]) -> tuple[str, str]:
    shown = found[:DIGEST_ITEMS]
    lines = [f"您关注的检索 {described(saved)} 有 {len(shown)} 份新录入的报告：", ""]
    for number, report in enumerate(shown, 1):
        lines.append(f"{number}. {report.display_title}（{report.township_label}，{report.year or '年份未知'}）")
        lines.append(f"   {absolute(reverse('reports:report', args=[report.pk]))}")
    if len(found) > DIGEST_ITEMS:
        lines.append("……还有更多，请在档案库中查看。")
    lines += ["", f"在档案库中查看这个检索：{search_link(saved.query, saved.filters)}"]
    lines.append(f"管理或取消关注：{absolute(reverse('reports:saved-searches'))}")
    subject = f"乡镇工作报告档案库：{described(saved)}有新报告"
    return subject, "\n".join(lines)
