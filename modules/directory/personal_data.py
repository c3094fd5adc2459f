"""What the directory keeps of a person: whom they represent, what they registered.

Deleting the account ends their representations and removes invitations sent to their
address; the organisations stay (they belong to their members), without pointing at them."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from portal.personal_data import ExportFile, ExportPart, PersonalData

from .models import Organisation, Representative, RepresentativeInvitation


def export_directory(user: Any) -> ExportPart:
    represented = list(
        Representative.objects.filter(user=user).values(
            "organisation__name", "organisation__slug", "added_at"
        )
    )
    registered = []
    files = []
    for organisation in Organisation.objects.filter(created_by=user):
        entry = {"name": organisation.name, "slug": organisation.slug, "logo": ""}
        if organisation.logo:
            name = f"{organisation.slug}/{PurePosixPath(str(organisation.logo.name)).name}"
            files.append(ExportFile(storage_name=str(organisation.logo.name), name=name))
            entry["logo"] = name
        registered.append(entry)
    invitations = list(
        RepresentativeInvitation.objects.filter(email__iexact=user.email or "-").values(
            "organisation__name", "created_at", "accepted_at"
        )
    )
    data = {
        "representing": represented,
        "organisations_registered": registered,
        "invitations_received": invitations,
    }
    return ExportPart(data=data, files=files)


def erase_directory(user: Any) -> None:
    Representative.objects.filter(user=user).delete()
    if user.email:
        RepresentativeInvitation.objects.filter(email__iexact=user.email).delete()
    RepresentativeInvitation.objects.filter(accepted_by=user).update(accepted_by=None)
    Organisation.objects.filter(created_by=user).update(created_by=None)


DIRECTORY = PersonalData(
    key="directory",
    export=export_directory,
    erase=erase_directory,
    covers=(
        "directory.Representative.user",
        "directory.Organisation.created_by",
        "directory.RepresentativeInvitation.accepted_by",
    ),
    excluded={
        "directory.Representative.added_by": "who added a representative; names no one",
        "directory.RepresentativeInvitation.invited_by": "who sent an invitation; names no one",
        "directory.OrganisationChange.changed_by": (
            "the organisation's change log; kept for its members, names no one once the "
            "account is anonymised"
        ),
        "directory.Organisation.reviewed_by": "the moderator who reviewed a profile",
    },
)
