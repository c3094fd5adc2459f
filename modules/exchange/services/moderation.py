"""Reports, moderation (hide, restore, block) and the town's exchange settings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts import services as account_services
from portal.accounts.models import User
from portal.accounts.services import town_url
from portal.mail import queue_town_email

from ..models import (
    REASON_MAX,
    ExchangeSettings,
    Listing,
    Message,
    ModerationAction,
    Report,
)
from .checks import clean_text, require_moderator


def _reason(value: str) -> str:
    return clean_text(value, field="reason", label=_("the reason"), max_length=REASON_MAX)


def _resolve_reports(*, moderator: User, listing: Listing | None, message: Message | None) -> None:
    reports = Report.objects.filter(resolved_at__isnull=True)
    reports = reports.filter(listing=listing) if listing else reports.filter(message=message)
    reports.update(resolved_at=timezone.now(), resolved_by=moderator)


@transaction.atomic
def report_content(
    *, reporter: User, reason: str, listing: Listing | None = None, message: Message | None = None
) -> Report:
    """Anyone logged in may ask the moderators to look at a listing or a message."""
    if not reporter.is_authenticated or not reporter.is_active:
        raise PermissionDenied(_("Please log in to report something."))
    if (listing is None) == (message is None):
        raise ValueError("report exactly one listing or one message")
    text = _reason(reason)
    open_reports = Report.objects.filter(reporter=reporter, resolved_at__isnull=True)
    if (listing and open_reports.filter(listing=listing).exists()) or (
        message and open_reports.filter(message=message).exists()
    ):
        raise ValidationError(
            _("You have already reported this; the moderators will look at it soon.")
        )
    return Report.objects.create(reporter=reporter, listing=listing, message=message, reason=text)


def _notify_owner(listing: Listing, *, hidden: bool, reason: str) -> None:
    owner = listing.owner
    queue_town_email(
        template="exchange/listing_moderated",
        to=[owner.email],
        context={
            "name": owner.full_name,
            "listing": listing.title,
            "hidden": hidden,
            "reason": reason,
            "link": town_url(reverse("exchange:detail", args=[listing.public_id])),
        },
        language=owner.language,
    )


@transaction.atomic
def hide_listing(*, listing: Listing, moderator: User, reason: str) -> Listing:
    """Take a listing out of view; its owner still sees it, with the reason."""
    require_moderator(moderator)
    text = _reason(reason)
    listing = Listing.objects.select_for_update().select_related("owner").get(pk=listing.pk)
    if listing.is_hidden:
        raise ValidationError(_("This listing is already hidden."))
    listing.is_hidden = True
    listing.hidden_reason = text
    listing.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    ModerationAction.objects.create(
        actor=moderator,
        action=ModerationAction.Action.HIDE_LISTING,
        listing=listing,
        subject=listing.owner,
        reason=text,
    )
    _resolve_reports(moderator=moderator, listing=listing, message=None)
    _notify_owner(listing, hidden=True, reason=text)
    return listing


@transaction.atomic
def restore_listing(*, listing: Listing, moderator: User, reason: str) -> Listing:
    """Show a hidden listing again."""
    require_moderator(moderator)
    text = _reason(reason)
    listing = Listing.objects.select_for_update().select_related("owner").get(pk=listing.pk)
    if not listing.is_hidden:
        raise ValidationError(_("This listing is not hidden."))
    listing.is_hidden = False
    listing.hidden_reason = ""
    listing.save(update_fields=["is_hidden", "hidden_reason", "updated_at"])
    ModerationAction.objects.create(
        actor=moderator,
        action=ModerationAction.Action.RESTORE_LISTING,
        listing=listing,
        subject=listing.owner,
        reason=text,
    )
    _notify_owner(listing, hidden=False, reason=text)
    return listing


@transaction.atomic
def hide_message(*, message: Message, moderator: User, reason: str) -> Message:
    """Replace a message by a notice with the reason, for both people of the thread."""
    require_moderator(moderator)
    text = _reason(reason)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.is_hidden:
        raise ValidationError(_("This message is already hidden."))
    message.is_hidden = True
    message.hidden_reason = text
    message.save(update_fields=["is_hidden", "hidden_reason"])
    ModerationAction.objects.create(
        actor=moderator,
        action=ModerationAction.Action.HIDE_MESSAGE,
        message=message,
        subject_id=message.author_id,
        reason=text,
    )
    _resolve_reports(moderator=moderator, listing=None, message=message)
    return message


@transaction.atomic
def restore_message(*, message: Message, moderator: User, reason: str) -> Message:
    require_moderator(moderator)
    text = _reason(reason)
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.is_hidden:
        raise ValidationError(_("This message is not hidden."))
    message.is_hidden = False
    message.hidden_reason = ""
    message.save(update_fields=["is_hidden", "hidden_reason"])
    ModerationAction.objects.create(
        actor=moderator,
        action=ModerationAction.Action.RESTORE_MESSAGE,
        message=message,
        subject_id=message.author_id,
        reason=text,
    )
    return message


@transaction.atomic
def dismiss_report(*, report: Report, moderator: User, reason: str) -> Report:
    """Close a report without acting on its target."""
    require_moderator(moderator)
    text = _reason(reason)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at is not None:
        raise ValidationError(_("This report has already been dealt with."))
    report.resolved_at = timezone.now()
    report.resolved_by = moderator
    report.save(update_fields=["resolved_at", "resolved_by"])
    ModerationAction.objects.create(
        actor=moderator,
        action=ModerationAction.Action.DISMISS_REPORT,
        listing_id=report.listing_id,
        message_id=report.message_id,
        reason=text,
    )
    return report


@transaction.atomic
def block_user(*, user: User, moderator: User, reason: str) -> User:
    """Stop someone from using the portal; their listings disappear with them.

    Who may block whom is accounts' one rule set; the exchange keeps its own record."""
    text = _reason(reason)
    user = account_services.block_user(
        user=user, blocked_by=moderator, reason=text, module="exchange"
    )
    ModerationAction.objects.create(
        actor=moderator, action=ModerationAction.Action.BLOCK_USER, subject=user, reason=text
    )
    return user


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
    ModerationAction.objects.create(
        actor=by,
        action=ModerationAction.Action.CHANGE_SETTINGS,
        reason=f"{listing_days}/{reminder_days}/{allow_negative}/{negative_limit_minutes}",
    )
    return rules
