"""The "Helping residents" pages and the resident's own list of consents in their profile."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from portal.accounts.models import AuditEntry, Role, User
from portal.behalf.models import Consent, ManagedResident
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(client, user, town):
    with tenant_context(town):
        client.force_login(user)


def test_network_manager_adds_a_person_and_records_consent(client_a, town_a, manager):
    login(client_a, manager, town_a)
    assert client_a.get("/helping/").status_code == 200
    # when the form is sent without a way to reach the person: a clear message, no account
    response = client_a.post("/helping/new/", {"full_name": "Hildegard Maier"})
    assert response.status_code == 400
    assert "address or a phone number" in response.content.decode()
    assert not User.objects.filter(is_managed=True).exists()
    # when it is complete
    response = client_a.post(
        "/helping/new/",
        {"full_name": "Hildegard Maier", "address": "Lindenweg 3", "postcode": "71263"},
    )
    person = User.objects.get(is_managed=True)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/helping/people/{person.public_id}/consent/"
    )
    assert ManagedResident.objects.get(user=person).address == "Lindenweg 3"
    # then the consent form records what she allowed
    response = client_a.post(
        f"/helping/people/{person.public_id}/consent/",
        {
            "scopes": ["exchange_listings", "exchange_time"],
            "helper": "any",
            "given_how": "paper",
            "valid_until": "",
            "note": "Formular unterschrieben",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(person=person)
    assert consent.scopes == ["exchange_listings", "exchange_time"] and consent.helper is None
    assert consent.recorded_by == manager and consent.given_how == "paper"
    page = client_a.get(f"/helping/people/{person.public_id}/").content.decode()
    assert "Post a listing for this person" in page and "Confirm time for this person" in page
    assert "Answer messages for this person" not in page  # not consented
    assert "Hildegard Maier" in client_a.get("/helping/").content.decode()


def test_consent_form_reports_bad_dates_and_saves_nothing(client_a, town_a, manager, managed):
    login(client_a, manager, town_a)
    response = client_a.post(
        f"/helping/people/{managed.public_id}/consent/",
        {
            "scopes": ["exchange_listings"],
            "helper": "any",
            "given_how": "phone",
            "valid_from": "2026-12-10",
            "valid_until": "2026-12-01",
        },
    )
    assert response.status_code == 400
    assert "must not be before the start date" in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_for_one_named_network_manager(client_a, town_a, manager, managed):
    login(client_a, manager, town_a)
    response = client_a.post(
        f"/helping/people/{managed.public_id}/consent/",
        {"scopes": ["exchange_listings"], "helper": str(manager.public_id), "given_how": "phone"},
    )
    assert response.status_code == 302
    assert Consent.objects.get(person=managed).helper == manager


def test_helping_pages_are_for_network_managers_only(client_a, town_a, managed):
    resident = UserFactory()
    login(client_a, resident, town_a)
    for path in ("/helping/", "/helping/new/", f"/helping/people/{managed.public_id}/"):
        assert client_a.get(path).status_code == 403, path
    client_a.logout()
    assert client_a.get("/helping/").status_code == 302  # to the login page


def test_resident_sees_and_revokes_consent_in_profile(client_a, town_a, manager, give_consent):
    resident = UserFactory(full_name="Josef Widmann")
    consent = give_consent(resident, ["exchange_messages"], helper=manager)
    login(client_a, resident, town_a)
    profile = client_a.get("/accounts/profile/").content.decode()
    assert "Who may act for me" in profile and "Markus Brenner" in profile
    assert "Read and answer messages in the swap exchange" in profile
    response = client_a.post(f"/helping/consents/{consent.public_id}/revoke/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/profile/")
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoked_by == resident
    assert "Nobody may act for you." in client_a.get("/accounts/profile/").content.decode()
    audit = AuditEntry.objects.get(action="behalf_consent_revoked")
    assert audit.actor == resident


def test_a_resident_cannot_revoke_someone_elses_consent(client_a, town_a, give_consent):
    consent = give_consent(UserFactory(), ["exchange_messages"])
    login(client_a, UserFactory(), town_a)
    assert client_a.post(f"/helping/consents/{consent.public_id}/revoke/").status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_invitation_form_sends_the_link(client_a, town_a, manager, managed, mailoutbox):
    login(client_a, manager, town_a)
    response = client_a.post(
        f"/helping/people/{managed.public_id}/invite/", {"email": "hilde@example.org"}
    )
    assert response.status_code == 302
    managed.refresh_from_db()
    assert managed.email == "hilde@example.org"
    # a bad address changes nothing and says why
    other = User.objects.create(full_name="Zweite", is_managed=True)
    response = client_a.post(f"/helping/people/{other.public_id}/invite/", {"email": "no"})
    other.refresh_from_db()
    assert other.email is None


def test_managed_resident_shows_in_the_console_without_none(client_a, town_a, managed):
    admin = UserFactory(roles=[Role.RESIDENT, Role.TOWN_ADMIN])
    login(client_a, admin, town_a)
    html = client_a.get("/manage/users/?q=Hildegard").content.decode()
    assert "Hildegard Maier" in html and "without internet" in html and "None" not in html


def test_another_towns_consent_cannot_be_revoked(client_b, town_a, town_b, give_consent):
    consent = give_consent(UserFactory(), ["exchange_messages"])
    with tenant_context(town_b):
        manager_b = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    login(client_b, manager_b, town_b)
    assert client_b.post(f"/helping/consents/{consent.public_id}/revoke/").status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_consent_form_offers_no_scope_of_a_switched_off_module(client_a, town_a, manager, managed):
    from tenants.models import Town
    from tenants.routing import forget_towns

    page = f"/helping/people/{managed.public_id}/consent/"
    login(client_a, manager, town_a)
    assert "exchange_time" in client_a.get(page).content.decode()
    modules = [key for key in town_a.enabled_modules if key != "exchange"]
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=modules)
    forget_towns()
    try:
        assert "exchange_time" not in client_a.get(page).content.decode()
        data = {"scopes": ["exchange_time"], "helper": "any", "given_how": "paper"}
        assert client_a.post(page, data).status_code == 400
        assert not Consent.objects.filter(person=managed).exists()
    finally:
        forget_towns()
