"""A person's area (/me/): what each role sees, modules switched off, towns apart, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.exchange import services as exchange
from modules.exchange.models import Thread
from tenants.models import Town
from tenants.routing import forget_towns
from tests.factories import UserFactory
from tests.factories.directory import OfferingFactory, OrganisationFactory, RepresentativeFactory
from tests.factories.exchange import ListingFactory, MessageFactory, ThreadFactory
from tests.factories.info import EventFactory, NewsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client_a, client_b):
    for client in (client_a, client_b):
        client.cookies["django_language"] = "en"


def area(client) -> str:
    response = client.get("/me/")
    assert response.status_code == 200
    return response.content.decode()


def switch_off(town: Town, *keys: str) -> None:
    Town.objects.filter(pk=town.pk).update(
        enabled_modules=[m for m in town.enabled_modules if m not in keys]
    )
    forget_towns()


def test_visitor_keeps_the_home_page_and_is_asked_to_log_in_for_the_area(client_a):
    assert client_a.get("/").status_code == 200
    response = client_a.get("/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_logged_in_person_lands_on_the_area_and_can_reach_the_town_page(
    in_town_a, client_a, english
):
    client_a.force_login(UserFactory())
    response = client_a.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    page = area(client_a)
    assert 'href="/town/"' in page
    assert "What you find here" in client_a.get("/town/").content.decode()


def test_owner_sees_unread_messages_transfers_expiring_and_own_listings(
    in_town_a, client_a, english
):
    # given an owner with two listings, one expiring in three days, and a neighbour who wrote
    owner, neighbour = UserFactory(), UserFactory()
    listing = ListingFactory(owner=owner, listing_type="time", minutes=60)
    ListingFactory(owner=owner, expires_at=timezone.now() + timedelta(days=3))
    ListingFactory(owner=owner, status="taken")
    ListingFactory(owner=owner, status="expired", expires_at=timezone.now() - timedelta(days=1))
    thread = ThreadFactory(listing=listing, interested=neighbour)
    MessageFactory(thread=thread, author=neighbour)
    MessageFactory(thread=thread, author=neighbour)
    exchange.propose_transfer(
        proposer=neighbour, payer=owner, payee=neighbour, minutes=90, listing=listing
    )
    client_a.force_login(owner)
    # when the owner opens the area
    page = area(client_a)
    # then every count is there, worded for its number, and links on
    assert "2 unread messages" in page
    assert "1 time transfer to confirm" in page
    assert "1 listing expires within 7 days" in page
    assert "2 listings in the exchange" in page  # the expired one is not counted as standing
    assert "1 expired listing you can renew" in page
    assert "Time account: 0 minutes" in page
    assert 'href="/exchange/messages/"' in page
    assert 'href="/exchange/time/"' in page


def test_reading_the_thread_clears_the_unread_count(in_town_a, client_a, english):
    owner, neighbour = UserFactory(), UserFactory()
    thread = ThreadFactory(listing=ListingFactory(owner=owner), interested=neighbour)
    MessageFactory(thread=thread, author=neighbour)
    client_a.force_login(owner)
    assert "1 unread message" in area(client_a)
    assert client_a.get(f"/exchange/messages/{thread.public_id}/").status_code == 200
    assert "unread" not in area(client_a)
    thread.refresh_from_db()
    assert thread.owner_read_at is not None and thread.interested_read_at is None


def test_own_answer_is_not_unread_for_the_writer(in_town_a, client_a, english):
    owner, neighbour = UserFactory(), UserFactory()
    listing = ListingFactory(owner=owner)
    exchange.send_message(sender=neighbour, listing=listing, body="Noch da?")
    client_a.force_login(neighbour)
    assert "unread" not in area(client_a)
    client_a.force_login(owner)
    assert "1 unread message" in area(client_a)


def test_proposer_does_not_see_his_own_proposal_as_waiting(in_town_a, client_a, english):
    payer, payee = UserFactory(), UserFactory()
    exchange.propose_transfer(proposer=payee, payer=payer, payee=payee, minutes=150)
    client_a.force_login(payee)
    page = area(client_a)
    assert "to confirm" not in page
    assert "Nothing is waiting for you at the moment." in page


def test_member_and_outsider_see_nothing_of_the_owner(in_town_a, client_a, english):
    owner, member = UserFactory(), UserFactory()
    ListingFactory(owner=owner, expires_at=timezone.now() + timedelta(days=2))
    organisation = OrganisationFactory(name="Musikverein Harmonie")
    RepresentativeFactory(organisation=organisation, user=owner)
    client_a.force_login(member)
    page = area(client_a)
    assert "0 listings in the exchange" in page
    assert "Musikverein Harmonie" not in page
    assert "expires" not in page


def test_representative_sees_organisations_and_what_waits(in_town_a, client_a, english):
    person = UserFactory()
    club = OrganisationFactory(name="Musikverein Harmonie")
    OfferingFactory(organisation=club)
    OfferingFactory(organisation=club)
    RepresentativeFactory(organisation=club, user=person)
    stale = OrganisationFactory(
        name="Altes Archiv", last_reviewed_at=timezone.now() - timedelta(days=400)
    )
    RepresentativeFactory(organisation=stale, user=person)
    pending = OrganisationFactory(name="Neue Initiative", status="pending", approved_at=None)
    RepresentativeFactory(organisation=pending, user=person)
    client_a.force_login(person)
    page = area(client_a)
    assert "Musikverein Harmonie: 2 offerings" in page
    assert "Altes Archiv: 0 offerings" in page
    assert "Please confirm that the profile of Altes Archiv is up to date" in page
    assert "Neue Initiative is waiting for approval by the moderators" in page
    assert f'href="/directory/o/{club.slug}/"' in page


def test_events_and_news_of_their_author(in_town_a, client_a, english):
    author = UserFactory()
    EventFactory(created_by=author)
    EventFactory(created_by=author, start=timezone.now() - timedelta(days=9))  # over
    NewsFactory(created_by=author)
    client_a.force_login(author)
    page = area(client_a)
    assert "1 coming event you posted" in page
    assert "1 current news item you posted" in page


def test_moderator_sees_approvals_and_the_queue_resident_does_not(in_town_a, client_a, english):
    UserFactory(pending=True)
    UserFactory(pending=True)
    ListingFactory(is_hidden=False)
    from tests.factories.exchange import ReportFactory

    ReportFactory()
    client_a.force_login(UserFactory(moderator=True))
    page = area(client_a)
    assert "2 accounts are waiting for approval" in page
    assert "1 item in the moderation queue" in page
    assert 'href="/manage/approvals/"' in page
    assert "people you help" in page or "person you help" in page
    client_a.force_login(UserFactory())
    page = area(client_a)
    assert "waiting for approval" not in page
    assert "moderation queue" not in page
    assert "you help" not in page


def test_a_switched_off_module_contributes_nothing(in_town_a, client_a, english, town_a):
    person = UserFactory()
    RepresentativeFactory(
        organisation=OrganisationFactory(name="Musikverein Harmonie"), user=person
    )
    EventFactory(created_by=person)
    client_a.force_login(person)
    page = area(client_a)
    assert "Time account" in page and "Musikverein Harmonie" in page and "coming event" in page
    try:
        switch_off(town_a, "exchange", "directory", "info")
        page = area(client_a)
    finally:
        Town.objects.filter(pk=town_a.pk).update(enabled_modules=town_a.enabled_modules)
        forget_towns()
    assert "Time account" not in page
    assert "listings" not in page
    assert "Musikverein Harmonie" not in page
    assert "coming event" not in page


def test_town_b_person_sees_nothing_of_town_a(in_town_a, client_b, town_b, english):
    # given a busy owner in town A
    owner, neighbour = UserFactory(email="same@example.org"), UserFactory()
    thread = ThreadFactory(listing=ListingFactory(owner=owner), interested=neighbour)
    MessageFactory(thread=thread, author=neighbour)
    UserFactory(pending=True)
    # when someone with the same address in town B (a moderator) opens the area
    with tenant_context(town_b):
        other = UserFactory(email="same@example.org", moderator=True)
        client_b.force_login(other)
    page = area(client_b)
    # then none of it shows
    assert "unread" not in page
    assert "0 listings in the exchange" in page
    assert "waiting for approval" not in page


def test_the_query_count_does_not_grow_with_listings(in_town_a, client_a, english):
    person = UserFactory(moderator=True)
    club = OrganisationFactory()
    RepresentativeFactory(organisation=club, user=person)
    client_a.force_login(person)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            area(client_a)
        return len(captured)

    queries()  # the first request of a session warms caches
    few = queries()
    for _ in range(6):
        listing = ListingFactory(owner=person, expires_at=timezone.now() + timedelta(days=2))
        thread = ThreadFactory(listing=listing)
        MessageFactory(thread=thread)
        OfferingFactory(organisation=club)
        EventFactory(created_by=person)
    RepresentativeFactory(organisation=OrganisationFactory(), user=person)
    assert queries() == few
    assert Thread.objects.count() == 6


def test_german_counts_use_the_right_plural(in_town_a, client_a):
    owner, neighbour = UserFactory(language="de"), UserFactory()
    thread = ThreadFactory(listing=ListingFactory(owner=owner), interested=neighbour)
    MessageFactory(thread=thread, author=neighbour)
    client_a.cookies["django_language"] = "de"
    client_a.force_login(owner)
    page = area(client_a)
    assert "1 Nachricht ungelesen" in page
    assert "1 Anzeige in der Tauschbörse" in page
    assert "Zeitkonto: 0 Minuten" in page
    MessageFactory(thread=thread, author=neighbour)
    assert "2 Nachrichten ungelesen" in area(client_a)


def test_existing_conversations_count_as_read_after_the_migration(in_town_a):
    import importlib

    migration = importlib.import_module(
        "modules.exchange.migrations.0009_listing_deleted_and_read_marks"
    )
    from django.apps import apps

    thread = ThreadFactory()
    MessageFactory(thread=thread)
    Thread.objects.filter(pk=thread.pk).update(owner_read_at=None, interested_read_at=None)
    migration.mark_existing_threads_read(apps, None)
    thread.refresh_from_db()
    assert thread.owner_read_at == thread.updated_at == thread.interested_read_at


def test_balance_in_hours_and_minutes():
    from django.utils import translation

    from portal.formatting import hours_minutes

    def hours_and_minutes(minutes: int) -> str:
        return hours_minutes(minutes, style="words")

    with translation.override("en"):
        assert hours_and_minutes(0) == "0 minutes"
        assert hours_and_minutes(60) == "1 hour"
        assert hours_and_minutes(150) == "2 hours 30 minutes"
        assert hours_and_minutes(-45) == "−45 minutes"
    with translation.override("de"):
        assert hours_and_minutes(90) == "1 Stunde 30 Minuten"


def test_unread_notifications_wait_in_the_area_until_read(in_town_a, client_a, english):
    from portal.notifications.services import mark_all_read
    from portal.notify import notify

    person = UserFactory()
    context = {"what": "Listing", "title": "Fahrrad", "link": ""}
    notify(person, "moderation/reported", context=context)
    notify(person, "moderation/reported", context=context)
    client_a.force_login(person)
    page = area(client_a)
    assert "2 unread notifications" in page
    assert 'href="/notifications/"' in page
    mark_all_read(user=person)
    assert "unread notification" not in area(client_a)
