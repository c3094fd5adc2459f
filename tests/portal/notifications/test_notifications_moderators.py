"""Moderators hear of reports and of accounts waiting for approval, by their own choice;
every notification e-mail carries the unsubscribe headers and a visible link."""

from __future__ import annotations

import pytest
from django.core import mail

from modules.exchange import services as exchange
from portal.accounts.services import register_resident
from portal.moderation import services as kit
from portal.notifications.kinds import all_kinds
from portal.notifications.models import Notification
from portal.notifications.services import set_preferences
from portal.notify import notify
from tenants.models import ResidencyPolicy
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory

from .conftest import CONTEXT

pytestmark = pytest.mark.django_db


def _has_unsubscribe(message) -> bool:
    header = message.message()["List-Unsubscribe"] or ""
    link = header.strip("<>")
    return (
        "/notifications/unsubscribe/" in link
        and message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        and link in message.body
    )


def test_moderators_are_told_of_a_report_with_unsubscribe(
    people, django_capture_on_commit_callbacks
):
    listing = ListingFactory(owner=people["erika"], title="Fahrrad")
    with django_capture_on_commit_callbacks(execute=True):
        kit.report(target=listing, reporter=people["tom"], reason="Werbung", what="Listing")
    [sent] = [m for m in mail.outbox if m.to == [people["moderator"].email]]
    assert _has_unsubscribe(sent)
    item = Notification.objects.get(user=people["moderator"])
    assert item.kind == "moderation_reported" and "Fahrrad" in item.title + item.body


def test_moderators_are_told_of_an_account_waiting_for_approval(
    in_town_a, people, django_capture_on_commit_callbacks
):
    type(in_town_a).objects.filter(pk=in_town_a.pk).update(
        residency_policy=ResidencyPolicy.APPROVAL
    )
    in_town_a.refresh_from_db()
    moderator = people["moderator"]
    weekly = UserFactory(moderator=True, email="weekly-mod@example.org")
    set_preferences(user=weekly, choices={"accounts_waiting": "weekly"})
    with django_capture_on_commit_callbacks(execute=True):
        register_resident(
            email="neu@example.org",
            password="ein-langes-Passwort-2026",
            full_name="Hanna Neu",
            postcode="71263",
        )
    to_moderator = [m for m in mail.outbox if m.to == [moderator.email]]
    assert len(to_moderator) == 1 and _has_unsubscribe(to_moderator[0])
    assert "Hanna Neu" in to_moderator[0].body and "/manage/approvals/" in to_moderator[0].body
    assert not [m for m in mail.outbox if m.to == [weekly.email]]  # waits for the weekly one
    assert Notification.objects.get(user=weekly, kind="accounts_waiting").digest is None
    assert not Notification.objects.filter(user__in=[people["erika"], people["tom"]]).exists()


def test_every_kind_of_notification_mail_carries_the_unsubscribe_headers(
    people, django_capture_on_commit_callbacks
):
    moderator = people["moderator"]
    kinds = [kind for kind in all_kinds().values() if not kind.transactional]
    with django_capture_on_commit_callbacks(execute=True):
        for kind in kinds:
            notify(moderator, "moderation/reported", context=CONTEXT, kind=kind.key)
    assert len(mail.outbox) == len(kinds) >= 10
    assert all(_has_unsubscribe(message) for message in mail.outbox)


def test_a_module_notification_carries_them_too(people, django_capture_on_commit_callbacks):
    listing = ListingFactory(owner=people["erika"])
    with django_capture_on_commit_callbacks(execute=True):
        exchange.send_message(sender=people["tom"], listing=listing, body="Ist das noch da?")
    [sent] = mail.outbox
    assert sent.to == [people["erika"].email] and _has_unsubscribe(sent)
    assert Notification.objects.get(user=people["erika"]).kind == "exchange_messages"
