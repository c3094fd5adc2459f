"""Town settings from the console: modules (home page tiles) and the residency policy
(registration form), written to the Town row and seen by the next request."""

from __future__ import annotations

import pytest

from portal.accounts.models import AuditEntry
from tenants.models import Town

pytestmark = pytest.mark.django_db


def test_modules_page_marks_unbuilt_modules_coming_soon(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    html = client_a.get("/manage/modules/").content.decode()
    assert "coming soon" in html
    assert 'value="exchange"' in html and 'value="fund"' in html


def test_switching_a_module_off_and_on_changes_the_home_page(admin_a, client_a, town_a) -> None:
    # given the exchange is on and shows a tile (/town/: the home page for a logged-in person)
    client_a.force_login(admin_a)
    assert 'href="/exchange/"' in client_a.get("/town/").content.decode()
    # when the administrator switches everything but the directory and info off
    asked = client_a.post("/manage/modules/", {"modules": ["info", "directory"]})
    # then they are first asked, told what disappears, and nothing changes yet
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Switch modules off?" in page and "Nothing is deleted" in page
    assert "listings" in page or "listing" in page
    assert Town.objects.get(pk=town_a.pk).enabled_modules != ["directory", "info"]
    # and once they confirm
    response = client_a.post(
        "/manage/modules/", {"modules": ["info", "directory"], "confirmed": "yes"}
    )
    # then the row is stored in module order, audited, and the home page lost the tile
    assert response.status_code == 302
    assert Town.objects.get(pk=town_a.pk).enabled_modules == ["directory", "info"]
    assert AuditEntry.objects.filter(action="modules_changed").exists()
    home = client_a.get("/town/").content.decode()
    assert 'href="/exchange/"' not in home and 'href="/info/"' in home
    # and switching it on again brings it back
    client_a.post("/manage/modules/", {"modules": ["info", "directory", "exchange"]})
    assert 'href="/exchange/"' in client_a.get("/town/").content.decode()


def test_switching_every_module_off(admin_a, client_a, town_a) -> None:
    client_a.force_login(admin_a)
    client_a.post("/manage/modules/", {"confirmed": "yes"})
    assert Town.objects.get(pk=town_a.pk).enabled_modules == []
    assert 'href="/directory/"' not in client_a.get("/town/").content.decode()


def test_unknown_module_is_refused(admin_a, client_a, town_a) -> None:
    client_a.force_login(admin_a)
    before = Town.objects.get(pk=town_a.pk).enabled_modules
    response = client_a.post("/manage/modules/", {"modules": ["info", "casino"]})
    assert response.status_code == 200
    assert "casino" in response.content.decode()
    assert Town.objects.get(pk=town_a.pk).enabled_modules == before


def test_postcode_policy_takes_effect_on_registration(admin_a, client_a, town_a) -> None:
    # given an open town
    client_a.force_login(admin_a)
    response = client_a.post(
        "/manage/residency/",
        {"policy": "postcode", "postcodes": "71263, 71264\n71265", "districts": "Nord\nSüd\n"},
    )
    assert response.status_code == 302
    row = Town.objects.get(pk=town_a.pk)
    assert row.residency_policy == "postcode"
    assert row.postcodes == ["71263", "71264", "71265"]
    # when someone from elsewhere registers
    client_a.logout()
    form = client_a.get("/accounts/register/").content.decode()
    assert "71264" in form
    refused = client_a.post(
        "/accounts/register/",
        {
            "full_name": "Erika Haug",
            "email": "erika@example.org",
            "password": "Lindenbaum-am-Brunnen-7",
            "postcode": "10115",
        },
    )
    # then they are refused because of the new policy
    assert refused.status_code == 200
    assert "71263, 71264, 71265" in refused.content.decode()


def test_districts_appear_in_the_registration_form(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    client_a.post(
        "/manage/residency/", {"policy": "open", "postcodes": "", "districts": "Altstadt\nHafen"}
    )
    client_a.logout()
    form = client_a.get("/accounts/register/").content.decode()
    assert '<option value="Hafen">' in form and '<option value="Nord">' not in form


def test_invitation_policy_asks_for_a_code(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    client_a.post("/manage/residency/", {"policy": "invitation", "postcodes": "71263"})
    client_a.logout()
    assert 'name="invitation_code"' in client_a.get("/accounts/register/").content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"policy": "open", "postcodes": "7126, abcde"}, "five digits"),
        ({"policy": "postcode", "postcodes": ""}, "at least one postcode"),
        ({"policy": "everyone", "postcodes": "71263"}, "everyone"),
        ({"policy": "open", "districts": "x" * 81}, "at most 80"),
    ],
)
def test_bad_residency_input_is_refused(
    admin_a, client_a, town_a, data: dict[str, str], message: str
) -> None:
    client_a.force_login(admin_a)
    before = Town.objects.get(pk=town_a.pk)
    response = client_a.post("/manage/residency/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    after = Town.objects.get(pk=town_a.pk)
    assert (after.residency_policy, after.postcodes, after.districts) == (
        before.residency_policy,
        before.postcodes,
        before.districts,
    )
    assert not AuditEntry.objects.exists()


def test_switching_off_asks_on_the_shared_confirmation_page(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    asked = client_a.post("/manage/modules/", {"modules": ["info"]})
    assert asked.templates[0].name == "portal/confirm.html"
    page = asked.content.decode()
    assert '<input type="hidden" name="modules" value="info">' in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
