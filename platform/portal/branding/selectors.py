"""Reads of the current town's branding."""

from __future__ import annotations

from .models import Branding


def current_branding() -> Branding:
    """The branding of the current schema's town (an unsaved default if none exists yet)."""
    branding = Branding.objects.filter(singleton=True).first()
    if branding is None:
        from django.db import connection

        tenant = getattr(connection, "tenant", None)
        branding = Branding(display_name=getattr(tenant, "name", "LQ"))
    return branding
