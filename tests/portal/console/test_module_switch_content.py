"""Switching a module off: the administrator sees its content first; residents are told."""

from __future__ import annotations

import pytest

from modules.exchange.models import Listing
from tenants.models import Town
from tenants.routing import forget_towns
from tests.factories.exchange import ListingFactory
from tests.factories.info import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange_off(town_a):  # type: ignore[no-untyped-def]
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=["directory", "info"])
    forget_towns()
    yield
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=town_a.enabled_modules)
    forget_towns()


def test_the_modules_page_counts_each_modules_content(admin_a, client_a) -> None:
    # given one listing and two events
    ListingFactory()
    EventFactory()
    EventFactory()
    client_a.force_login(admin_a)
    # when the administrator opens the modules page
    page = client_a.get("/manage/modules/").content.decode()
    # then each module's content is counted, in the singular for one
    assert "1 listing," in page and "2 events" in page
    assert "deletes nothing" in page


def test_the_content_comes_back_when_the_module_is_on_again(admin_a, client_a, town_a) -> None:
    listing = ListingFactory(title="Rasenmäher")
    client_a.force_login(admin_a)
    client_a.post("/manage/modules/", {"modules": ["directory", "info"], "confirmed": "yes"})
    assert client_a.get(f"/exchange/listings/{listing.public_id}/").status_code == 404
    client_a.post("/manage/modules/", {"modules": ["directory", "info", "exchange"]})
    assert Listing.objects.filter(pk=listing.pk).exists()
    assert "Rasenmäher" in client_a.get(f"/exchange/listings/{listing.public_id}/").content.decode()


def test_a_resident_on_a_switched_off_module_is_told_in_plain_words(
    in_town_a, client_a, exchange_off
) -> None:
    response = client_a.get("/exchange/")
    assert response.status_code == 404  # the module guard: the path does not exist
    page = response.content.decode()
    assert "Switched off in this town" in page and "is switched off in Alpha" in page
    assert 'href="/"' in page


def test_the_api_of_a_switched_off_module_says_so_in_its_json(
    in_town_a, client_a, exchange_off
) -> None:
    response = client_a.get("/api/v1/exchange/listings/")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": "This part of the portal is switched off in this town.",
        "fields": {},
    }


def test_an_unknown_page_of_an_enabled_module_is_a_plain_404(in_town_a, client_a) -> None:
    response = client_a.get("/exchange/nothing-here/")
    assert response.status_code == 404
    assert "Switched off" not in response.content.decode()
    assert "Page not found" in response.content.decode()


def test_the_console_overview_counts_one_in_the_singular_in_german(
    admin_a, client_a, town_a
) -> None:
    # given a German town with one account waiting for approval
    from portal.accounts.models import User
    from tests.factories import UserFactory

    UserFactory(status=User.Status.PENDING)
    Town.objects.filter(pk=town_a.pk).update(default_language="de")
    forget_towns()
    client_a.cookies["django_language"] = "de"
    client_a.force_login(admin_a)
    try:
        page = client_a.get("/manage/").content.decode()
    finally:
        Town.objects.filter(pk=town_a.pk).update(default_language=town_a.default_language)
        forget_towns()
    assert "1 wartet auf Freigabe" in page
    assert "1 warten" not in page
