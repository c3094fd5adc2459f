"""Expiry, repetition and reminders with frozen time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from modules.info import selectors, services
from modules.info.models import Event, Menu, Recurrence
from modules.info.recurrence import occurrences
from tests.factories.info import EventFactory, MenuFactory, NewsFactory

BERLIN = ZoneInfo("Europe/Berlin")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


# --- news ---


def test_news_appear_at_publish_time_and_leave_at_expiry(in_town_a):
    item = NewsFactory(publish_at=at(2026, 3, 2, 8), expire_at=at(2026, 3, 9, 8))
    with time_machine.travel(at(2026, 3, 2, 7, 59), tick=False):
        assert list(selectors.current_news()) == []
    with time_machine.travel(at(2026, 3, 5, 12), tick=False):
        assert list(selectors.current_news()) == [item]
    with time_machine.travel(at(2026, 3, 9, 8), tick=False):
        assert list(selectors.current_news()) == []


# --- events and their repetition ---


def test_weekly_series_keeps_its_local_time_across_summer_time(in_town_a):
    event = EventFactory(
        start=at(2026, 3, 19, 19), end=at(2026, 3, 19, 21), recurrence=Recurrence.WEEKLY
    )
    found = occurrences(event, at(2026, 3, 1), at(2026, 4, 10), BERLIN)
    assert [o.start for o in found] == [
        at(2026, 3, 19, 19),
        at(2026, 3, 26, 19),
        at(2026, 4, 2, 19),
        at(2026, 4, 9, 19),
    ]
    assert all(o.start.astimezone(BERLIN).hour == 19 for o in found)
    assert all(o.end - o.start == timedelta(hours=2) for o in found)


def test_count_and_until_end_a_series(in_town_a):
    counted = EventFactory(
        start=at(2026, 1, 5, 10),
        end=at(2026, 1, 5, 11),
        recurrence=Recurrence.WEEKLY,
        recurrence_count=3,
    )
    until = EventFactory(
        start=at(2026, 1, 5, 10),
        end=at(2026, 1, 5, 11),
        recurrence=Recurrence.WEEKLY,
        recurrence_until=date(2026, 1, 19),
    )
    window = (at(2026, 1, 1), at(2026, 3, 1), BERLIN)
    assert len(occurrences(counted, *window)) == 3
    assert [o.start.date() for o in occurrences(until, *window)] == [
        date(2026, 1, 5),
        date(2026, 1, 12),
        date(2026, 1, 19),
    ]


def test_monthly_on_the_31st_skips_short_months(in_town_a):
    event = EventFactory(
        start=at(2026, 1, 31, 18),
        end=at(2026, 1, 31, 20),
        recurrence=Recurrence.MONTHLY,
        recurrence_count=3,
    )
    found = occurrences(event, at(2026, 1, 1), at(2026, 12, 31), BERLIN)
    assert [o.start.date() for o in found] == [
        date(2026, 1, 31),
        date(2026, 3, 31),
        date(2026, 5, 31),
    ]


def test_an_old_open_series_is_expanded_only_in_the_window(in_town_a):
    event = EventFactory(
        start=at(2020, 1, 6, 9), end=at(2020, 1, 6, 10), recurrence=Recurrence.WEEKLY
    )
    found = occurrences(event, at(2026, 6, 1), at(2026, 6, 15), BERLIN)
    assert [o.start for o in found] == [at(2026, 6, 1, 9), at(2026, 6, 8, 9)]


def test_upcoming_occurrences_are_in_time_order_and_include_cancelled(in_town_a):
    with time_machine.travel(at(2026, 5, 1, 8), tick=False):
        EventFactory(
            title="Lauftreff",
            start=at(2026, 5, 4, 18),
            end=at(2026, 5, 4, 19),
            recurrence=Recurrence.WEEKLY,
        )
        once = EventFactory(title="Konzert", start=at(2026, 5, 6, 20), end=at(2026, 5, 6, 22))
        EventFactory(title="Vorbei", start=at(2026, 4, 1, 20), end=at(2026, 4, 1, 22))
        once.cancelled_at = at(2026, 5, 1, 8)
        once.cancellation_reason = "Krankheit"
        once.save()
        found = selectors.upcoming_occurrences(weeks=2)
    assert [(o.event.title, o.start) for o in found] == [
        ("Lauftreff", at(2026, 5, 4, 18)),
        ("Konzert", at(2026, 5, 6, 20)),
        ("Lauftreff", at(2026, 5, 11, 18)),
    ]
    assert found[1].is_cancelled


def _event_data(**changes: object) -> dict[str, object]:
    start = at(2026, 6, 1, 19)
    data: dict[str, object] = {
        "title": "Chorprobe",
        "organiser_name": "Liederkranz",
        "organiser_slug": "liederkranz",
        "place": "Gemeindehaus",
        "start": start,
        "end": start + timedelta(hours=2),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": at(2026, 6, 1, 18)}, "end", "after the start"),
        ({"end": at(2026, 6, 30, 18)}, "end", "at most 14 days"),
        ({"recurrence": "weekly", "end": at(2026, 6, 9, 18)}, "end", "at most 6 days"),
        ({"recurrence": "yearly"}, "recurrence", "once, every week"),
        ({"recurrence": "weekly", "recurrence_count": 0}, "recurrence_count", "from 1 to 104"),
        ({"recurrence": "weekly", "recurrence_count": "12"}, "recurrence_count", "whole number"),
        (
            {"recurrence": "weekly", "recurrence_until": date(2030, 1, 1)},
            "recurrence_until",
            "two years",
        ),
        ({"recurrence_until": date(2026, 7, 1)}, "recurrence_until", "Only a repeating"),
        ({"start": "tomorrow"}, "start", "valid date"),
        ({"start": datetime(2026, 6, 1, 19)}, "start", "time zone"),
        ({"organiser_slug": "Musik Verein!"}, "organiser_slug", "lower-case"),
        ({"place": ""}, "place", "must not be empty"),
        ({"title": "t" * 151}, "title", "at most 150"),
        ({"description": "a\x00b"}, "description", "not allowed"),
    ],
)
def test_bad_event_input_is_refused_with_a_clear_message(
    in_town_a, representative, changes, field, message
):
    with time_machine.travel(at(2026, 5, 1), tick=False), pytest.raises(ValidationError) as caught:
        services.create_event(actor=representative, **_event_data(**changes))
    assert message in " ".join(caught.value.message_dict[field])
    assert Event.objects.count() == 0


def test_only_staff_create_town_events(in_town_a, representative, moderator, resident):
    from tests.factories.directory import OrganisationFactory

    OrganisationFactory(slug="liederkranz")  # staff may name any approved organisation
    with time_machine.travel(at(2026, 5, 1), tick=False):
        with pytest.raises(PermissionDenied):
            services.create_event(actor=representative, is_town_event=True, **_event_data())
        with pytest.raises(PermissionDenied):
            services.create_event(actor=resident, **_event_data())
        event = services.create_event(actor=moderator, is_town_event=True, **_event_data())
    assert event.is_town_event


def test_cancel_and_reinstate(in_town_a, representative):
    event = EventFactory(created_by=representative)
    services.cancel_event(actor=representative, event=event, reason="Hallenbelegung")
    with pytest.raises(ValidationError):
        services.cancel_event(actor=representative, event=event, reason="noch einmal")
    event.refresh_from_db()
    assert event.cancellation_reason == "Hallenbelegung"
    services.reinstate_event(actor=representative, event=event)
    event.refresh_from_db()
    assert not event.is_cancelled and event.cancellation_reason == ""


# --- menus ---


def test_todays_menus_follow_the_town_date(in_town_a):
    menu = MenuFactory(valid_from=date(2026, 5, 4), valid_until=date(2026, 5, 8))
    with time_machine.travel(at(2026, 5, 3, 23, 30), tick=False):
        assert list(selectors.todays_menus()) == []
    with time_machine.travel(at(2026, 5, 8, 23, 30), tick=False):
        assert list(selectors.todays_menus()) == [menu]
    with time_machine.travel(at(2026, 5, 9, 0, 1), tick=False):
        assert list(selectors.todays_menus()) == []  # expired menus disappear by themselves


def test_overlapping_menu_of_the_same_restaurant_is_refused(in_town_a, provider):
    with time_machine.travel(at(2026, 5, 4, 9), tick=False):
        services.publish_menu(
            actor=provider,
            restaurant="Krone",
            dishes="Suppe",
            valid_from=date(2026, 5, 4),
            valid_until=date(2026, 5, 8),
        )
        with pytest.raises(ValidationError) as caught:
            services.publish_menu(
                actor=provider,
                restaurant="krone",
                dishes="Eintopf",
                valid_from=date(2026, 5, 8),
                valid_until=date(2026, 5, 9),
            )
    assert "already has a menu" in str(caught.value)
    assert Menu.objects.count() == 1


def test_menu_with_wrong_types_is_refused(in_town_a, provider, resident):
    with pytest.raises(ValidationError) as caught:
        services.publish_menu(
            actor=provider, restaurant=["x"], dishes="", valid_from="heute", valid_until=None
        )
    errors = caught.value.message_dict
    assert set(errors) == {"restaurant", "dishes", "valid_from", "valid_until"}
    with pytest.raises(PermissionDenied):
        services.publish_menu(
            actor=resident,
            restaurant="Krone",
            dishes="Suppe",
            valid_from=date.today(),
            valid_until=date.today(),
        )
    assert Menu.objects.count() == 0


def test_expired_menu_without_successor_nudges_its_provider_once(
    in_town_a, provider, other_provider, django_capture_on_commit_callbacks
):
    expired = MenuFactory(
        provider=provider,
        restaurant="Krone <i>am Markt</i>",
        valid_from=date(2026, 5, 4),
        valid_until=date(2026, 5, 8),
    )
    MenuFactory(provider=other_provider, valid_from=date(2026, 5, 4), valid_until=date(2026, 5, 8))
    MenuFactory(
        provider=other_provider, valid_from=date(2026, 5, 11), valid_until=date(2026, 5, 15)
    )
    with (
        time_machine.travel(at(2026, 5, 8, 15), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.nudge_expired_menus() == []  # still valid today
    with (
        time_machine.travel(at(2026, 5, 9, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        nudged = services.nudge_expired_menus()
        again = services.nudge_expired_menus()
    assert [m.pk for m in nudged] == [expired.pk]
    assert again == []
    assert [m.to for m in mail.outbox] == [[provider.email]]
    message = mail.outbox[0]
    assert "Krone <i>am Markt</i>" in message.body
    assert "/info/menus/new/" in message.body
    html = message.alternatives[0][0]
    assert "Krone &lt;i&gt;am Markt&lt;/i&gt;" in html and "<i>am Markt" not in html
    expired.refresh_from_db()
    assert expired.nudged_at is not None


def test_the_nudge_task_runs_in_its_town(in_town_a, provider, django_capture_on_commit_callbacks):
    from modules.info.tasks import nudge_menu_providers

    MenuFactory(provider=provider, valid_from=date(2026, 5, 4), valid_until=date(2026, 5, 8))
    with (
        time_machine.travel(at(2026, 5, 10, 10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert nudge_menu_providers.delay().get() == 1
        assert nudge_menu_providers.delay().get() == 0
    assert len(mail.outbox) == 1


def test_no_nudge_when_the_town_switched_reminders_off(in_town_a, provider, town_admin):
    services.update_info_settings(
        actor=town_admin,
        link_failures_before_flag=3,
        menu_max_days=14,
        event_weeks_ahead=8,
        nudge_providers=False,
    )
    MenuFactory(provider=provider, valid_from=date(2026, 5, 4), valid_until=date(2026, 5, 8))
    with time_machine.travel(at(2026, 5, 10, 10), tick=False):
        assert services.nudge_expired_menus() == []


def test_a_renewed_menu_can_be_nudged_again(in_town_a, provider):
    menu = MenuFactory(provider=provider, valid_from=date(2026, 5, 4), valid_until=date(2026, 5, 8))
    with time_machine.travel(at(2026, 5, 9, 10), tick=False):
        assert services.nudge_expired_menus() == [menu]
        services.update_menu(
            actor=provider,
            menu=menu,
            restaurant=menu.restaurant,
            dishes="Neu",
            valid_from=date(2026, 5, 9),
            valid_until=date(2026, 5, 12),
        )
    with time_machine.travel(at(2026, 5, 13, 10), tick=False):
        assert services.nudge_expired_menus() == [menu]
