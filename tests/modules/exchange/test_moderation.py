"""Reports, hiding and restoring, blocking, settings; every action logged."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_tenants.utils import tenant_context

from modules.exchange import services
from modules.exchange.models import ExchangeSettings
from portal.accounts.models import AuditEntry, User
from portal.moderation.models import Report
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory, MessageFactory

pytestmark = pytest.mark.django_db


def login(client, user, town):
    with tenant_context(town):
        client.force_login(user)


def test_report_listing_page_and_duplicate(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    login(client_a, people["member"], town_a)
    path = f"/exchange/listings/{listing.public_id}/report/"
    assert client_a.post(path, {"reason": ""}).status_code == 400
    assert client_a.post(path, {"reason": "x" * 501}).status_code == 400
    assert Report.objects.count() == 0
    assert client_a.post(path, {"reason": "Verkauft Neuware"}).status_code == 302
    response = client_a.post(path, {"reason": "Nochmal"})
    assert "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_report_message_only_by_thread_people(client_a, town_a, people):
    message = MessageFactory()
    path = f"/exchange/messages/report/{message.public_id}/"
    login(client_a, people["member"], town_a)
    assert client_a.post(path, {"reason": "Beleidigung"}).status_code == 404
    login(client_a, message.thread.listing.owner, town_a)
    assert client_a.post(path, {"reason": "Beleidigung"}).status_code == 302
    assert Report.objects.get().target == message


def test_moderation_pages_by_role(client_a, town_a, people):
    paths = ["/exchange/moderation/", "/exchange/moderation/record/"]
    for role in ("owner", "member", "provider", "representative", "unverified"):
        login(client_a, people[role], town_a)
        for path in [*paths, "/exchange/moderation/settings/"]:
            assert client_a.get(path).status_code == 403, (role, path)
    for role in ("moderator", "admin"):
        login(client_a, people[role], town_a)
        for path in paths:
            assert client_a.get(path).status_code == 200
    login(client_a, people["moderator"], town_a)
    assert client_a.get("/exchange/moderation/settings/").status_code == 403
    login(client_a, people["admin"], town_a)
    assert client_a.get("/exchange/moderation/settings/").status_code == 200


def test_hide_and_restore_with_reason_logged_and_mailed(
    client_a, town_a, people, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=people["owner"])
    services.report_content(reporter=people["member"], listing=listing, reason="Spam")
    login(client_a, people["moderator"], town_a)
    body = client_a.get("/exchange/moderation/").content.decode()
    assert "Spam" in body
    path = f"/exchange/moderation/listings/{listing.public_id}/"
    assert client_a.post(path, {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client_a.post(path, {"reason": "Gewerbliches <b>Angebot</b>"}).status_code == 302
    listing.refresh_from_db()
    assert listing.is_hidden and listing.hidden_reason == "Gewerbliches <b>Angebot</b>"
    assert Report.objects.get().resolved_by == people["moderator"]
    [sent] = mail.outbox
    assert sent.to == [people["owner"].email]
    assert "&lt;b&gt;Angebot" in sent.alternatives[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert client_a.post(path, {"reason": "Geklärt"}).status_code == 302
    listing.refresh_from_db()
    assert not listing.is_hidden
    page = client_a.get("/exchange/moderation/").content.decode()
    assert "Gewerbliches &lt;b&gt;Angebot&lt;/b&gt;" in page and "Geklärt" in page
    actions = AuditEntry.objects.filter(target_key=str(listing.public_id))
    assert set(actions.values_list("action", flat=True)) == {
        "content_reported",
        "content_hidden",
        "content_restored",
    }


def test_hide_message_shows_notice_to_parties(client_a, town_a, people):
    message = MessageFactory(body="Böse Worte")
    services.hide_message(message=message, moderator=people["moderator"], reason="Beleidigend")
    login(client_a, message.thread.interested, town_a)
    body = client_a.get(f"/exchange/messages/{message.thread.public_id}/").content.decode()
    assert "Beleidigend" in body and "Böse Worte" not in body
    with pytest.raises(ValidationError, match="already hidden"):
        services.hide_message(message=message, moderator=people["moderator"], reason="x")


def test_residents_cannot_moderate(people):
    listing = ListingFactory()
    with pytest.raises(PermissionDenied):
        services.hide_listing(listing=listing, moderator=people["member"], reason="x")
    with pytest.raises(PermissionDenied):
        services.block_user(user=people["owner"], moderator=people["member"], reason="x")
    listing.refresh_from_db()
    assert not listing.is_hidden
    assert not AuditEntry.objects.exists()


def test_block_user_page(client_a, town_a, people):
    listing = ListingFactory(owner=people["owner"])
    login(client_a, people["moderator"], town_a)
    path = f"/exchange/moderation/people/{people['owner'].public_id}/block/"
    assert client_a.post(path, {"reason": "Betrug"}).status_code == 302
    owner = User.objects.get(pk=people["owner"].pk)
    assert not owner.is_active and owner.status == User.Status.BLOCKED
    blocked = AuditEntry.objects.get(action="blocked", subject=owner)
    assert blocked.detail == {"reason": "Betrug", "module": "exchange"}
    log = client_a.get("/exchange/moderation/").content.decode()
    assert "Account blocked" in log and "Betrug" in log
    assert listing.title not in client_a.get("/exchange/").content.decode()
    response = client_a.post(path, {"reason": "nochmal"})
    assert "already blocked" in response.content.decode()


def test_block_rules(people):
    with pytest.raises(ValidationError, match="yourself"):
        services.block_user(user=people["moderator"], moderator=people["moderator"], reason="x")
    other_moderator = UserFactory(roles=["resident", "moderator"])
    with pytest.raises(PermissionDenied):
        services.block_user(user=other_moderator, moderator=people["moderator"], reason="x")
    with pytest.raises(PermissionDenied):
        services.block_user(user=people["admin"], moderator=people["moderator"], reason="x")
    services.block_user(user=other_moderator, moderator=people["admin"], reason="Missbrauch")
    other_moderator.refresh_from_db()
    assert not other_moderator.is_active


RECORD = "/exchange/moderation/record/"


def test_record_transfer_page(client_a, town_a, people):
    from portal.behalf.services import record_consent

    login(client_a, people["moderator"], town_a)
    data = {
        "payer": str(people["member"].public_id),
        "payee": str(people["owner"].public_id),
        "on_behalf_of": "payer",
        "minutes": "60",
        "note": "Am Telefon vereinbart",
    }
    # without the member's consent the page refuses, with the way forward
    response = client_a.post(RECORD + "?payer_q=Widmann&payee_q=Haug", data)
    assert response.status_code == 400 and "record their consent" in response.content.decode()
    assert not AuditEntry.objects.filter(action="exchange_transfer_recorded").exists()
    record_consent(
        recorded_by=people["admin"],
        person=people["member"],
        scopes=["exchange_time"],
        given_how="phone",
    )
    response = client_a.post(
        RECORD + "?payer_q=Widmann&payee_q=Haug",
        {
            "payer": str(people["member"].public_id),
            "payee": str(people["owner"].public_id),
            "on_behalf_of": "payer",
            "minutes": "60",
            "note": "Am Telefon vereinbart",
        },
    )
    assert response.status_code == 302
    audit = AuditEntry.objects.get(action="exchange_transfer_recorded")
    assert audit.on_behalf_of == people["member"] and audit.actor == people["moderator"]
    response = client_a.post(
        RECORD + "?payer_q=Widmann&payee_q=Widmann",
        {
            "payer": str(people["member"].public_id),
            "payee": str(people["member"].public_id),
            "on_behalf_of": "payer",
            "minutes": "60",
            "note": "x",
        },
    )
    assert response.status_code == 400 and "yourself" in response.content.decode()


def test_settings_page_validates_and_saves(client_a, town_a, people):
    login(client_a, people["admin"], town_a)
    path = "/exchange/moderation/settings/"
    good = {
        "listing_days": "30",
        "reminder_days": "3",
        "allow_negative": "on",
        "negative_limit_minutes": "300",
    }
    for bad in (
        {"listing_days": "0"},
        {"listing_days": "abc"},
        {"reminder_days": "40"},
        {"negative_limit_minutes": "50"},
    ):
        response = client_a.post(path, {**good, **bad})
        assert response.status_code == 400, bad
    assert not ExchangeSettings.objects.exists()
    assert client_a.post(path, good).status_code == 302
    rules = ExchangeSettings.objects.get()
    assert (rules.listing_days, rules.reminder_days, rules.negative_limit_minutes) == (30, 3, 300)
    changed = AuditEntry.objects.get(action="exchange_settings_changed")
    assert changed.actor == people["admin"] and changed.detail["listing_days"] == 30
    assert "Exchange settings changed" in client_a.get("/exchange/moderation/").content.decode()
    login(client_a, people["moderator"], town_a)
    assert client_a.post(path, {**good, "listing_days": "99"}).status_code == 403
    assert ExchangeSettings.objects.get().listing_days == 30
