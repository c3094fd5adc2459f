"""A network manager, in the browser: adds a person without internet, records her consent
on a paper form and posts a listing for her. The pages pass the WCAG checks too."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import tenant_context

from modules.exchange.models import Listing
from portal.accounts.models import AuditEntry, Role, User
from portal.behalf.models import Consent
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _log_in, _violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_network_manager_posts_a_listing_for_a_person_without_internet(
    live_server, page, towns
) -> None:
    # given Markus, the network manager of Alpha, is logged in
    with tenant_context(towns["alpha"]):
        UserFactory(
            email="markus@alpha.example",
            full_name="Markus Brenner",
            roles=[Role.RESIDENT, Role.MODERATOR],
        )
    _log_in(page, live_server, "markus@alpha.example")
    page.wait_for_url(re.compile(r"/$"))

    # when he adds Hildegard, who has neither e-mail nor internet
    page.goto(town_url(live_server, "alpha", "/helping/"))
    assert not _violations(page)
    with page.expect_navigation():
        page.click("a[href$='/helping/new/']")
    assert not _violations(page)
    page.fill("input[name=full_name]", "Hildegard Maier")
    page.fill("input[name=address]", "Lindenweg 3")
    page.fill("input[name=phone]", "07033 1234")
    page.fill("input[name=postcode]", "71263")
    page.click("form.stacked button[type=submit]")

    # then without her consent he cannot act for her yet: the page says what to do
    page.wait_for_url(re.compile(r"/helping/people/[0-9a-f-]+/consent/$"))
    consent_url = page.url
    person_path = consent_url.split("/helping/people/")[1].split("/")[0]
    refused = page.goto(town_url(live_server, "alpha", f"/exchange/for/{person_path}/new/"))
    assert refused is not None and refused.status == 403
    assert page.locator(f"a[href$='/helping/people/{person_path}/consent/']").count() == 1
    page.goto(consent_url)

    # when he records her consent, given on a signed paper form, for the swap exchange
    assert not _violations(page)
    page.check("input[name=scopes][value=exchange_listings]")
    page.check("input[name=given_how][value=paper]")
    page.fill("textarea[name=note]", "Formular liegt im Ordner")
    page.click("form.stacked button[type=submit]")

    # then her page offers to post a listing for her
    page.wait_for_url(re.compile(r"/helping/people/[0-9a-f-]+/$"))
    assert not _violations(page)
    with page.expect_navigation():
        page.click("a[href*='/exchange/for/'][href$='/new/']")

    # when he posts her sewing machine
    page.check("input[name=listing_type][value=item]")
    page.check("input[name=kind][value=give]")
    page.fill("input[name=title]", "Nähmaschine zu verschenken")
    page.fill("textarea[name=description]", "Funktioniert, mit Koffer.")
    page.click("form.stacked button[type=submit]")

    # then the listing is online and it is hers; the audit names both people
    page.wait_for_url(re.compile(r"/exchange/listings/[0-9a-f-]+/$"))
    assert "Nähmaschine zu verschenken" in page.content()
    with tenant_context(towns["alpha"]):
        hildegard = User.objects.get(full_name="Hildegard Maier")
        markus = User.objects.get(full_name="Markus Brenner")
        assert hildegard.is_managed and hildegard.email is None
        consent = Consent.objects.get(person=hildegard)
        assert consent.scopes == ["exchange_listings"] and consent.given_how == "paper"
        listing = Listing.objects.get(title="Nähmaschine zu verschenken")
        assert listing.owner == hildegard
        audit = AuditEntry.objects.get(action="exchange_listing_posted_for")
        assert audit.actor == markus and audit.on_behalf_of == hildegard


def test_network_manager_answers_confirms_invites_and_revokes_for_a_person(
    live_server, page, towns
) -> None:
    # given Hilde (no internet) gave Nora, the network manager, her consent for messages and time, Erika wrote
    # to her about her listing and asks her for an hour
    from modules.exchange import services as exchange
    from modules.exchange.models import Message, TimeTransfer
    from portal.behalf.services import create_managed_resident, record_consent
    from tests.factories.exchange import ListingFactory, MessageFactory

    with tenant_context(towns["alpha"]):
        markus = UserFactory(
            email="netzwerk@alpha.example",
            full_name="Nora Netz",
            roles=[Role.RESIDENT, Role.MODERATOR],
        )
        hildegard = create_managed_resident(
            created_by=markus, full_name="Hilde Kern", phone="07033 1234"
        )
        record_consent(
            recorded_by=markus,
            person=hildegard,
            scopes=["exchange_messages", "exchange_time"],
            given_how=Consent.Given.PHONE,
        )
        erika = UserFactory(full_name="Erika Haug")
        listing = ListingFactory(owner=hildegard, title="Nähmaschine")
        thread = MessageFactory(
            thread__listing=listing, thread__interested=erika, body="Noch da?"
        ).thread
        transfer = exchange.propose_transfer(
            proposer=erika, payer=hildegard, payee=erika, minutes=60, listing=listing
        )
        person = str(hildegard.public_id)
    _log_in(page, live_server, "netzwerk@alpha.example")
    page.wait_for_url(re.compile(r"/$"))

    # when he answers Erika for her
    page.goto(
        town_url(live_server, "alpha", f"/exchange/for/{person}/messages/{thread.public_id}/")
    )
    assert not _violations(page)
    page.fill("textarea[name=body]", "Ja, Sie können sie am Samstag abholen.")
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state()

    # and confirms the hour she owes Erika
    page.goto(town_url(live_server, "alpha", f"/exchange/for/{person}/time/"))
    assert not _violations(page)
    page.click(f"form[action$='/time/{transfer.public_id}/confirm/'] button")
    page.wait_for_load_state()

    # and, now that she has an e-mail address, invites her to a full account
    page.goto(town_url(live_server, "alpha", f"/helping/people/{person}/"))
    assert not _violations(page)
    page.fill("form[action$='/invite/'] input[name=email]", "hilde.kern@example.org")
    page.click("form[action$='/invite/'] button[type=submit]")
    page.wait_for_load_state()

    # and finally revokes the consent at her wish
    page.goto(town_url(live_server, "alpha", f"/helping/people/{person}/"))
    page.click("form[action$='/revoke/'] button")
    page.wait_for_load_state()

    # then each step was done for her, and audited with both names
    with tenant_context(towns["alpha"]):
        answer = Message.objects.filter(thread=thread, author=hildegard).get()
        assert answer.body == "Ja, Sie können sie am Samstag abholen."
        assert TimeTransfer.objects.get(pk=transfer.pk).status == TimeTransfer.Status.CONFIRMED
        hildegard.refresh_from_db()
        assert hildegard.email == "hilde.kern@example.org"
        assert Consent.objects.get(person=hildegard).revoked_at is not None
        for action in ("exchange_message_sent_for", "exchange_transfer_confirmed_for"):
            audit = AuditEntry.objects.get(action=action, on_behalf_of=hildegard)
            assert audit.actor == markus
