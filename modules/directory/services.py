"""Writes on the directory: registering, editing, moderating and reviewing organisations,
their offerings and their representatives."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.accounts.models import Role, User
from portal.accounts.services import grant_role, revoke_role, town_url
from portal.mail import queue_town_email
from portal.moderation import services as kit
from portal.notify import notify_all
from portal.validation import has_visible_text
from tenants.current import current_schema

from .images import reencode_logo
from .models import (
    Category,
    DirectorySettings,
    Offering,
    Organisation,
    OrganisationChange,
    Representative,
    RepresentativeInvitation,
)
from .search import refresh_search_index, strip_control

PROFILE_FIELDS = (
    "name",
    "kind",
    "description",
    "categories",
    "contact_name",
    "email",
    "phone",
    "website",
    "address",
    "meeting_times",
)
REQUIRED_FIELDS = ("name", "kind", "description")
OFFERING_FIELDS = ("title", "description", "schedule")
MAX_CATEGORIES = 5
INVITATION_DAYS = 14
INVITATION_MAX_AGE = INVITATION_DAYS * 24 * 60 * 60


def _clean_text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError({field: _("Please enter text.")}, code="wrong_type")
    return strip_control(value).strip()


def _clean_categories(value: Any) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValidationError({"categories": _("Please choose categories from the list.")})
    chosen = list(dict.fromkeys(value))
    unknown = [v for v in chosen if v not in Category.values]
    if unknown:
        raise ValidationError({"categories": _("Please choose categories from the list.")})
    if len(chosen) > MAX_CATEGORIES:
        raise ValidationError(
            {"categories": _("Please choose at most %(n)s categories.") % {"n": MAX_CATEGORIES}}
        )
    return chosen


def _apply_fields(target: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> list[str]:
    """Set cleaned values on `target`; return the names of fields that really changed."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    changed = []
    for name, raw in fields.items():
        value = _clean_categories(raw) if name == "categories" else _clean_text(raw, name)
        limit = getattr(target._meta.get_field(name), "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            # TextField's max_length is not checked by full_clean, so check every field here.
            raise ValidationError(
                {name: _("Please keep this under %(n)s characters.") % {"n": limit}}
            )
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    return changed


def _require_filled(target: Any, names: tuple[str, ...]) -> None:
    # Zero-width or bidi characters alone are no name (portal.validation).
    empty = {
        name: _("This field must not be empty.")
        for name in names
        if not has_visible_text(getattr(target, name))
    }
    if empty:
        raise ValidationError(empty)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _log(
    organisation: Organisation,
    by: User | None,
    action: str,
    fields: list[str] | None = None,
    note: str = "",
) -> None:
    OrganisationChange.objects.create(
        organisation=organisation,
        changed_by=by,
        action=action,
        fields=fields or [],
        note=note[:500],
    )


def is_representative(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    return bool(
        isinstance(user, User)
        and Representative.objects.filter(organisation=organisation, user=user).exists()
    )


def can_edit(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Representatives (and the town's moderators) who may take part may edit a profile."""
    if not isinstance(user, User) or not user.can_participate:
        return False
    return user.is_moderator or is_representative(user=user, organisation=organisation)


def _require_editor(user: User, organisation: Organisation) -> None:
    if not can_edit(user=user, organisation=organisation):
        raise PermissionDenied(_("Only the organisation's representatives may do this."))


@transaction.atomic
def register_organisation(
    *, created_by: User, fields: dict[str, Any], logo: UploadedFile[Any] | None = None
) -> Organisation:
    """A new organisation, waiting for a moderator; its creator becomes its representative."""
    if not created_by.can_participate:
        raise PermissionDenied(_("Only residents who may take part can register organisations."))
    organisation = Organisation(created_by=created_by)
    _apply_fields(organisation, fields, PROFILE_FIELDS)
    _require_filled(organisation, REQUIRED_FIELDS)
    organisation.slug = _unique_slug(organisation.name)
    organisation.full_clean(exclude=["logo", "search_vector"])
    if logo is not None:
        content = reencode_logo(logo)
        organisation.logo.save(content.name or "logo.png", content, save=False)
    organisation.save()
    Representative.objects.create(organisation=organisation, user=created_by, added_by=created_by)
    _log(organisation, created_by, OrganisationChange.Action.CREATED)
    refresh_search_index(organisation)
    kit.announce_pending(target=organisation, what=_("Organisation"))
    return organisation


@transaction.atomic
def update_organisation(
    *,
    organisation: Organisation,
    changed_by: User,
    fields: dict[str, Any],
    logo: UploadedFile[Any] | None = None,
    remove_logo: bool = False,
) -> Organisation:
    """Edits go live at once and are logged; an edit also confirms the profile is current."""
    _require_editor(changed_by, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = _apply_fields(organisation, fields, PROFILE_FIELDS)
    _require_filled(organisation, REQUIRED_FIELDS)
    organisation.full_clean(exclude=["logo", "search_vector", "slug"])
    if logo is not None:
        content = reencode_logo(logo)
        organisation.logo.save(content.name or "logo.png", content, save=False)
        changed.append("logo")
    elif remove_logo and organisation.logo:
        organisation.logo = ""
        changed.append("logo")
    if not changed:
        return organisation
    now = timezone.now()
    organisation.updated_at = now
    organisation.last_reviewed_at = now
    organisation.save(update_fields=[*changed, "updated_at", "last_reviewed_at"])
    _log(organisation, changed_by, OrganisationChange.Action.EDITED, changed)
    refresh_search_index(organisation)
    return organisation


def _notify_representatives(organisation: Organisation, template: str, **context: Any) -> None:
    users = User.objects.filter(
        pk__in=Representative.objects.filter(organisation=organisation).values("user_id")
    )
    link = town_url(reverse("directory:detail", args=[organisation.slug]))
    notify_all(
        users, template, context={"organisation": organisation.name, "link": link, **context}
    )


@transaction.atomic
def approve_organisation(*, organisation: Organisation, approved_by: User) -> Organisation:
    """Make a waiting (or earlier rejected) organisation public."""
    if not approved_by.is_moderator:
        raise PermissionDenied(_("Only moderators approve organisations."))
    try:
        organisation = kit.approve(target=organisation, moderator=approved_by)
    except ValidationError as exc:
        raise ValidationError(_("This organisation is already public.")) from exc
    now = organisation.reviewed_at or timezone.now()
    organisation.approved_at = organisation.last_reviewed_at = now
    organisation.save(update_fields=["approved_at", "last_reviewed_at"])
    _log(organisation, approved_by, OrganisationChange.Action.APPROVED)
    for representative in Representative.objects.filter(organisation=organisation).select_related(
        "user"
    ):
        _grant_representative_role(representative.user, organisation)
    _notify_representatives(organisation, "directory/approved")
    return organisation


@transaction.atomic
def reject_organisation(
    *, organisation: Organisation, rejected_by: User, reason: str
) -> Organisation:
    """Refuse a waiting organisation, telling its representatives why."""
    if not rejected_by.is_moderator:
        raise PermissionDenied(_("Only moderators reject organisations."))
    reason = _clean_text(reason, "reason")
    if not reason:
        raise ValidationError({"reason": _("Please say why, so the organisation can fix it.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Please keep the reason under 500 characters.")})
    try:
        organisation = kit.reject(target=organisation, moderator=rejected_by, reason=reason)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "state":
            raise
        raise ValidationError(
            _("Only organisations waiting for approval can be rejected.")
        ) from exc
    _log(organisation, rejected_by, OrganisationChange.Action.REJECTED, note=reason)
    for representative in Representative.objects.filter(organisation=organisation).select_related(
        "user"
    ):
        _take_back_representative_role(representative.user, organisation, by=rejected_by)
    _notify_representatives(organisation, "directory/rejected", reason=reason)
    return organisation


@transaction.atomic
def confirm_organisation_current(*, organisation: Organisation, reviewed_by: User) -> Organisation:
    """A representative confirms the profile is still correct."""
    _require_editor(reviewed_by, organisation)
    organisation.last_reviewed_at = timezone.now()
    organisation.save(update_fields=["last_reviewed_at"])
    _log(organisation, reviewed_by, OrganisationChange.Action.REVIEWED)
    return organisation


@transaction.atomic
def add_offering(*, organisation: Organisation, added_by: User, fields: dict[str, Any]) -> Offering:
    """What the organisation does for residents; live at once."""
    _require_editor(added_by, organisation)
    offering = Offering(organisation=organisation)
    _apply_fields(offering, fields, OFFERING_FIELDS)
    _require_filled(offering, ("title",))
    offering.full_clean()
    offering.save()
    _log(organisation, added_by, OrganisationChange.Action.OFFERING_ADDED, note=offering.title)
    refresh_search_index(organisation)
    return offering


@transaction.atomic
def update_offering(*, offering: Offering, changed_by: User, fields: dict[str, Any]) -> Offering:
    """Change an offering; logged with the changed fields."""
    organisation = offering.organisation
    _require_editor(changed_by, organisation)
    changed = _apply_fields(offering, fields, OFFERING_FIELDS)
    _require_filled(offering, ("title",))
    offering.full_clean()
    if changed:
        offering.save(update_fields=changed)
        _log(
            organisation,
            changed_by,
            OrganisationChange.Action.OFFERING_EDITED,
            changed,
            offering.title,
        )
        refresh_search_index(organisation)
    return offering


@transaction.atomic
def remove_offering(*, offering: Offering, removed_by: User) -> None:
    """Delete an offering."""
    organisation = offering.organisation
    _require_editor(removed_by, organisation)
    title = offering.title
    offering.delete()
    _log(organisation, removed_by, OrganisationChange.Action.OFFERING_REMOVED, note=title)
    refresh_search_index(organisation)


def _invitation_salt() -> str:
    # The schema is part of the salt: a link made in one town is worthless in another.
    return f"lq.directory.invitation.{current_schema()}"


def make_invitation_token(invitation: RepresentativeInvitation) -> str:
    return signing.dumps({"i": str(invitation.public_id)}, salt=_invitation_salt())


@transaction.atomic
def invite_representative(
    *, organisation: Organisation, invited_by: User, email: str
) -> RepresentativeInvitation:
    """E-mail a signed, single-use link that makes its recipient a representative."""
    _require_editor(invited_by, organisation)
    email = _clean_text(email, "email").lower()
    invitation = RepresentativeInvitation(
        organisation=organisation,
        email=email,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    try:
        invitation.full_clean(exclude=["organisation", "invited_by"])
    except ValidationError as exc:
        raise ValidationError({"email": _("Please enter a valid e-mail address.")}) from exc
    already = Representative.objects.filter(
        organisation=organisation, user__email__iexact=email
    ).exists()
    if already:
        raise ValidationError({"email": _("This person already represents the organisation.")})
    invitation.save()
    _log(organisation, invited_by, OrganisationChange.Action.INVITATION_SENT, note=email)
    link = town_url(
        reverse("directory:accept_invitation", args=[make_invitation_token(invitation)])
    )
    queue_town_email(
        template="directory/invitation",
        to=[email],
        context={
            "inviter": invited_by.full_name,
            "organisation": organisation.name,
            "link": link,
            "days": INVITATION_DAYS,
        },
    )
    return invitation


def read_invitation(token: str) -> RepresentativeInvitation | None:
    """The invitation a link was made for (in this town), or None for a forged or old link."""
    try:
        data = signing.loads(token, salt=_invitation_salt(), max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("i"), str):
        return None
    return (
        RepresentativeInvitation.objects.select_related("organisation")
        .filter(public_id=data["i"])
        .first()
    )


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Representative:
    """Make the logged-in user a representative; a link works once, for its address only."""
    found = read_invitation(token)
    if found is None:
        raise ValidationError(_("This invitation link is not valid or has expired."))
    invitation = RepresentativeInvitation.objects.select_for_update().get(pk=found.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation link is not valid or has expired."))
    if not user.can_participate:
        raise ValidationError(
            _("Please confirm your e-mail address first; then open the invitation again.")
        )
    if (user.email or "").lower() != invitation.email.lower():
        raise ValidationError(
            _(
                "This invitation was sent to another e-mail address. Please log in with the "
                "account of that address."
            )
        )
    organisation = invitation.organisation
    representative, created = Representative.objects.get_or_create(
        organisation=organisation, user=user, defaults={"added_by": invitation.invited_by}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if created:
        _log(
            organisation, user, OrganisationChange.Action.REPRESENTATIVE_ADDED, note=user.full_name
        )
    if organisation.status == Organisation.Status.APPROVED:
        _grant_representative_role(user, organisation)
    return representative


def _take_back_representative_role(user: User, organisation: Organisation, *, by: User) -> None:
    """The role goes with the last public organisation the person represents."""
    still = (
        Representative.objects.filter(user=user, organisation__status=Organisation.Status.APPROVED)
        .exclude(organisation=organisation)
        .exists()
    )
    if not still:
        revoke_role(
            user=user,
            role=Role.ORGANISATION,
            reason=f"no longer representative of {organisation.slug}",
            revoked_by=by,
        )


def _grant_representative_role(user: User, organisation: Organisation) -> None:
    """Representatives of a public organisation hold the role, e.g. to announce its events."""
    grant_role(
        user=user,
        role=Role.ORGANISATION,
        reason=f"representative of {organisation.slug}",
    )


@transaction.atomic
def remove_representative(
    *, organisation: Organisation, representative: Representative, removed_by: User
) -> None:
    """Remove a representative; an organisation keeps at least one."""
    _require_editor(removed_by, organisation)
    if representative.organisation_id != organisation.pk:
        raise ValidationError(_("This person does not represent the organisation."))
    count = Representative.objects.select_for_update().filter(organisation=organisation).count()
    if count <= 1:
        raise ValidationError(_("An organisation keeps at least one representative."))
    name = representative.user.full_name
    representative.delete()
    _log(organisation, removed_by, OrganisationChange.Action.REPRESENTATIVE_REMOVED, note=name)
    _take_back_representative_role(representative.user, organisation, by=removed_by)


def get_settings() -> DirectorySettings:
    settings, _created = DirectorySettings.objects.get_or_create(singleton=True)
    return settings


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
