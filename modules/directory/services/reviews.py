"""The town's review settings and the reminders to confirm profiles."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User

from ..models import (
    DirectorySettings,
    Organisation,
)
from ._people import _notify_representatives


def get_settings() -> DirectorySettings:
    """The town's directory settings row, created with the defaults on first use."""
    return DirectorySettings.stored()


@transaction.atomic
def update_settings(
    *, changed_by: User, review_period_days: Any, reminder_interval_days: Any
) -> DirectorySettings:
    """The town's review period and reminder interval (town administrators only)."""
    if not changed_by.is_town_admin:
        raise PermissionDenied(_("Only town administrators change the directory settings."))
    errors = {}
    for name, value, low, high in (
        ("review_period_days", review_period_days, 30, 1825),
        ("reminder_interval_days", reminder_interval_days, 7, 365),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = _("Please enter a whole number of days from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
    if errors:
        raise ValidationError(errors)
    settings = DirectorySettings.objects.select_for_update().get(pk=get_settings().pk)
    settings.review_period_days = review_period_days
    settings.reminder_interval_days = reminder_interval_days
    settings.save(update_fields=["review_period_days", "reminder_interval_days"])
    return settings


@transaction.atomic
def send_review_reminders() -> int:
    """Remind representatives of public profiles not confirmed within the review period.

    Idempotent: an organisation is reminded again only after the reminder interval, and
    not at all once it has been confirmed. Returns the number of organisations reminded.
    """
    settings = get_settings()
    now = timezone.now()
    due = (
        Organisation.objects.select_for_update(skip_locked=True)
        .filter(
            status=Organisation.Status.APPROVED,
            last_reviewed_at__lt=now - timedelta(days=settings.review_period_days),
        )
        .exclude(review_reminder_sent_at__gte=now - timedelta(days=settings.reminder_interval_days))
    )
    reminded = 0
    for organisation in list(due):
        _notify_representatives(
            organisation,
            "directory/review_reminder",
            days=settings.review_period_days,
        )
        organisation.review_reminder_sent_at = now
        organisation.save(update_fields=["review_reminder_sent_at"])
        reminded += 1
    return reminded
