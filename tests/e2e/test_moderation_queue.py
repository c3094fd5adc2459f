"""A moderator works through the console's moderation queue in a real browser: hides and
shows again a reported listing, closes the reports on a message, approves an organisation."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.directory.models import Organisation
from modules.exchange import services as exchange
from modules.exchange.models import Listing, Message
from portal.moderation.models import Report, ReviewStatus
from tests.e2e.conftest import town_url
from tests.factories import PASSWORD, UserFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.exchange import ListingFactory, MessageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _item(page: Any, module: str, kind: str, public_id: Any) -> Any:
    return page.locator(f"section[aria-labelledby='item-{module}-{kind}-{public_id}']")


def test_moderator_works_through_the_queue(live_server, page, towns) -> None:
    # given reported content of the exchange and an organisation waiting in the directory
    with tenant_context(towns["alpha"]):
        moderator = UserFactory(moderator=True, email="moni@example.org")
        reporter = UserFactory()
        listing = ListingFactory(title="Rasenmäher zu verschenken")
        message = MessageFactory(body="Rufen Sie mich an")
        exchange.report_content(reporter=reporter, listing=listing, reason="Gewerblich")
        exchange.report_content(reporter=reporter, message=message, reason="Unfreundlich")
        organisation = OrganisationFactory(name="Schachclub Nord", status=ReviewStatus.PENDING)

    # when the moderator logs in and opens the queue
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", moderator.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")
    page.goto(town_url(live_server, "alpha", "/manage/moderation/"))

    # then every module's items are there, with their reasons
    for text in ("Rasenmäher zu verschenken", "Gewerblich", "Rufen Sie mich an", "Schachclub"):
        assert page.get_by_text(text).count() >= 1, text

    # when she hides the listing with a reason
    item = _item(page, "exchange", "listing", listing.public_id)
    item.locator("textarea[name=reason]").fill("Gewerbliches Angebot")
    item.locator("button[value=hide]").click()
    page.wait_for_load_state()
    assert page.locator(".message-success").count() == 1
    with tenant_context(towns["alpha"]):
        hidden = Listing.objects.get(pk=listing.pk)
        assert hidden.is_hidden and hidden.hidden_reason == "Gewerbliches Angebot"

    # then it stays in the queue as hidden, and she can show it again
    item = _item(page, "exchange", "listing", listing.public_id)
    item.locator("button[value=restore]").click()
    page.wait_for_load_state()
    with tenant_context(towns["alpha"]):
        assert not Listing.objects.get(pk=listing.pk).is_hidden

    # when she closes the reports on the message without changing it
    _item(page, "exchange", "message", message.public_id).locator("button[value=dismiss]").click()
    page.wait_for_load_state()
    with tenant_context(towns["alpha"]):
        assert not Message.objects.get(pk=message.pk).is_hidden
        assert message.reports.get().resolution == Report.Resolution.DISMISSED
    assert _item(page, "exchange", "message", message.public_id).count() == 0

    # and approves the organisation
    org_item = _item(page, "directory", "organisation", organisation.public_id)
    org_item.locator("button[value=approve]").click()
    page.wait_for_load_state()
    with tenant_context(towns["alpha"]):
        assert Organisation.objects.get(pk=organisation.pk).status == ReviewStatus.APPROVED
    assert _item(page, "directory", "organisation", organisation.public_id).count() == 0
