"""What acting on behalf keeps of a person: a managed resident's address, consents."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from portal.personal_data import ExportPart, PersonalData

from .models import Consent, ManagedResident

CONSENT_FIELDS = ("scopes", "given_how", "valid_from", "valid_until", "note", "revoked_at")


def export_behalf(user: Any) -> ExportPart:
    profile = ManagedResident.objects.filter(user=user).values("address", "created_at").first()
    given = list(Consent.objects.filter(person=user).values(*CONSENT_FIELDS, "created_at"))
    # As a helper: what they were allowed, not whose data (that is the other person's).
    received = list(
        Consent.objects.filter(helper=user).values("scopes", "valid_from", "valid_until")
    )
    return ExportPart(
        data={"managed_profile": profile, "consents_given": given, "consents_received": received}
    )


def erase_behalf(user: Any) -> None:
    ManagedResident.objects.filter(user=user).delete()
    Consent.objects.filter(person=user).delete()
    # A helper who leaves may no longer act for anyone; the record of the past stays.
    Consent.objects.filter(helper=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


BEHALF = PersonalData(
    key="behalf",
    export=export_behalf,
    erase=erase_behalf,
    covers=("behalf.ManagedResident.user", "behalf.Consent.person", "behalf.Consent.helper"),
    excluded={
        "behalf.ManagedResident.created_by": "the network manager who vouched; names no one",
        "behalf.Consent.recorded_by": "who recorded a consent; kept as its evidence",
        "behalf.Consent.revoked_by": "who revoked a consent; kept as its evidence",
    },
)
