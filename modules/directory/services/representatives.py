"""Representatives of an organisation: signed invitations, accepting, removing."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.accounts.services import town_url
from portal.mail import queue_town_email
from tenants.signed_links import make_link_token, read_link_token

from ..models import (
    Organisation,
    OrganisationChange,
    Representative,
    RepresentativeInvitation,
)
from ._editing import _clean_text, _log
from ._people import _grant_representative_role, _require_editor, _take_back_representative_role

INVITATION_DAYS = 14


INVITATION_MAX_AGE = INVITATION_DAYS * 24 * 60 * 60


INVITATION_PURPOSE = "directory.invitation"


def make_invitation_token(invitation: RepresentativeInvitation) -> str:
    # A signed link with the town in its salt; the invitation row makes it single-use.
    return make_link_token(purpose=INVITATION_PURPOSE, payload={"i": str(invitation.public_id)})


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
    data = read_link_token(purpose=INVITATION_PURPOSE, token=token, max_age=INVITATION_MAX_AGE)
    if data is None or "i" not in data:
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
