"""Provider profiles: who creates, sees and changes what; approval; bad input; isolation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.shop import services
from modules.shop.models import Provider
from modules.shop.moderation_queue import ShopQueue
from tests.factories.shop import ProviderFactory

FORM = {
    "name": "Fensterputz Sauber",
    "trade": "cleaning",
    "description": "Wir putzen Fenster in Weil der Stadt.",
    "request_email": "anfragen@sauber.example",
    "phone": "07033 1234",
    "address": "Marktplatz 1",
    "opening_hours": "Mo–Fr 8–17 Uhr",
    "districts": "Merklingen, Schafhausen",
}


def test_list_shows_approved_providers_only(client_a, painter):
    ProviderFactory(name="Wartender Laden", status=Provider.Status.PENDING)
    ProviderFactory(name="Abgelehnter Laden", status=Provider.Status.REJECTED)
    html = client_a.get("/shop/").content.decode()
    assert "Malerbetrieb Keller" in html
    assert "Wartender Laden" not in html
    assert "Abgelehnter Laden" not in html


def test_list_needs_the_same_queries_for_many_providers(client_a, painter):
    client_a.get("/shop/")
    with CaptureQueriesContext(connection) as few:
        client_a.get("/shop/")
    ProviderFactory.create_batch(12)
    with CaptureQueriesContext(connection) as many:
        assert client_a.get("/shop/").status_code == 200
    assert len(many) == len(few)


def test_a_provider_creates_a_profile_that_waits_for_approval(client_a, other_provider):
    client_a.force_login(other_provider)
    response = client_a.post("/shop/new/", FORM)
    provider = Provider.objects.get(name="Fensterputz Sauber")
    assert response.status_code == 302
    assert provider.owner == other_provider
    assert provider.status == Provider.Status.PENDING
    assert provider.districts == ["Merklingen", "Schafhausen"]
    # The owner sees it; a resident and an anonymous visitor do not.
    assert client_a.get(f"/shop/p/{provider.slug}/").status_code == 200


def test_a_pending_profile_is_hidden_from_others(client_a, resident):
    pending = ProviderFactory(status=Provider.Status.PENDING)
    assert client_a.get(f"/shop/p/{pending.slug}/").status_code == 404
    client_a.force_login(resident)
    assert client_a.get(f"/shop/p/{pending.slug}/").status_code == 404


def test_a_resident_may_not_create_a_profile(client_a, resident):
    client_a.force_login(resident)
    assert client_a.post("/shop/new/", FORM).status_code == 403
    assert not Provider.objects.filter(name=FORM["name"]).exists()


def test_anonymous_visitors_are_asked_to_log_in(client_a):
    response = client_a.get("/shop/new/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_bad_input_is_refused_with_a_message_and_nothing_stored(client_a, owner):
    client_a.force_login(owner)
    bad = {**FORM, "name": "", "request_email": "kein-mail", "trade": "zauberei"}
    response = client_a.post("/shop/new/", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html
    assert not Provider.objects.exists()


def test_markup_is_shown_as_text(client_a, painter, moderator):
    services.update_provider(
        provider=painter,
        changed_by=moderator,
        fields={"description": "<script>alert(1)</script> Wände"},
    )
    html = client_a.get(f"/shop/p/{painter.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_too_many_districts_are_refused(owner):
    with pytest.raises(ValidationError) as caught:
        services.create_provider(
            created_by=owner, fields={**FORM, "districts": [f"Ort {n}" for n in range(30)]}
        )
    assert "districts" in caught.value.message_dict
    assert not Provider.objects.exists()


def test_owner_edits_other_provider_and_resident_may_not(
    client_a, painter, other_provider, resident
):
    client_a.force_login(painter.owner)
    response = client_a.post(f"/shop/p/{painter.slug}/edit/", {**FORM, "name": "Keller & Söhne"})
    assert response.status_code == 302
    painter.refresh_from_db()
    assert painter.name == "Keller & Söhne"
    for person in (other_provider, resident):
        client_a.force_login(person)
        assert client_a.post(f"/shop/p/{painter.slug}/edit/", FORM).status_code == 403
    painter.refresh_from_db()
    assert painter.name == "Keller & Söhne"


def test_the_moderator_approves_through_the_queue(owner, moderator):
    provider = services.create_provider(created_by=owner, fields=FORM)
    queue = ShopQueue()
    assert [item.title for item in queue.queue_items()] == ["Fensterputz Sauber"]
    queue.act(
        kind="provider",
        public_id=provider.public_id,
        action="approve",
        moderator=moderator,
        reason="",
    )
    provider.refresh_from_db()
    assert provider.status == Provider.Status.APPROVED
    assert provider.approved_at is not None
    assert queue.queue_items() == []


def test_rejecting_needs_a_reason_and_only_moderators_approve(owner, moderator):
    provider = services.create_provider(created_by=owner, fields=FORM)
    with pytest.raises(ValidationError):
        services.reject_provider(provider=provider, rejected_by=moderator, reason="")
    with pytest.raises(PermissionDenied):
        services.approve_provider(provider=provider, approved_by=owner)
    provider.refresh_from_db()
    assert provider.status == Provider.Status.PENDING
    services.reject_provider(provider=provider, rejected_by=moderator, reason="Kein Impressum")
    provider.refresh_from_db()
    assert provider.status == Provider.Status.REJECTED
    assert provider.review_reason == "Kein Impressum"


def test_a_provider_of_town_a_is_not_found_in_town_b(painter, outsider_client):
    assert outsider_client.get(f"/shop/p/{painter.slug}/").status_code == 404
    assert outsider_client.get(f"/shop/p/{painter.slug}/edit/").status_code == 404
    assert "Malerbetrieb Keller" not in outsider_client.get("/shop/").content.decode()


def test_the_shop_is_404_when_switched_off(client_a, painter, shop_off):
    assert client_a.get("/shop/").status_code == 404
    assert client_a.get(f"/shop/p/{painter.slug}/").status_code == 404


def test_the_list_finds_businesses_by_stem_and_typo(client_a, painter):
    ProviderFactory(name="Radwerkstatt Kette", description="Wir reparieren Fahrräder.")
    html = client_a.get("/shop/", {"q": "Fahrrad"}).content.decode()
    assert "Radwerkstatt Kette" in html and "Malerbetrieb Keller" not in html
    html = client_a.get("/shop/", {"q": "Radwerkstat"}).content.decode()
    assert "Radwerkstatt Kette" in html
    assert client_a.get("/shop/", {"q": "<script>alert(1)</script>"}).status_code == 200


def test_the_one_search_finds_approved_businesses_only(client_a, painter):
    ProviderFactory(name="Maler Wartend", status=Provider.Status.PENDING)
    html = client_a.get("/search/", {"q": "Maler"}).content.decode()
    assert "Malerbetrieb Keller" in html
    assert "Maler Wartend" not in html


def test_the_create_link_is_offered_to_businesses_not_to_residents(client_a, owner, resident):
    client_a.force_login(resident)
    assert "/shop/new/" not in client_a.get("/shop/").content.decode()
    client_a.force_login(owner)
    assert "/shop/new/" in client_a.get("/shop/").content.decode()
