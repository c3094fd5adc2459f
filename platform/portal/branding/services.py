"""Writes on a town's branding."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.core.files.base import ContentFile
from django.db import transaction

from portal.accounts.audit import record_audit
from portal.accounts.models import User

from .logos import CleanLogo
from .models import Branding

# The fields a town administrator may change here; the logo goes through `logo`/`remove_logo`.
# Imprint and privacy statement are written with the other published pages
# (portal.branding.legal_services).
EDITABLE_FIELDS = (
    "display_name",
    "tagline",
    "primary_colour",
    "accent_colour",
    "contact_email",
    "contact_phone",
    "contact_address",
)


def create_default_branding(*, town_name: str, contact_email: str = "") -> Branding:
    """Give a new town a readable default look that its administrators can change."""
    branding, _created = Branding.objects.get_or_create(
        singleton=True, defaults={"display_name": town_name, "contact_email": contact_email}
    )
    return branding


@transaction.atomic
def update_branding(
    *,
    branding: Branding,
    fields: Mapping[str, object],
    logo: CleanLogo | None = None,
    remove_logo: bool = False,
    changed_by: User | None = None,
) -> Branding:
    """Store branding fields and an already re-encoded logo; the old logo file goes on commit.

    Every field is validated before any file is written, so a refused change stores nothing.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable branding fields: {sorted(unknown)}")
    if branding.pk is None:
        branding = create_default_branding(town_name=branding.display_name)
    branding = Branding.objects.select_for_update().get(pk=branding.pk)
    changed = sorted(name for name, value in fields.items() if getattr(branding, name) != value)
    for name, value in fields.items():
        setattr(branding, name, value)
    branding.full_clean(exclude=["logo"])
    old_logo = branding.logo.name or ""
    storage = branding.logo.storage
    if logo is not None:
        branding.logo.save(f"logo-{uuid.uuid4().hex[:12]}.png", ContentFile(logo.png), save=False)
        changed.append("logo")
    elif remove_logo and old_logo:
        branding.logo = ""
        changed.append("logo")
    new_logo = branding.logo.name or ""
    try:
        branding.save()
    except Exception:
        if new_logo and new_logo != old_logo:
            storage.delete(new_logo)
        raise
    if old_logo and old_logo != new_logo:
        transaction.on_commit(lambda: storage.delete(old_logo))
    if changed:
        record_audit(actor=changed_by, action="branding_changed", detail={"fields": changed})
    return branding
