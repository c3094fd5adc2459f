"""The console's one moderation queue: every enabled module's reported and waiting content."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from modules.directory.models import Organisation
from modules.exchange import services as exchange
from modules.exchange.models import Listing, Message
from portal.accounts.models import AuditEntry
from portal.moderation.models import Report, ReviewStatus
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.exchange import ListingFactory, MessageFactory

pytestmark = pytest.mark.django_db
QUEUE = "/manage/moderation/"


def login(client: Any, user: Any, town: Any) -> None:
    with tenant_context(town):
        client.force_login(user)


def act_path(module: str, kind: str, public_id: Any) -> str:
    return f"{QUEUE}{module}/{kind}/{public_id}/"


@pytest.fixture
def content(in_town_a: Any) -> dict[str, Any]:
    reporter = UserFactory(full_name="Rita Resident")
    listing = ListingFactory(title="Gebrauchtes Rad")
    message = MessageFactory(body="Unfreundliche Worte")
    exchange.report_content(reporter=reporter, listing=listing, reason="Werbung für Laden")
    exchange.report_content(reporter=reporter, message=message, reason="Beleidigung")
    organisation = OrganisationFactory(name="Schachclub Nord", status=ReviewStatus.PENDING)
    return {"listing": listing, "message": message, "organisation": organisation}


def test_queue_shows_every_modules_items(client_a, town_a, moderator_a, content):
    login(client_a, moderator_a, town_a)
    response = client_a.get(QUEUE)
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Gebrauchtes Rad",
        "Werbung für Laden",
        "Unfreundliche Worte",
        "Beleidigung",
        "Schachclub Nord",
    ):
        assert text in body


def test_queue_is_for_moderators_only(client_a, town_a, resident_a, content):
    assert client_a.get(QUEUE).status_code == 302
    login(client_a, resident_a, town_a)
    assert client_a.get(QUEUE).status_code == 403
    path = act_path("exchange", "listing", content["listing"].public_id)
    assert client_a.post(path, {"action": "hide", "reason": "x"}).status_code == 403
    assert not Listing.objects.get(pk=content["listing"].pk).is_hidden


def test_hide_restore_dismiss_approve_reject_from_the_queue(client_a, town_a, moderator_a, content):
    login(client_a, moderator_a, town_a)
    listing, message, organisation = content["listing"], content["message"], content["organisation"]
    path = act_path("exchange", "listing", listing.public_id)
    # hiding needs a reason: a clear message and no change
    response = client_a.post(path, {"action": "hide", "reason": ""}, follow=True)
    assert "Please give a reason." in response.content.decode()
    assert not Listing.objects.get(pk=listing.pk).is_hidden
    assert client_a.post(path, {"action": "hide", "reason": "Gewerblich"}).status_code == 302
    assert Listing.objects.get(pk=listing.pk).is_hidden
    assert "Gewerblich" not in client_a.get("/exchange/").content.decode()
    assert client_a.post(path, {"action": "restore", "reason": ""}).status_code == 302
    assert not Listing.objects.get(pk=listing.pk).is_hidden

    path = act_path("exchange", "message", message.public_id)
    assert client_a.post(path, {"action": "dismiss", "reason": "Harmlos"}).status_code == 302
    assert not Message.objects.get(pk=message.pk).is_hidden
    assert Report.objects.filter(resolution="dismissed").count() == 1

    path = act_path("directory", "organisation", organisation.public_id)
    response = client_a.post(path, {"action": "reject", "reason": ""}, follow=True)
    assert Organisation.objects.get(pk=organisation.pk).status == ReviewStatus.PENDING
    assert client_a.post(path, {"action": "approve"}).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).status == ReviewStatus.APPROVED

    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"content_hidden", "content_restored", "reports_dismissed", "content_approved"} <= codes
    body = client_a.get(QUEUE).content.decode()
    assert "Schachclub Nord" not in body and "Beleidigung" not in body


def test_wrong_action_kind_or_id_changes_nothing(client_a, town_a, moderator_a, content):
    login(client_a, moderator_a, town_a)
    listing = content["listing"]
    path = act_path("exchange", "listing", listing.public_id)
    response = client_a.post(path, {"action": "approve"}, follow=True)
    assert "cannot be done" in response.content.decode()
    assert client_a.post(path, {"action": "explode"}).status_code == 302
    assert client_a.get(path).status_code == 405
    org_id = content["organisation"].public_id
    assert (
        client_a.post(act_path("exchange", "listing", org_id), {"action": "hide"}).status_code
        == 404
    )
    assert (
        client_a.post(
            act_path("exchange", "poll", listing.public_id), {"action": "hide"}
        ).status_code
        == 404
    )
    assert (
        client_a.post(act_path("fund", "x", listing.public_id), {"action": "hide"}).status_code
        == 404
    )
    listing.refresh_from_db()
    assert (
        not listing.is_hidden
        and not AuditEntry.objects.filter(action__startswith="content_h").exists()
    )


def test_a_switched_off_module_leaves_the_queue(client_a, town_a, moderator_a, content):
    from tenants.models import Town
    from tenants.routing import forget_towns

    modules = [m for m in town_a.enabled_modules if m != "exchange"]
    Town.objects.filter(pk=town_a.pk).update(enabled_modules=modules)
    forget_towns()
    try:
        login(client_a, moderator_a, town_a)
        body = client_a.get(QUEUE).content.decode()
        assert "Gebrauchtes Rad" not in body and "Schachclub Nord" in body
        path = act_path("exchange", "listing", content["listing"].public_id)
        assert client_a.post(path, {"action": "hide", "reason": "x"}).status_code == 404
    finally:
        forget_towns()


def test_another_towns_moderator_reaches_nothing(client_b, town_b, content):
    with tenant_context(town_b):
        outsider = UserFactory(moderator=True)
        client_b.force_login(outsider)
    assert "Gebrauchtes Rad" not in client_b.get(QUEUE).content.decode()
    path = act_path("exchange", "listing", content["listing"].public_id)
    assert client_b.post(path, {"action": "hide", "reason": "x"}).status_code == 404


def test_queue_keeps_a_constant_number_of_queries(client_a, town_a, moderator_a, content):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client_a, moderator_a, town_a)
    client_a.get(QUEUE)
    with CaptureQueriesContext(connection) as few:
        client_a.get(QUEUE)
    with tenant_context(town_a):
        for _ in range(5):
            exchange.report_content(
                reporter=UserFactory(), listing=ListingFactory(), reason="Noch mehr"
            )
            exchange.report_content(
                reporter=UserFactory(), message=MessageFactory(), reason="Noch mehr"
            )
            OrganisationFactory(status=ReviewStatus.PENDING)
    with CaptureQueriesContext(connection) as many:
        body = client_a.get(QUEUE).content.decode()
    assert body.count("Noch mehr") == 10
    assert len(many.captured_queries) == len(few.captured_queries)
