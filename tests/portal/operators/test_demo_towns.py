"""The demo towns feel real and differ: their own organisations and area codes, events in
their season, weekly events at their organisation's time, no menu on a rest day."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from modules.directory import demo as directory_demo
from modules.directory.models import Organisation
from modules.exchange import demo as exchange_demo
from modules.info import demo as info_demo
from modules.info.models import Event, EventCategory, Link, LinkCategory, Menu, News
from portal.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

AREA_CODES = {"weil-der-stadt": "07033", "rabenau": "07551"}
WEEKDAYS = ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"]
# Words that tie an event to a time of year, and the months they may fall in.
SEASON_WORDS = {
    r"frühjahr|frühling": {3, 4, 5},
    r"sommer": {6, 7, 8},
    r"herbst": {9, 10, 11},
    r"winter": {12, 1, 2},
    r"advent|weihnacht|nikolausmarkt": {11, 12},
    r"\bmai|maihock|maibaum": {5},
    r"\boster": {3, 4},
    r"fasnet|fasching": {1, 2, 3},
}
# Mid-month days over a year and a half, so every season and both year ends are seen.
TODAYS = [date(2026, month, 15) for month in range(1, 13)] + [
    date(2026, 12, 2),
    date(2027, 2, 20),
    date(2027, 5, 25),
    date(2027, 8, 25),
    date(2027, 11, 22),
]


@dataclass(frozen=True)
class DemoTownFacts:
    slug: str
    name: str
    default_language: str = "de"
    time_zone: str = "Europe/Berlin"


TOWNS = [
    DemoTownFacts("weil-der-stadt", "Weil der Stadt"),
    DemoTownFacts("rabenau", "Rabenau am See"),
]


def _at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))


def _forget_info() -> None:
    Event.objects.all().delete()
    Menu.objects.all().delete()


def test_the_two_towns_organisation_names_do_not_overlap() -> None:
    weil, rabenau = (
        {entry[0] for entry in directory_demo.CONTENTS[slug].organisations}
        for slug in ("weil-der-stadt", "rabenau")
    )
    assert len(weil) >= 40 and len(rabenau) >= 15
    assert weil.isdisjoint(rabenau), weil & rabenau


@pytest.mark.parametrize("town", TOWNS, ids=lambda town: town.slug)
def test_every_demo_phone_number_starts_with_the_towns_area_code(in_town_a, town) -> None:
    # given the people the demo command creates
    UserFactory(moderator=True)
    UserFactory(organisation=True)
    UserFactory.create_batch(3)
    # when the town's demo content is loaded
    directory_demo.load_demo(town=town)
    info_demo.load_demo(town=town)
    exchange_demo.load_demo(town=town)
    # then every local phone number has the town's area code (emergency numbers are
    # nationwide or state-wide and have none)
    area = AREA_CODES[town.slug]
    phones = list(Organisation.objects.exclude(phone="").values_list("phone", flat=True))
    phones += (
        Link.objects.exclude(category=LinkCategory.EMERGENCY)
        .exclude(phone="")
        .values_list("phone", flat=True)
    )
    phones += User.objects.filter(is_managed=True).values_list("phone", flat=True)
    menu_phones = list(Menu.objects.values_list("phone", flat=True))
    assert menu_phones and all(menu_phones)  # every menu says how to call the restaurant
    phones += menu_phones
    assert len(phones) >= 20
    assert [phone for phone in phones if not phone.startswith(f"{area} ")] == []
    # and so does every number written in the news
    for body in News.objects.values_list("body", flat=True):
        for number in re.findall(r"\b0\d{3,4} \d+", body):
            assert number.startswith(area), number


@pytest.mark.parametrize("town", TOWNS, ids=lambda town: town.slug)
def test_events_fall_in_the_season_their_title_names(in_town_a, town) -> None:
    seen = set()
    for today in TODAYS:
        _forget_info()
        with time_machine.travel(_at_noon(today), tick=False):
            info_demo.load_demo(town=town)
        for title, start in Event.objects.values_list("title", "start"):
            month = timezone.localtime(start).month
            for words, months in SEASON_WORDS.items():
                if re.search(words, title.lower()):
                    seen.add(title)
                    assert month in months, f"{title} on {start:%Y-%m-%d} (today {today})"
    # and over the year every season's concert was on the calendar once
    assert len([title for title in seen if "konzert" in title.lower()]) >= 3


def _rest_days(note: str) -> set[int]:
    closed = note.split("Ruhetag")[0].lower()
    return {index for index, name in enumerate(WEEKDAYS) if name in closed}


@pytest.mark.parametrize("town", TOWNS, ids=lambda town: town.slug)
def test_no_restaurant_has_a_menu_on_its_rest_day(in_town_a, town) -> None:
    # for a week of days, so that every weekday is "today" once
    for offset in range(7):
        today = date(2026, 12, 1) + timedelta(days=offset)
        _forget_info()
        with time_machine.travel(_at_noon(today), tick=False):
            info_demo.load_demo(town=town)
        menus = list(Menu.objects.all())
        assert menus, today
        for menu in menus:
            rest = _rest_days(menu.note)
            assert rest, menu.note  # every restaurant says its rest day
            day = menu.valid_from
            while day <= menu.valid_until:
                assert day.weekday() not in rest, f"{menu.restaurant} on {day:%A %Y-%m-%d}"
                day += timedelta(days=1)
        # and today's menus are of the restaurants open today
        assert all(m.valid_from == today for m in menus if m.is_valid_on(today))


def _time_words(start: datetime) -> str:
    local = timezone.localtime(start)
    return f"{local.hour} Uhr" if local.minute == 0 else f"{local.hour}:{local.minute:02d}"


@pytest.mark.parametrize("town", TOWNS, ids=lambda town: town.slug)
def test_organisation_schedules_match_their_calendar_entries(in_town_a, town) -> None:
    # given the town's organisations and its calendar
    directory_demo.load_demo(town=town)
    info_demo.load_demo(town=town)
    checked = 0
    for event in Event.objects.exclude(organiser_slug=""):
        # then every organiser is one of the town's organisations
        organisation = Organisation.objects.filter(slug=event.organiser_slug).first()
        assert organisation is not None, event.organiser_slug
        assert organisation.name == event.organiser_name
        offering = organisation.offerings.filter(title=event.title).first()
        if event.is_recurring:
            assert offering is not None, f"{event.title}: no offering of {organisation.name}"
        if offering is None:
            continue
        # and where the offering's schedule names a weekday or a time, they are the event's
        # (a weekly event's schedule must name both)
        schedule = offering.schedule.lower()
        named_days = [name for name in WEEKDAYS if name in schedule]
        named_time = re.search(r"\d{1,2}(:\d\d| Uhr)", offering.schedule)
        if event.is_recurring:
            assert named_days and named_time, (event.title, offering.schedule)
        weekday = WEEKDAYS[timezone.localtime(event.start).weekday()]
        if named_days:
            assert named_days == [weekday], f"{event.title}: {offering.schedule} vs {weekday}"
        if named_time:
            assert _time_words(event.start) in offering.schedule, (event.title, offering.schedule)
        checked += 1
    assert checked >= 5


def test_a_demo_town_gets_its_own_generated_logo_once(in_town_a) -> None:
    from portal.branding.models import Branding
    from portal.operators.demo_logos import draw_demo_logo
    from portal.operators.management.commands.demo import DEMO_TOWNS, _give_logo

    # the two towns' logos differ (colours and emblem)
    weil, rabenau = (
        draw_demo_logo(initials=t.initials, primary=t.primary, accent=t.accent, emblem=t.emblem)
        for t in DEMO_TOWNS
    )
    assert weil != rabenau and weil.startswith(b"\x89PNG")
    # when the demo gives the town its logo twice
    _give_logo(DEMO_TOWNS[0])
    first = Branding.objects.get(singleton=True).logo.name
    _give_logo(DEMO_TOWNS[0])
    # then it has one, stored once, and the second run kept it
    assert first and Branding.objects.get(singleton=True).logo.name == first


# A word in an event's title and the category it must then have (the first that matches).
CATEGORY_WORDS = [
    (r"gottesdienst", EventCategory.CHURCH),
    (r"konzert|chor|serenade|lesung|theater|vorlese|führung", EventCategory.CULTURE),
    (r"lauf|wander|gymnastik|regatta", EventCategory.SPORT),
    (r"markt|fest|basar", EventCategory.FESTIVAL),
    (r"vortrag|kurs", EventCategory.EDUCATION),
    (r"sprechstunde|blutspende|reparatur", EventCategory.HELP),
    (r"krabbel|spiele|senioren", EventCategory.MEETING),
]


def _districts(slug: str) -> list[str]:
    from portal.operators.management.commands.demo import DEMO_TOWNS

    return next(demo.districts for demo in DEMO_TOWNS if demo.slug == slug)


@pytest.mark.parametrize("town", TOWNS, ids=lambda town: town.slug)
def test_demo_events_have_a_category_and_district_that_fit_their_text(in_town_a, town) -> None:
    districts = _districts(town.slug)
    content = info_demo.content_for(town)
    categories, used_districts, checked = set(), set(), 0
    # over a year, so that every season's events are on the calendar once
    for today in TODAYS[:12]:
        _forget_info()
        with time_machine.travel(_at_noon(today), tick=False):
            info_demo.load_demo(town=town)
        for event in Event.objects.all():
            # then every event was given its category and district on purpose
            assert event.title in content.event_kinds, event.title
            # its category fits its title
            for words, category in CATEGORY_WORDS:
                if re.search(words, event.title.lower()):
                    assert event.category == category, (event.title, event.category)
                    break
            # its district is one of the town's, and the one its place names
            assert event.district in ["", *districts], (event.title, event.district)
            named = [name for name in districts if name in event.place]
            if named:
                assert [event.district] == named, (event.title, event.place, event.district)
            categories.add(event.category)
            used_districts.add(event.district)
            checked += 1
    assert checked >= 12 * 15
    # and the calendar shows the variety the filters are for
    assert len(categories) >= 6, categories
    assert len(set(districts) & used_districts) >= 3, used_districts


@pytest.mark.parametrize("town", TOWNS, ids=lambda town: town.slug)
def test_menus_give_the_restaurants_address_and_phone(in_town_a, town) -> None:
    # when the menus are loaded
    info_demo.load_demo(town=town)
    menus = list(Menu.objects.all())
    assert menus
    for menu in menus:
        # then each names its restaurant's street in the town and its local number
        assert re.match(r"^\S.* \d+\w?, \d{5} ", menu.address), menu.address
        assert town.name in menu.address, menu.address
        assert re.fullmatch(rf"{AREA_CODES[town.slug]} \d{{3,6}}", menu.phone), menu.phone
    # and every restaurant its own
    per_restaurant = {menu.restaurant: (menu.address, menu.phone) for menu in menus}
    assert len(set(per_restaurant.values())) == len(per_restaurant)


def test_a_second_demo_load_gives_old_events_their_category_and_old_menus_their_address(
    in_town_a,
) -> None:
    # given a town loaded before events had a category and menus an address
    town = TOWNS[0]
    info_demo.load_demo(town=town)
    Event.objects.update(category=EventCategory.OTHER, district="")
    Menu.objects.update(address="", phone="")
    events = Event.objects.count()
    # when the demo is loaded again
    info_demo.load_demo(town=town)
    # then nothing was added, and the old rows were filled in
    assert Event.objects.count() == events
    assert Event.objects.filter(title="Chorprobe").get().category == EventCategory.CULTURE
    assert not Menu.objects.filter(address="").exists()
