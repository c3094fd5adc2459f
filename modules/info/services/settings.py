"""The town's choices for the info module."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.validation import Errors

from ..models import InfoSettings
from ..permissions import is_town_admin
from ._checks import require

LIMITS = {
    "link_failures_before_flag": (1, 10),
    "menu_max_days": (1, 31),
    "event_weeks_ahead": (1, 52),
}


def get_info_settings() -> InfoSettings:
    """The settings row of the current town, created with defaults on first use."""
    found, _created = InfoSettings.objects.get_or_create(singleton=True)
    return found


def update_info_settings(
    *,
    actor: User,
    link_failures_before_flag: object,
    menu_max_days: object,
    event_weeks_ahead: object,
    nudge_providers: object,
) -> InfoSettings:
    """Change the town's info settings (town administrators only)."""
    require(is_town_admin(actor))
    errors = Errors()
    values: dict[str, int] = {}
    for field, raw in (
        ("link_failures_before_flag", link_failures_before_flag),
        ("menu_max_days", menu_max_days),
        ("event_weeks_ahead", event_weeks_ahead),
    ):
        low, high = LIMITS[field]
        if isinstance(raw, bool) or not isinstance(raw, int):
            errors.add(field, _("Enter a whole number."))
            continue
        if not low <= raw <= high:
            errors.add(
                field,
                _("Enter a number from %(low)d to %(high)d.") % {"low": low, "high": high},
            )
        values[field] = raw
    if not isinstance(nudge_providers, bool):
        errors.add("nudge_providers", _("Choose yes or no."))
    errors.raise_if_any()
    with transaction.atomic():
        current = InfoSettings.objects.select_for_update().get(pk=get_info_settings().pk)
        for field, value in values.items():
            setattr(current, field, value)
        current.nudge_providers = bool(nudge_providers)
        current.save(update_fields=[*values, "nudge_providers", "updated_at"])
    return current
