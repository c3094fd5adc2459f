"""Lunch menus of restaurants (providers): validity, expiry, and the nudge when one runs out."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.accounts.services import town_url
from portal.formatting import tel_uri
from portal.notify import notify
from portal.validation import Errors

from ..models import Menu
from ..notification_kinds import MENUS
from ..permissions import can_edit_menu, can_publish_menus
from ..recurrence import town_zone
from ._checks import require
from .settings import get_info_settings

# Menus published this far ahead at most; expired menus older than this are not nudged.
FURTHEST_AHEAD = timedelta(days=60)
NUDGE_WINDOW = timedelta(days=7)


def town_today() -> date:
    """Today's date in the town's time zone."""
    return timezone.localdate(timezone.now(), town_zone())


def _day(errors: Errors, field: str, value: object) -> date | None:
    if value in (None, ""):
        errors.add(field, _("Enter a date."))
        return None
    if not isinstance(value, date) or hasattr(value, "hour"):
        errors.add(field, _("Enter a valid date."))
        return None
    errors.moment(field, value)
    return None if field in errors.errors else value


def _clean_menu(
    *,
    provider: User,
    restaurant: object,
    dishes: object,
    note: object,
    valid_from: object,
    valid_until: object,
    exclude: Menu | None,
    address: object = "",
    phone: object = "",
) -> dict[str, object]:
    errors = Errors()
    cleaned: dict[str, object] = {
        "restaurant": errors.text("restaurant", restaurant, max_length=120),
        "dishes": errors.text("dishes", dishes, max_length=3000, multiline=True),
        "note": errors.text("note", note, max_length=300, required=False),
        "address": errors.text("address", address, max_length=200, required=False),
        "phone": errors.text("phone", phone, max_length=40, required=False),
    }
    if cleaned["phone"] and tel_uri(str(cleaned["phone"])) is None:
        errors.add(
            "phone",
            _("Please enter the phone number with its area code, for example 07033 12345."),
        )
    first = _day(errors, "valid_from", valid_from)
    last = _day(errors, "valid_until", valid_until)
    if first and last:
        longest = get_info_settings().menu_max_days
        today = town_today()
        if last < first:
            errors.add("valid_until", _("The last day must not be before the first day."))
        elif (last - first).days + 1 > longest:
            errors.add(
                "valid_until",
                ngettext(
                    "A menu may be valid for at most %(days)d day.",
                    "A menu may be valid for at most %(days)d days.",
                    longest,
                )
                % {"days": longest},
            )
        elif last < today:
            errors.add("valid_until", _("This menu would already have expired."))
        elif first > today + FURTHEST_AHEAD:
            errors.add("valid_from", _("A menu may be published at most 60 days ahead."))
        elif cleaned["restaurant"]:
            overlapping = Menu.objects.filter(
                provider=provider,
                restaurant__iexact=cleaned["restaurant"],
                valid_from__lte=last,
                valid_until__gte=first,
            )
            if exclude is not None:
                overlapping = overlapping.exclude(pk=exclude.pk)
            if overlapping.exists():
                errors.add(
                    "valid_from",
                    _(
                        "This restaurant already has a menu for some of these days; change that one instead."
                    ),
                )
    errors.raise_if_any()
    cleaned.update(valid_from=first, valid_until=last)
    return cleaned


def publish_menu(
    *,
    actor: User,
    restaurant: object,
    dishes: object,
    valid_from: object,
    valid_until: object,
    note: object = "",
    address: object = "",
    phone: object = "",
) -> Menu:
    """Publish a lunch menu of the acting provider."""
    require(can_publish_menus(actor))
    cleaned = _clean_menu(
        provider=actor,
        restaurant=restaurant,
        dishes=dishes,
        note=note,
        address=address,
        phone=phone,
        valid_from=valid_from,
        valid_until=valid_until,
        exclude=None,
    )
    with transaction.atomic():
        return Menu.objects.create(provider=actor, **cleaned)


def update_menu(
    *,
    actor: User,
    menu: Menu,
    restaurant: object,
    dishes: object,
    valid_from: object,
    valid_until: object,
    note: object = "",
    address: object = "",
    phone: object = "",
) -> Menu:
    """Change a menu (its provider, or the town's staff); a renewed menu may be nudged again."""
    require(can_edit_menu(actor, menu))
    cleaned = _clean_menu(
        provider=menu.provider,
        restaurant=restaurant,
        dishes=dishes,
        note=note,
        address=address,
        phone=phone,
        valid_from=valid_from,
        valid_until=valid_until,
        exclude=menu,
    )
    for field, value in cleaned.items():
        setattr(menu, field, value)
    menu.nudged_at = None
    with transaction.atomic():
        menu.save(update_fields=[*cleaned, "nudged_at", "updated_at"])
    return menu


def delete_menu(*, actor: User, menu: Menu) -> None:
    """Remove a menu."""
    require(can_edit_menu(actor, menu))
    with transaction.atomic():
        menu.delete()


def nudge_expired_menus() -> list[Menu]:
    """E-mail providers whose menu has expired and has no successor; once per menu."""
    if not get_info_settings().nudge_providers:
        return []
    today = town_today()
    successor = Menu.objects.filter(provider=OuterRef("provider"), valid_until__gte=today)
    candidates = (
        Menu.objects.filter(
            valid_until__lt=today,
            valid_until__gte=today - NUDGE_WINDOW,
            nudged_at__isnull=True,
            provider__is_active=True,
        )
        .exclude(Exists(successor))
        .select_related("provider")
        .order_by("valid_until", "pk")
    )
    nudged: list[Menu] = []
    link = town_url(reverse("info:menu_create"))
    for menu in candidates:
        with transaction.atomic():
            # The conditional update makes a second run (or a parallel worker) a no-op.
            claimed = Menu.objects.filter(pk=menu.pk, nudged_at__isnull=True).update(
                nudged_at=timezone.now()
            )
            if not claimed:
                continue
            notify(
                menu.provider,
                "info/menu_expired",
                context={
                    "restaurant": menu.restaurant,
                    "valid_until": menu.valid_until.strftime("%d.%m.%Y"),
                    "link": link,
                },
                kind=MENUS.key,
            )
        nudged.append(menu)
    return nudged
