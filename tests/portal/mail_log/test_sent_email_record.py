"""Every e-mail a town sends leaves a record (no address) and a Message-ID naming both."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from portal.mail import queue_town_email
from portal.mail_log.message_ids import make_message_id, read_message_id
from portal.mail_log.models import SentEmail
from tenants.models import Town

pytestmark = pytest.mark.django_db


def test_a_sent_email_is_recorded_with_a_message_id_naming_town_and_record(
    in_town_a: Town, django_capture_on_commit_callbacks: Any
) -> None:
    # when the town sends an e-mail to two people
    with django_capture_on_commit_callbacks(execute=True):
        queue_town_email(
            template="account_approved",
            to=["a@example.org", "b@example.org"],
            context={"name": "Anna", "link": "http://alpha.lq.test/"},
        )
    # then one record says what kind, to how many, and the Message-ID leads back to it
    record = SentEmail.objects.get(kind="account_approved")
    assert record.kind == "account_approved" and record.recipients == 2
    assert record.bounced_at is None
    message_id = mail.outbox[-1].extra_headers["Message-ID"]
    assert message_id == make_message_id(town_slug="alpha", record_id=record.public_id)
    ref = read_message_id(message_id)
    assert ref is not None and ref.town_slug == "alpha" and ref.record_id == record.public_id
    assert "example.org" not in str(SentEmail.objects.values().get(pk=record.pk))


def test_message_ids_not_made_by_us_are_not_read() -> None:
    for value in (
        "",
        "<abc@example.org>",
        "<lq.xyz.alpha@lq.test>",
        "<lq.1234.Alpha@x>",
        "x" * 500,
    ):
        assert read_message_id(value) is None
