"""Registering, editing, approving, rejecting and confirming organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts.models import User
from portal.moderation import services as kit
from portal.validation import clean_reason

from ..images import reencode_logo
from ..models import (
    Organisation,
    OrganisationChange,
    Representative,
)
from ..search import refresh_search_index
from ._editing import (
    PROFILE_FIELDS,
    REQUIRED_FIELDS,
    _apply_fields,
    _log,
)
from ._people import (
    _grant_representative_role,
    _notify_representatives,
    _require_editor,
    _take_back_representative_role,
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def register_organisation(
    *, created_by: User, fields: dict[str, Any], logo: UploadedFile[Any] | None = None
) -> Organisation:
    """A new organisation, waiting for a moderator; its creator becomes its representative."""
    if not created_by.can_participate:
        raise PermissionDenied(_("Only residents who may take part can register organisations."))
    organisation = Organisation(created_by=created_by)
    _apply_fields(organisation, fields, PROFILE_FIELDS, required=REQUIRED_FIELDS)
    organisation.slug = _unique_slug(organisation.name)
    organisation.full_clean(exclude=["logo", "search_vector"])
    if logo is not None:
        content = reencode_logo(logo)
        organisation.logo.save(content.name or "logo.png", content, save=False)
    organisation.save()
    Representative.objects.create(organisation=organisation, user=created_by, added_by=created_by)
    _log(organisation, created_by, OrganisationChange.Action.CREATED)
    refresh_search_index(organisation)
    kit.announce_pending(target=organisation, what=gettext_noop("Organisation"))
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
    changed = _apply_fields(organisation, fields, PROFILE_FIELDS, required=REQUIRED_FIELDS)
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
    reason = clean_reason(
        reason,
        required=True,
        max_length=500,
        required_message=_("Please say why, so the organisation can fix it."),
        too_long_message=_("Please keep the reason under %(max)d characters."),
    )
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
