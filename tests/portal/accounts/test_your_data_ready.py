"""When a data export is ready, the person is told in the portal and by e-mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from portal.accounts.models import DataExport
from portal.accounts.services import request_data_export
from portal.accounts.services.your_data import build_data_export
from portal.notifications.models import Notification, Preference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_ready_export_is_announced_in_the_inbox_and_by_email(
    client_a, in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given Paula, who turned every e-mail off for "other" messages
    paula = UserFactory(email="paula@example.org", language="en")
    Preference.objects.create(user=paula, kind="other", choice="off")
    mail.outbox.clear()
    # when she asks for her data and the task has built it
    with django_capture_on_commit_callbacks(execute=True):
        export = request_data_export(user=paula)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    # then one e-mail went to her with the link to her data page, without unsubscribe link
    sent = [m for m in mail.outbox if m.to == ["paula@example.org"]]
    assert len(sent) == 1
    assert "ready to download" in sent[0].subject
    assert "/accounts/my-data/" in sent[0].body
    assert "List-Unsubscribe" not in sent[0].extra_headers
    # and her inbox holds it, linking to the same page
    note = Notification.objects.get(user=paula)
    assert note.kind == "account_data" and note.link.endswith("/accounts/my-data/")
    assert note.read_at is None
    client_a.force_login(paula)
    with translation.override("en"):
        inbox = client_a.get("/notifications/").content.decode()
    assert "ready to download" in inbox


def test_a_retried_build_tells_the_person_only_once(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    paula = UserFactory(email="paula@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        export = request_data_export(user=paula)
    # when the task runs again for the same, finished export
    with django_capture_on_commit_callbacks(execute=True):
        build_data_export(export_id=str(export.public_id))
    # then she was told once
    assert Notification.objects.filter(user=paula, kind="account_data").count() == 1
    assert len([m for m in mail.outbox if m.to == ["paula@example.org"]]) == 1


def test_the_data_kind_is_not_offered_for_choosing(client_a, in_town_a) -> None:
    # an answer to one's own request cannot be switched off or unsubscribed from
    from portal.notifications.kinds import kinds_for, unsubscribable_kind

    assert "account_data" not in {kind.key for kind in kinds_for(is_moderator=True)}
    assert unsubscribable_kind("account_data") is None
