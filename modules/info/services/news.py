"""News items with a publication window."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.validation import Errors, date_problem

from ..models import TEXT_MAX, TITLE_MAX, News
from ..permissions import can_manage_news
from ._checks import require


def _moment(errors: Errors, field: str, value: object, *, required: bool) -> datetime | None:
    if value in (None, ""):
        if required:
            errors.add(field, _("Enter a date and time."))
        return None
    if not isinstance(value, datetime):
        errors.add(field, _("Enter a valid date and time."))
        return None
    if timezone.is_naive(value):
        errors.add(field, _("Enter a date and time with a time zone."))
        return None
    problem = date_problem(value)
    if problem:
        errors.add(field, problem)
        return None
    return value


def _clean_news(
    *, title: object, summary: object, body: object, publish_at: object, expire_at: object
) -> dict[str, object]:
    errors = Errors()
    cleaned: dict[str, object] = {
        "title": errors.text("title", title, max_length=TITLE_MAX),
        "summary": errors.text("summary", summary, max_length=300, required=False),
        "body": errors.text("body", body, max_length=TEXT_MAX, multiline=True),
    }
    start = _moment(errors, "publish_at", publish_at, required=True)
    end = _moment(errors, "expire_at", expire_at, required=False)
    if start and end and end <= start:
        errors.add("expire_at", _("The end of the display must be after its start."))
    errors.raise_if_any()
    cleaned.update(publish_at=start, expire_at=end)
    return cleaned


def create_news(
    *,
    actor: User,
    title: object,
    body: object,
    publish_at: object,
    expire_at: object = None,
    summary: object = "",
) -> News:
    """Publish a news item (moderators and town administrators)."""
    require(can_manage_news(actor))
    cleaned = _clean_news(
        title=title, summary=summary, body=body, publish_at=publish_at, expire_at=expire_at
    )
    with transaction.atomic():
        return News.objects.create(created_by=actor, **cleaned)


def update_news(
    *,
    actor: User,
    news: News,
    title: object,
    body: object,
    publish_at: object,
    expire_at: object = None,
    summary: object = "",
) -> News:
    """Change a news item."""
    require(can_manage_news(actor))
    cleaned = _clean_news(
        title=title, summary=summary, body=body, publish_at=publish_at, expire_at=expire_at
    )
    for field, value in cleaned.items():
        setattr(news, field, value)
    with transaction.atomic():
        news.save(update_fields=[*cleaned, "updated_at"])
    return news


def delete_news(*, actor: User, news: News) -> None:
    """Remove a news item for good."""
    require(can_manage_news(actor))
    with transaction.atomic():
        news.delete()
