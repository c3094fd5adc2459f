"""A network manager acts in the exchange for a resident, only with their consent."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from billing.ledger.models import Entry
from modules.exchange import services
from modules.exchange.models import Listing, Message, TimeTransfer
from modules.exchange.selectors import balance_of
from portal.accounts.models import AuditEntry, Role
from portal.behalf import services as behalf
from portal.behalf.models import Consent
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def helping(people: dict[str, Any]) -> dict[str, Any]:
    """Markus (network manager) looks after Hildegard, who has no internet."""
    hildegard = behalf.create_managed_resident(
        created_by=people["moderator"], full_name="Hildegard Maier", phone="07033 1234"
    )
    return {**people, "hildegard": hildegard}


def _consent(helping: dict[str, Any], *scopes: str) -> Consent:
    return behalf.record_consent(
        recorded_by=helping["admin"],
        person=helping["hildegard"],
        scopes=list(scopes),
        given_how=Consent.Given.IN_PERSON,
    )


def _listing_for(helping: dict[str, Any]) -> Listing:
    return services.create_listing(
        owner=helping["moderator"],
        on_behalf_of=helping["hildegard"],
        kind="give",
        listing_type="item",
        title="Nähmaschine",
    )


def test_listing_for_a_resident_belongs_to_her_and_audits_both(helping):
    _consent(helping, "exchange_listings")
    listing = _listing_for(helping)
    assert listing.owner == helping["hildegard"]
    audit = AuditEntry.objects.get(action="exchange_listing_posted_for")
    assert audit.actor == helping["moderator"] and audit.on_behalf_of == helping["hildegard"]
    assert audit.target_key == str(listing.public_id)


def test_without_consent_nothing_is_posted(helping):
    with pytest.raises(PermissionDenied, match="Please record their consent"):
        _listing_for(helping)
    assert not Listing.objects.exists()
    assert not AuditEntry.objects.filter(action="exchange_listing_posted_for").exists()


def test_consent_of_another_scope_is_refused(helping):
    _consent(helping, "exchange_messages", "exchange_time")
    with pytest.raises(PermissionDenied):
        _listing_for(helping)
    assert not Listing.objects.exists()


def test_revoked_consent_is_refused(helping):
    consent = _consent(helping, "exchange_listings")
    behalf.revoke_consent(consent=consent, by=helping["hildegard"])
    with pytest.raises(PermissionDenied):
        _listing_for(helping)
    assert not Listing.objects.exists()


def test_message_for_a_resident_is_hers_and_audited(helping):
    listing = ListingFactory(owner=helping["hildegard"], title="Strickwolle")
    thread = ThreadFactory(listing=listing, interested=helping["member"])
    with pytest.raises(PermissionDenied):
        services.send_message(
            sender=helping["moderator"],
            on_behalf_of=helping["hildegard"],
            thread=thread,
            body="Gern, kommen Sie vorbei.",
        )
    assert not Message.objects.exists()
    _consent(helping, "exchange_messages")
    message = services.send_message(
        sender=helping["moderator"],
        on_behalf_of=helping["hildegard"],
        thread=thread,
        body="Gern, kommen Sie vorbei.",
    )
    assert message.author == helping["hildegard"]
    audit = AuditEntry.objects.get(action="exchange_message_sent_for")
    assert audit.actor == helping["moderator"] and audit.on_behalf_of == helping["hildegard"]


def test_confirming_a_transfer_for_a_resident(helping):
    # given Erika helped Hildegard for an hour and proposed the transfer
    erika = helping["owner"]
    transfer = services.propose_transfer(
        proposer=erika, payer=helping["hildegard"], payee=erika, minutes=60
    )
    # without consent for the time bank nothing moves
    _consent(helping, "exchange_listings")
    with pytest.raises(PermissionDenied):
        services.confirm_transfer(
            transfer=transfer, by=helping["moderator"], on_behalf_of=helping["hildegard"]
        )
    assert Entry.objects.count() == 0
    # with it the hours move, and the audit names both people
    _consent(helping, "exchange_time")
    services.confirm_transfer(
        transfer=transfer, by=helping["moderator"], on_behalf_of=helping["hildegard"]
    )
    transfer.refresh_from_db()
    assert transfer.status == TimeTransfer.Status.CONFIRMED
    assert balance_of(erika) == 60 and balance_of(helping["hildegard"]) == -60
    audit = AuditEntry.objects.get(action="exchange_transfer_confirmed_for")
    assert audit.actor == helping["moderator"] and audit.on_behalf_of == helping["hildegard"]


def test_a_network_manager_cannot_confirm_for_the_proposer(helping):
    # Erika proposed; acting "for" Erika would let the proposer confirm her own proposal
    erika = helping["owner"]
    behalf.record_consent(
        recorded_by=helping["admin"], person=erika, scopes=["exchange_time"], given_how="phone"
    )
    transfer = services.propose_transfer(
        proposer=erika, payer=helping["hildegard"], payee=erika, minutes=60
    )
    with pytest.raises(Exception, match="other person has to confirm"):
        services.confirm_transfer(transfer=transfer, by=helping["moderator"], on_behalf_of=erika)
    assert Entry.objects.count() == 0


def test_an_ordinary_resident_cannot_act_for_anyone(helping):
    _consent(helping, "exchange_listings")
    with pytest.raises(PermissionDenied, match="network managers"):
        services.create_listing(
            owner=helping["member"],
            on_behalf_of=helping["hildegard"],
            kind="give",
            listing_type="item",
            title="x",
        )
    assert not Listing.objects.exists()


def login(client: Any, user: Any, town: Any) -> None:
    with tenant_context(town):
        client.force_login(user)


def test_act_for_pages_post_a_listing_answer_and_confirm(client_a, town_a, helping):
    hildegard, moderator = helping["hildegard"], helping["moderator"]
    login(client_a, moderator, town_a)
    base = f"/exchange/for/{hildegard.public_id}"
    # without consent: a 403 that says what to do
    response = client_a.get(f"{base}/new/")
    assert response.status_code == 403 and "record their consent" in response.content.decode()
    _consent(helping, "exchange_listings", "exchange_messages", "exchange_time")
    # the person page offers the three entry points
    body = client_a.get(f"/helping/people/{hildegard.public_id}/").content.decode()
    for path in (f"{base}/new/", f"{base}/messages/", f"{base}/time/"):
        assert path in body
    # post a listing for her
    response = client_a.post(
        f"{base}/new/",
        {"listing_type": "item", "kind": "give", "title": "Nähmaschine", "description": ""},
    )
    assert response.status_code == 302
    listing = Listing.objects.get(title="Nähmaschine")
    assert listing.owner == hildegard
    # answer a message for her
    thread = ThreadFactory(listing=listing, interested=helping["member"])
    response = client_a.post(f"{base}/messages/{thread.public_id}/", {"body": "Ja, gern."})
    assert response.status_code == 302
    assert Message.objects.get(body="Ja, gern.").author == hildegard
    # confirm a transfer for her
    transfer = services.propose_transfer(
        proposer=helping["owner"], payer=hildegard, payee=helping["owner"], minutes=30
    )
    assert "Confirm for" in client_a.get(f"{base}/time/").content.decode()
    response = client_a.post(f"{base}/time/{transfer.public_id}/confirm/")
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TimeTransfer.Status.CONFIRMED


def test_act_for_pages_refuse_residents_and_unknown_threads(client_a, town_a, helping):
    _consent(helping, "exchange_messages")
    hildegard = helping["hildegard"]
    login(client_a, helping["member"], town_a)
    assert client_a.get(f"/exchange/for/{hildegard.public_id}/messages/").status_code == 403
    # a thread Hildegard is not part of is not reachable through her
    login(client_a, helping["moderator"], town_a)
    other = ThreadFactory(listing=ListingFactory(owner=helping["owner"]))
    path = f"/exchange/for/{hildegard.public_id}/messages/{other.public_id}/"
    assert client_a.post(path, {"body": "x"}).status_code == 404
    assert not Message.objects.filter(body="x").exists()


def test_managed_resident_of_town_a_is_unknown_in_town_b(client_b, town_a, town_b, helping):
    _consent(helping, "exchange_listings", "exchange_messages", "exchange_time")
    hildegard = helping["hildegard"]
    with tenant_context(town_b):
        manager_b = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR])
    login(client_b, manager_b, town_b)
    for path in (
        f"/helping/people/{hildegard.public_id}/",
        f"/helping/people/{hildegard.public_id}/consent/",
        f"/exchange/for/{hildegard.public_id}/new/",
        f"/exchange/for/{hildegard.public_id}/messages/",
        f"/exchange/for/{hildegard.public_id}/time/",
    ):
        assert client_b.get(path).status_code == 404, path
    response = client_b.post(
        f"/exchange/for/{hildegard.public_id}/new/",
        {"listing_type": "item", "kind": "give", "title": "Fremd"},
    )
    assert response.status_code == 404
    with tenant_context(town_b):
        assert not Listing.objects.filter(title="Fremd").exists()
    assert not Listing.objects.filter(title="Fremd").exists()


def test_mail_for_a_managed_resident_goes_to_who_acts_for_her(
    helping, mailoutbox, django_capture_on_commit_callbacks
):
    # given Hildegard allowed only Markus to answer her messages
    behalf.record_consent(
        recorded_by=helping["admin"],
        person=helping["hildegard"],
        scopes=["exchange_messages"],
        given_how="phone",
        helper=helping["moderator"],
    )
    listing = ListingFactory(owner=helping["hildegard"], title="Strickwolle")
    # when Josef writes to her, and Erika proposes time (no consent for the time bank)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_message(sender=helping["member"], listing=listing, body="Noch da?")
        services.propose_transfer(
            proposer=helping["owner"],
            payer=helping["hildegard"],
            payee=helping["owner"],
            minutes=30,
        )
    # then the message reaches Markus only, and the proposal reaches nobody
    assert [m.to for m in mailoutbox] == [[helping["moderator"].email]]
