"""Handing over a profile the network manager set up: a signed, single-use, expiring link."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from modules.shop import services
from modules.shop.models import Provider
from portal.accounts.models import Role
from tests.factories.shop import ProviderFactory


@pytest.fixture
def bakery(moderator):
    return services.create_provider(
        created_by=moderator,
        fields={
            "name": "Bäckerei Frühauf",
            "trade": "food",
            "description": "Frische Brötchen.",
            "request_email": "info@fruehauf.example",
        },
    )


def _link(client, moderator, provider) -> str:
    client.force_login(moderator)
    page = client.post(f"/shop/p/{provider.slug}/claim-link/")
    assert page.status_code == 200
    return page.context["link"].split("/shop/claim/")[1].rstrip("/")


def test_the_moderator_creates_a_profile_without_owner(bakery, moderator):
    assert bakery.owner is None
    assert bakery.created_by == moderator
    assert bakery.status == Provider.Status.PENDING


def test_the_claim_link_makes_the_logged_in_person_the_owner(client_a, bakery, moderator, resident):
    token = _link(client_a, moderator, bakery)
    client_a.force_login(resident)
    assert "Bäckerei Frühauf" in client_a.get(f"/shop/claim/{token}/").content.decode()
    response = client_a.post(f"/shop/claim/{token}/")
    assert response.status_code == 302
    bakery.refresh_from_db()
    resident.refresh_from_db()
    assert bakery.owner == resident
    assert resident.has_role(Role.PROVIDER)
    # Now the owner edits it.
    assert client_a.get(f"/shop/p/{bakery.slug}/edit/").status_code == 200


def test_a_replayed_link_changes_nothing(client_a, bakery, moderator, resident, other_provider):
    token = _link(client_a, moderator, bakery)
    client_a.force_login(resident)
    client_a.post(f"/shop/claim/{token}/")
    client_a.force_login(other_provider)
    response = client_a.post(f"/shop/claim/{token}/")
    assert response.status_code == 410
    assert "This link does not work" in response.content.decode()
    bakery.refresh_from_db()
    assert bakery.owner == resident


def test_a_second_link_after_a_claim_changes_nothing(bakery, moderator, resident, other_provider):
    first = services.make_claim_token(provider=bakery, made_by=moderator)
    second = services.make_claim_token(provider=bakery, made_by=moderator)
    services.claim_provider(token=first, user=resident)
    with pytest.raises(ValidationError):
        services.claim_provider(token=second, user=other_provider)
    bakery.refresh_from_db()
    assert bakery.owner == resident


def test_a_forged_link_changes_nothing(client_a, bakery, moderator, resident):
    token = _link(client_a, moderator, bakery)
    client_a.force_login(resident)
    response = client_a.post(f"/shop/claim/{token[:-3]}abc/")
    assert response.status_code == 410
    bakery.refresh_from_db()
    assert bakery.owner is None


def test_an_expired_link_changes_nothing(bakery, moderator, resident, monkeypatch):
    made_at = time.time() - services.CLAIM_MAX_AGE - 60
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: made_at)
        token = services.make_claim_token(provider=bakery, made_by=moderator)
    with pytest.raises(ValidationError):
        services.claim_provider(token=token, user=resident)
    bakery.refresh_from_db()
    assert bakery.owner is None


def test_a_link_of_town_a_does_not_work_in_town_b(client_a, client_b, town_b, bakery, moderator):
    token = _link(client_a, moderator, bakery)
    from tests.factories import UserFactory

    with tenant_context(town_b):
        ProviderFactory(slug=bakery.slug, public_id=bakery.public_id)
        stranger = UserFactory(email="stranger@example.org")
        client_b.force_login(stranger)
    response = client_b.post(f"/shop/claim/{token}/")
    assert response.status_code == 410
    with tenant_context(town_b):
        assert Provider.objects.get(slug=bakery.slug).owner is None
    bakery.refresh_from_db()
    assert bakery.owner is None


def test_only_moderators_make_links_and_only_for_unowned_profiles(
    client_a, painter, bakery, owner, moderator
):
    client_a.force_login(owner)
    assert client_a.post(f"/shop/p/{bakery.slug}/claim-link/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.make_claim_token(provider=bakery, made_by=owner)
    with pytest.raises(ValidationError):
        services.make_claim_token(provider=painter, made_by=moderator)


def test_claiming_needs_a_login(client_a, bakery, moderator):
    token = services.make_claim_token(provider=bakery, made_by=moderator)
    response = client_a.post(f"/shop/claim/{token}/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    bakery.refresh_from_db()
    assert bakery.owner is None
