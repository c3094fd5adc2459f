"""What the accounts app keeps of a person, and how it is exported and erased.

The account row is not deleted but anonymised, last of all (order 100): every other app's
rows may keep pointing at it (a message's author, a ledger account's time account), and it
then names no one. Audit entries stay for the same reason: they record what was done, and
the person they point at is anonymous from then on.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.files import delete_files_on_commit
from portal.personal_data import ExportPart, PersonalData

from .models import AuditEntry, DataExport, User

ANONYMOUS_DOMAIN = "deleted.invalid"  # RFC 2606: can never receive mail

# Keys of AuditEntry.detail that hold what a person wrote or who they are (an address, a
# transfer's note copied as "reason", a name). The entry itself stays; these keys go when
# the person it is about (subject, on behalf of, or named by public id in from/to) leaves.
AUDIT_PERSONAL_KEYS = ("email", "reason", "note", "name", "full_name", "phone", "address")
AUDIT_PERSON_KEYS = ("from", "to", "person")


def scrub_audit_details(user: User) -> None:
    """Drop the personal keys from the details of every audit entry about the person."""
    public_id = str(user.public_id)
    about = Q(subject=user) | Q(on_behalf_of=user)
    for key in AUDIT_PERSON_KEYS:
        about |= Q(**{f"detail__{key}": public_id})
    changed = []
    for entry in AuditEntry.objects.filter(about).only("pk", "detail"):
        if isinstance(entry.detail, dict) and set(entry.detail) & set(AUDIT_PERSONAL_KEYS):
            entry.detail = {k: v for k, v in entry.detail.items() if k not in AUDIT_PERSONAL_KEYS}
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["detail"], batch_size=500)


def export_account(user: User) -> ExportPart:
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    profile = {
        "public_id": user.public_id,
        "email": user.email,
        "full_name": user.full_name,
        "postcode": user.postcode,
        "district": user.district,
        "phone": user.phone,
        "language": user.language,
        "roles": list(user.roles),
        "status": user.status,
        "date_joined": user.date_joined,
        "email_verified_at": user.email_verified_at,
        "last_login": user.last_login,
    }
    audit = [
        {
            "action": entry.action,
            "at": entry.created_at,
            "you_acted": entry.actor_id == user.pk,
            "done_to_you": entry.subject_id == user.pk,
            "done_for_you": entry.on_behalf_of_id == user.pk,
        }
        for entry in AuditEntry.objects.filter(
            Q(actor=user) | Q(subject=user) | Q(on_behalf_of=user)
        ).order_by("created_at", "id")
    ]
    # Secrets are not exported, only that they exist.
    devices = [
        {"name": device.name, "confirmed": device.confirmed}
        for device in TOTPDevice.objects.filter(user=user)
    ]
    data: dict[str, Any] = {
        "profile": profile,
        "audit_log": audit,
        "two_factor_devices": devices,
        "has_api_token": Token.objects.filter(user=user).exists(),
    }
    return ExportPart(data=data)


def anonymise_account(user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from rest_framework.authtoken.models import Token

    scrub_audit_details(user)  # before the public id changes: from/to name the old one
    Token.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    files = list(DataExport.objects.filter(user=user).values_list("file", flat=True))
    DataExport.objects.filter(user=user).delete()
    delete_files_on_commit(files)
    user.groups.clear()
    user.user_permissions.clear()
    tenant = getattr(connection, "tenant", None)
    with translation.override(getattr(tenant, "default_language", "de")):
        user.full_name = _("Deleted account")
    new_id = uuid.uuid4()
    user.public_id = new_id
    user.email = f"deleted-{new_id.hex}@{ANONYMOUS_DOMAIN}"
    user.is_managed = False
    user.postcode = ""
    user.district = ""
    user.phone = ""
    user.roles = []
    user.status = User.Status.BLOCKED
    user.is_active = False
    user.email_verified_at = None
    user.last_login = None
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()


ACCOUNTS = PersonalData(
    key="accounts",
    export=export_account,
    erase=anonymise_account,
    covers=(
        "accounts.DataExport.user",
        "accounts.User_groups.user",
        "accounts.User_user_permissions.user",
        "authtoken.Token.user",
        "otp_totp.TOTPDevice.user",
        "accounts.AuditEntry.actor",
        "accounts.AuditEntry.subject",
        "accounts.AuditEntry.on_behalf_of",
    ),
    excluded={
        "accounts.Invitation.created_by": (
            "who made an invitation code: kept for the code's history, and the "
            "anonymised account names no one"
        ),
        "admin.LogEntry.user": (
            "Django's admin runs only on the operator host; town schemas hold no entries"
        ),
    },
    order=100,
)
