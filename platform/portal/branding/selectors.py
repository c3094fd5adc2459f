"""Reads of the current town's branding."""

from __future__ import annotations

from portal.town_cache import cached_for_town

from .models import Branding


def current_branding() -> Branding:
    """The branding of the current schema's town (an unsaved default if none exists yet),
    from the town's cache when it holds it."""
    return cached_for_town("branding", _read_branding)


def _read_branding() -> Branding:
    branding = Branding.objects.filter(singleton=True).first()
    if branding is None:
        from django.db import connection

        tenant = getattr(connection, "tenant", None)
        branding = Branding(display_name=getattr(tenant, "name", "LQ"))
    return branding
