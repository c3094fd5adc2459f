"""Events of the town and its organisations: dates, repetition, cancellation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.validation import Errors
from tenants.current import current_town

from ..models import TEXT_MAX, TITLE_MAX, Event, EventCategory, Recurrence
from ..organisers import directory_is_on, organisers_for
from ..permissions import can_create_events, can_edit_event, is_staff
from ..recurrence import MAX_COUNT, MAX_SERIES_DAYS
from ._checks import require
from .news import _moment

LONGEST = {
    Recurrence.NONE: timedelta(days=14),
    Recurrence.WEEKLY: timedelta(days=6),
    Recurrence.MONTHLY: timedelta(days=27),
}
FURTHEST_AHEAD = timedelta(days=2 * 366)


def _clean_event(
    *,
    title: object,
    description: object,
    organiser_name: object,
    organiser_slug: object,
    place: object,
    start: object,
    end: object,
    recurrence: object,
    recurrence_until: object,
    recurrence_count: object,
    creating: bool,
    category: object = EventCategory.OTHER,
    district: object = "",
) -> dict[str, object]:
    errors = Errors()
    cleaned: dict[str, object] = {
        "title": errors.text("title", title, max_length=TITLE_MAX),
        "description": errors.text(
            "description", description, max_length=TEXT_MAX, required=False, multiline=True
        ),
        "organiser_name": errors.text("organiser_name", organiser_name, max_length=120),
        "organiser_slug": errors.slug("organiser_slug", organiser_slug),
        "place": errors.text("place", place, max_length=200),
        "category": _clean_category(errors, category),
        "district": _clean_district(errors, district),
    }
    begins = _moment(errors, "start", start, required=True)
    ends = _moment(errors, "end", end, required=True)
    if recurrence in (None, ""):
        recurrence = Recurrence.NONE
    if recurrence not in Recurrence.values:
        errors.add("recurrence", _("Choose once, every week or every month."))
        recurrence = Recurrence.NONE
    repeat = Recurrence(str(recurrence))
    if begins and ends:
        if ends <= begins:
            errors.add("end", _("The end must be after the start."))
        elif ends - begins > LONGEST[repeat]:
            errors.add(
                "end",
                _("An event like this may last at most %(days)d days.")
                % {"days": LONGEST[repeat].days},
            )
        now = timezone.now()
        if begins > now + FURTHEST_AHEAD:
            errors.add("start", _("An event may start at most two years from now."))
        if creating and repeat == Recurrence.NONE and ends <= now:
            errors.add("end", _("This event would already be over."))
    until: date | None = None
    if recurrence_until not in (None, ""):
        if isinstance(recurrence_until, datetime) or not isinstance(recurrence_until, date):
            errors.add("recurrence_until", _("Enter a valid date."))
        elif repeat == Recurrence.NONE:
            errors.add("recurrence_until", _("Only a repeating event can have a last date."))
        else:
            until = recurrence_until
            if begins and until < timezone.localdate(begins):
                errors.add("recurrence_until", _("The last date must not be before the start."))
            elif begins and until > timezone.localdate(begins) + timedelta(days=MAX_SERIES_DAYS):
                errors.add("recurrence_until", _("A series may run for at most two years."))
    count: int | None = None
    if recurrence_count not in (None, ""):
        if isinstance(recurrence_count, bool) or not isinstance(recurrence_count, int):
            errors.add("recurrence_count", _("Enter a whole number."))
        elif repeat == Recurrence.NONE:
            errors.add("recurrence_count", _("Only a repeating event can have a number of dates."))
        elif not 1 <= recurrence_count <= MAX_COUNT:
            errors.add(
                "recurrence_count",
                _("Enter a number of dates from 1 to %(max)d.") % {"max": MAX_COUNT},
            )
        else:
            count = recurrence_count
    if until is not None and count is not None:
        # RFC 5545 forbids UNTIL and COUNT in one rule; a series ends one way.
        errors.add(
            "recurrence_count",
            _("Give either the last date or the number of dates of the series, not both."),
        )
    errors.raise_if_any()
    cleaned.update(
        start=begins,
        end=ends,
        recurrence=repeat.value,
        recurrence_until=until,
        recurrence_count=count,
    )
    return cleaned


def _clean_category(errors: Errors, category: object) -> str:
    if category in (None, ""):
        return EventCategory.OTHER.value
    if category not in EventCategory.values:
        errors.add("category", _("Please choose a category from the list."))
        return EventCategory.OTHER.value
    return str(category)


def _clean_district(errors: Errors, district: object) -> str:
    """Empty (the whole town) or one of the town's districts, as the town spells it."""
    if district in (None, ""):
        return ""
    town = current_town()
    known = list(getattr(town, "districts", None) or [])
    if not isinstance(district, str) or district not in known:
        errors.add("district", _("Please choose one of the town's districts."))
        return ""
    return district


