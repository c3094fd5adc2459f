"""Reports, hiding and restoring (on the moderation kit), blocking, the exchange settings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts import services as account_services
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.accounts.services import town_url
from portal.moderation import services as kit
from portal.moderation.models import Report
from portal.notify import notify
from portal.validation import clean_reason

from ..models import (
    REASON_MAX,
    ExchangeSettings,
    Listing,
    Message,
)
from ..notification_kinds import LISTINGS


def report_content(
    *, reporter: User, reason: str, listing: Listing | None = None, message: Message | None = None
) -> Report:
    """Anyone logged in may ask the moderators to look at a listing or a message."""
    if (listing is None) == (message is None):
        raise ValueError("report exactly one listing or one message")
    if listing is not None:
        return kit.report(
            target=listing, reporter=reporter, reason=reason, what=gettext_noop("Listing")
        )
    assert message is not None
    return kit.report(
        target=message, reporter=reporter, reason=reason, what=gettext_noop("Message")
    )


def _notify_owner(listing: Listing, *, hidden: bool, reason: str) -> None:
    notify(
        listing.owner,
        "exchange/listing_moderated",
        context={
            "listing": listing.title,
            "hidden": hidden,
            "reason": reason,
            "link": town_url(reverse("exchange:detail", args=[listing.public_id])),
        },
        kind=LISTINGS.key,
    )


@transaction.atomic
def hide_listing(*, listing: Listing, moderator: User, reason: str) -> Listing:
    """Take a listing out of view; its owner still sees it, with the reason, and is told."""
    listing = kit.hide(target=listing, moderator=moderator, reason=reason)
    _notify_owner(listing, hidden=True, reason=listing.hidden_reason)
    return listing


@transaction.atomic
def restore_listing(*, listing: Listing, moderator: User, reason: str = "") -> Listing:
    """Show a hidden listing again and tell its owner."""
    listing = kit.restore(target=listing, moderator=moderator, reason=reason)
    _notify_owner(
        listing, hidden=False, reason=clean_reason(reason, required=False, max_length=REASON_MAX)
    )
    return listing


def hide_message(*, message: Message, moderator: User, reason: str) -> Message:
    """Replace a message by a notice with the reason, for both people of the thread."""
    return kit.hide(target=message, moderator=moderator, reason=reason)


def restore_message(*, message: Message, moderator: User, reason: str = "") -> Message:
    return kit.restore(target=message, moderator=moderator, reason=reason)


def dismiss_report(*, report: Report, moderator: User, reason: str = "") -> int:
    """Close the open reports on a report's listing or message without acting on it."""
    target = report.target
    if not isinstance(target, Listing | Message):
        raise ValidationError(_("This report is not about the exchange."))
    return kit.dismiss(target=target, moderator=moderator, reason=reason)


@transaction.atomic
def block_user(*, user: User, moderator: User, reason: str) -> User:
    """Stop someone from using the portal; their listings disappear with them.

    Who may block whom is accounts' one rule set; its audit entry names the exchange, which
    is how the exchange's moderation log finds it."""
    text = clean_reason(reason, required=True, max_length=REASON_MAX)
    return account_services.block_user(
        user=user, blocked_by=moderator, reason=text, module="exchange"
    )


@transaction.atomic
def update_settings(
    *,
    by: User,
    listing_days: int,
    reminder_days: int,
    allow_negative: bool,
    negative_limit_minutes: int,
) -> ExchangeSettings:
    """The town administrators choose listing periods and the time bank's lower limit."""
    if not by.is_authenticated or not by.is_active or not by.is_town_admin:
        raise PermissionDenied(_("Only town administrators can change these settings."))
    errors: dict[str, str] = {}
    for name, value in (
        ("listing_days", listing_days),
        ("reminder_days", reminder_days),
        ("negative_limit_minutes", negative_limit_minutes),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            errors[name] = _("Please enter a whole number.")
    if errors:
        raise ValidationError(errors)
    if not 1 <= listing_days <= 365:
        errors["listing_days"] = _("A listing stays online between 1 and 365 days.")
    if not 1 <= reminder_days <= 60:
        errors["reminder_days"] = _("The reminder is sent between 1 and 60 days before.")
    elif reminder_days >= listing_days:
        errors["reminder_days"] = _("The reminder must come before the listing expires.")
    if not 0 <= negative_limit_minutes <= 100 * 60 or negative_limit_minutes % 15:
        errors["negative_limit_minutes"] = _(
            "The limit is counted in quarter hours, between 0 and 6000 minutes."
        )
    if errors:
        raise ValidationError(errors)
    rules, _created = ExchangeSettings.objects.select_for_update().get_or_create(singleton=True)
    rules.listing_days = listing_days
    rules.reminder_days = reminder_days
    rules.allow_negative = bool(allow_negative)
    rules.negative_limit_minutes = negative_limit_minutes
    rules.save(
        update_fields=[
            "listing_days",
            "reminder_days",
            "allow_negative",
            "negative_limit_minutes",
            "updated_at",
        ]
    )
    record_audit(
        actor=by,
        action="exchange_settings_changed",
        detail={
            "listing_days": listing_days,
            "reminder_days": reminder_days,
            "allow_negative": rules.allow_negative,
            "negative_limit_minutes": negative_limit_minutes,
        },
    )
    return rules
