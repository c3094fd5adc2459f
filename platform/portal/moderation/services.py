"""The moderation kit's writes: report, hide, restore, dismiss, approve, reject.

Each service locks the content's row, checks its state (a clear message when it is not
what the moderator saw), audits with the content as target, and tells whoever must know.
A module that needs more (mail the owner, refresh a search index) wraps the kit's service
in its own service, inside the same transaction, so the console and the module's own pages
run the same code.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.accounts.permissions import require_moderator
from portal.accounts.services import town_url
from portal.notifications.kinds import MODERATION_REPORTED, MODERATION_WAITING
from portal.notify import moderators, notify_all
from portal.validation import clean_reason

from .models import REASON_MAX, Hideable, Report, Reportable, Reviewable, ReviewStatus

H = TypeVar("H", bound=Hideable)
R = TypeVar("R", bound=Reviewable)
M = TypeVar("M", bound=models.Model)

AUDIT_REASON_MAX = 200


def _reason(value: object, *, required: bool = True) -> str:
    return clean_reason(value, required=required, max_length=REASON_MAX)


def owner_of(target: models.Model) -> User | None:
    """The person a piece of content belongs to, if its model says (`moderation_owner()`)."""
    owner = getattr(target, "moderation_owner", None)
    return owner() if callable(owner) else None


def _lock(target: M) -> M:
    manager = type(target)._default_manager
    return manager.select_for_update().get(pk=target.pk)


def _save(target: models.Model, fields: list[str]) -> None:
    names = {field.name for field in target._meta.get_fields()}
    target.save(update_fields=[*fields, *(["updated_at"] if "updated_at" in names else [])])


def _audit(*, actor: User, action: str, target: models.Model, reason: str, **detail: Any) -> None:
    record_audit(
        actor=actor,
        action=action,
        subject=owner_of(target),
        target=target,
        detail={"reason": reason[:AUDIT_REASON_MAX], **detail} if reason else detail or None,
    )


def open_reports_of(target: models.Model) -> models.QuerySet[Report]:
    """The reports on this content nobody has dealt with yet."""
    return Report.objects.filter(
        content_type=ContentType.objects.get_for_model(type(target)),
        object_id=target.pk,
        resolved_at__isnull=True,
    )


def _close_reports(target: models.Model, *, by: User, resolution: str) -> int:
    return open_reports_of(target).update(
        resolved_at=timezone.now(), resolved_by=by, resolution=resolution
    )


def queue_link() -> str:
    return town_url(reverse("console:moderation"))


@transaction.atomic
def report(*, target: Reportable, reporter: User, reason: str, what: str) -> Report:
    """Anyone logged in asks the moderators to look at `target`; `what` names its kind as
    an untranslated msgid (gettext_noop), translated in each moderator's own language."""
    if not reporter.is_authenticated or not reporter.is_active:
        raise PermissionDenied(_("Please log in to report something."))
    text = _reason(reason)
    target = _lock(target)
    if isinstance(target, Hideable) and target.is_hidden:
        raise ValidationError(_("The moderators have already hidden this."), code="hidden")
    if open_reports_of(target).filter(reporter=reporter).exists():
        raise ValidationError(
            _("You have already reported this; the moderators will look at it soon."),
            code="duplicate",
        )
    created = Report.objects.create(
        content_type=ContentType.objects.get_for_model(type(target)),
        object_id=target.pk,
        reporter=reporter,
        reason=text,
    )
    record_audit(actor=reporter, action="content_reported", target=target)
    notify_all(
        moderators(),
        "moderation/reported",
        context={"what": what, "title": str(target)[:80], "link": queue_link()},
        kind=MODERATION_REPORTED.key,
    )
    return created


@transaction.atomic
def hide(*, target: H, moderator: User, reason: str) -> H:
    """Take content out of view and close its open reports; returns the locked, saved row."""
    require_moderator(moderator)
    text = _reason(reason)
    target = _lock(target)
    if target.is_hidden:
        raise ValidationError(_("This is already hidden."), code="state")
    target.is_hidden = True
    target.hidden_at = timezone.now()
    target.hidden_by = moderator
    target.hidden_reason = text
    _save(target, ["is_hidden", "hidden_at", "hidden_by", "hidden_reason"])
    closed = 0
    if isinstance(target, Reportable):
        closed = _close_reports(target, by=moderator, resolution=Report.Resolution.HIDDEN)
    _audit(actor=moderator, action="content_hidden", target=target, reason=text, reports=closed)
    return target


@transaction.atomic
def restore(*, target: H, moderator: User, reason: str = "") -> H:
    """Show hidden content again."""
    require_moderator(moderator)
    text = _reason(reason, required=False)
    target = _lock(target)
    if not target.is_hidden:
        raise ValidationError(_("This is not hidden."), code="state")
    target.is_hidden = False
    target.hidden_at = None
    target.hidden_by = None
    target.hidden_reason = ""
    _save(target, ["is_hidden", "hidden_at", "hidden_by", "hidden_reason"])
    _audit(actor=moderator, action="content_restored", target=target, reason=text)
    return target


@transaction.atomic
def dismiss(*, target: Reportable, moderator: User, reason: str = "") -> int:
    """Close every open report on `target` without acting on it; the number closed."""
    require_moderator(moderator)
    text = _reason(reason, required=False)
    target = _lock(target)
    closed = _close_reports(target, by=moderator, resolution=Report.Resolution.DISMISSED)
    if not closed:
        raise ValidationError(_("There is no open report on this any more."), code="state")
    _audit(actor=moderator, action="reports_dismissed", target=target, reason=text, reports=closed)
    return closed


@transaction.atomic
def approve(*, target: R, moderator: User, reason: str = "") -> R:
    """Make waiting (or earlier rejected) content public."""
    require_moderator(moderator)
    text = _reason(reason, required=False)
    target = _lock(target)
    if target.status == ReviewStatus.APPROVED:
        raise ValidationError(_("This has already been approved."), code="state")
    target.status = ReviewStatus.APPROVED
    target.reviewed_at = timezone.now()
    target.reviewed_by = moderator
    target.review_reason = text
    _save(target, ["status", "reviewed_at", "reviewed_by", "review_reason"])
    _audit(actor=moderator, action="content_approved", target=target, reason=text)
    return target


@transaction.atomic
def reject(*, target: R, moderator: User, reason: str) -> R:
    """Refuse waiting content, with a reason its author is told."""
    require_moderator(moderator)
    text = _reason(reason)
    target = _lock(target)
    if target.status != ReviewStatus.PENDING:
        raise ValidationError(_("Only content waiting for approval can be rejected."), code="state")
    target.status = ReviewStatus.REJECTED
    target.reviewed_at = timezone.now()
    target.reviewed_by = moderator
    target.review_reason = text
    _save(target, ["status", "reviewed_at", "reviewed_by", "review_reason"])
    _audit(actor=moderator, action="content_rejected", target=target, reason=text)
    return target


def announce_pending(*, target: Reviewable, what: str) -> int:
    """Tell the moderators that `target` waits for approval (call inside the creating
    transaction: the mails leave only if it commits); the number of mails queued."""
    return notify_all(
        moderators(),
        "moderation/waiting",
        context={"what": what, "title": str(target)[:80], "link": queue_link()},
        kind=MODERATION_WAITING.key,
    )