def _check_organiser(actor: User, slug: object) -> None:
    """Only the town's staff may name any organisation; a representative names their own,
    because an event with an organisation's slug appears in that organisation's feed."""
    if not slug or is_staff(actor) or not directory_is_on():
        return
    if str(slug) in dict(organisers_for(actor)):
        return
    raise ValidationError(
        {"organiser_slug": _("You can only announce events for an organisation you represent.")}
    )


def create_event(
    *,
    actor: User,
    title: object,
    organiser_name: object,
    place: object,
    start: object,
    end: object,
    description: object = "",
    organiser_slug: object = "",
    recurrence: object = Recurrence.NONE,
    recurrence_until: object = None,
    recurrence_count: object = None,
    is_town_event: bool = False,
    category: object = EventCategory.OTHER,
    district: object = "",
) -> Event:
    """Add an event; only moderators and town administrators may add the town's own events."""
    require(can_create_events(actor))
    if is_town_event:
        require(is_staff(actor))
    cleaned = _clean_event(
        title=title,
        description=description,
        organiser_name=organiser_name,
        organiser_slug=organiser_slug,
        place=place,
        start=start,
        end=end,
        recurrence=recurrence,
        recurrence_until=recurrence_until,
        recurrence_count=recurrence_count,
        category=category,
        district=district,
        creating=True,
    )
    _check_organiser(actor, cleaned["organiser_slug"])
    with transaction.atomic():
        return Event.objects.create(created_by=actor, is_town_event=bool(is_town_event), **cleaned)


def update_event(
    *,
    actor: User,
    event: Event,
    title: object,
    organiser_name: object,
    place: object,
    start: object,
    end: object,
    description: object = "",
    organiser_slug: object = "",
    recurrence: object = Recurrence.NONE,
    recurrence_until: object = None,
    recurrence_count: object = None,
    category: object = EventCategory.OTHER,
    district: object = "",
) -> Event:
    """Change an event (its organiser or the town's staff)."""
    require(can_edit_event(actor, event))
    cleaned = _clean_event(
        title=title,
        description=description,
        organiser_name=organiser_name,
        organiser_slug=organiser_slug,
        place=place,
        start=start,
        end=end,
        recurrence=recurrence,
        recurrence_until=recurrence_until,
        recurrence_count=recurrence_count,
        category=category,
        district=district,
        creating=False,
    )
    if cleaned["organiser_slug"] != event.organiser_slug:
        _check_organiser(actor, cleaned["organiser_slug"])
    for field, value in cleaned.items():
        setattr(event, field, value)
    with transaction.atomic():
        event.save(update_fields=[*cleaned, "updated_at"])
    return event


def cancel_event(*, actor: User, event: Event, reason: object) -> Event:
    """Call an event (or a whole series) off; it stays visible with the reason."""
    require(can_edit_event(actor, event))
    errors = Errors()
    cleaned = errors.text("reason", reason, max_length=300)
    if event.is_cancelled:
        errors.add("reason", _("This event has already been cancelled."))
    errors.raise_if_any()
    event.cancelled_at = timezone.now()
    event.cancellation_reason = cleaned
    with transaction.atomic():
        event.save(update_fields=["cancelled_at", "cancellation_reason", "updated_at"])
    return event


def reinstate_event(*, actor: User, event: Event) -> Event:
    """Undo a cancellation."""
    require(can_edit_event(actor, event))
    event.cancelled_at = None
    event.cancellation_reason = ""
    with transaction.atomic():
        event.save(update_fields=["cancelled_at", "cancellation_reason", "updated_at"])
    return event


def delete_event(*, actor: User, event: Event) -> None:
    """Remove an event for good (staff only; organisers cancel instead)."""
    require(is_staff(actor))
    with transaction.atomic():
        event.delete()
