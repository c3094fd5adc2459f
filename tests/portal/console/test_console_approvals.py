"""Pending approvals: moderators approve, or reject with a reason (account deleted, person told)."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.accounts.models import AuditEntry, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(in_town_a) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(pending=True, full_name="Paula Pending", email="paula@example.org")


def test_moderator_sees_pending_accounts(moderator_a, pending, client_a) -> None:
    client_a.force_login(moderator_a)
    html = client_a.get("/manage/approvals/").content.decode()
    assert "Paula Pending" in html and "paula@example.org" in html


def test_moderator_approves_and_the_person_is_told(
    moderator_a, pending, client_a, django_capture_on_commit_callbacks
) -> None:
    client_a.force_login(moderator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/manage/approvals/{pending.public_id}/approve/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == User.Status.ACTIVE
    assert AuditEntry.objects.filter(action="approved", subject=pending).exists()
    assert [m.to for m in mail.outbox] == [["paula@example.org"]]


def test_approving_an_active_account_changes_nothing(moderator_a, resident_a, client_a) -> None:
    client_a.force_login(moderator_a)
    response = client_a.post(f"/manage/approvals/{resident_a.public_id}/approve/", follow=True)
    assert "not waiting for approval" in response.content.decode()
    assert not AuditEntry.objects.exists()


def test_reject_needs_a_reason(moderator_a, pending, client_a) -> None:
    client_a.force_login(moderator_a)
    response = client_a.post(f"/manage/approvals/{pending.public_id}/reject/", {"reason": "  "})
    assert response.status_code == 200
    assert User.objects.filter(pk=pending.pk).exists()
    assert mail.outbox == []


def test_reject_deletes_the_account_and_mails_the_reason(
    moderator_a, pending, client_a, django_capture_on_commit_callbacks
) -> None:
    # given a pending registration
    client_a.force_login(moderator_a)
    # when the moderator rejects it with a reason
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            f"/manage/approvals/{pending.public_id}/reject/",
            {"reason": "Sie wohnen nicht in Alpha."},
        )
    # then the account is gone, the person got the reason, and the log knows who did it
    assert response.status_code == 302
    assert not User.objects.filter(email="paula@example.org").exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["paula@example.org"]
    assert "Sie wohnen nicht in Alpha." in str(message.body)
    assert "Alpha" in message.subject
    entry = AuditEntry.objects.get(action="rejected")
    assert entry.actor == moderator_a and entry.detail["name"] == "Paula Pending"


def test_active_account_cannot_be_rejected(moderator_a, resident_a, client_a) -> None:
    client_a.force_login(moderator_a)
    response = client_a.post(f"/manage/approvals/{resident_a.public_id}/reject/", {"reason": "x"})
    assert response.status_code == 404
    assert User.objects.filter(pk=resident_a.pk).exists()
