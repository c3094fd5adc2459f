"""Writes on a town's branding."""

from __future__ import annotations

from django.db import transaction

from .models import Branding


def create_default_branding(*, town_name: str, contact_email: str = "") -> Branding:
    """Give a new town a readable default look that its administrators can change."""
    branding, _created = Branding.objects.get_or_create(
        singleton=True, defaults={"display_name": town_name, "contact_email": contact_email}
    )
    return branding


@transaction.atomic
def update_branding(*, branding: Branding, fields: dict[str, object]) -> Branding:
    """Store validated branding fields (the form has already re-encoded any logo)."""
    for name, value in fields.items():
        setattr(branding, name, value)
    branding.full_clean()
    branding.save()
    return branding
