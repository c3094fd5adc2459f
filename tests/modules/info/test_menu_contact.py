"""Lunch menus show the restaurant's address and a phone number one can tap."""

from __future__ import annotations

import pytest
from django.utils import timezone

from modules.info.models import Menu
from tests.factories.info import MenuFactory

pytestmark = pytest.mark.django_db


def _menu_form(**changes: str) -> dict[str, str]:
    today = timezone.localdate().isoformat()
    data = {
        "restaurant": "Gasthaus Krone",
        "address": "Marktplatz 3",
        "phone": "07033 4711",
        "dishes": "Linsen mit Spätzle",
        "valid_from": today,
        "valid_until": today,
    }
    data.update(changes)
    return data


def test_a_provider_publishes_address_and_phone(in_town_a, client_a, provider):
    client_a.force_login(provider)
    response = client_a.post("/info/menus/new/", _menu_form())
    assert response.status_code == 302
    menu = Menu.objects.get()
    assert (menu.address, menu.phone) == ("Marktplatz 3", "07033 4711")
    # the next menu starts with them filled in
    assert 'value="Marktplatz 3"' in client_a.get("/info/menus/new/").content.decode()


def test_todays_menus_show_the_address_and_a_tel_link(in_town_a, client_a):
    MenuFactory(restaurant="Gasthaus Krone", address="Marktplatz 3", phone="07033 4711")
    page = client_a.get("/info/menus/").content.decode()
    assert "Marktplatz 3" in page
    assert '<a href="tel:+4970334711" class="tel-link">07033 4711</a>' in page


def test_a_phone_number_without_area_code_is_refused(in_town_a, client_a, provider):
    client_a.force_login(provider)
    response = client_a.post("/info/menus/new/", _menu_form(phone="4711"))
    assert response.status_code == 400
    assert "with its area code" in response.content.decode()
    assert not Menu.objects.exists()
