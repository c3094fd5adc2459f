"""Town e-mails with files attached (an appointment's .ics): through the task's JSON
payload intact, and the mails without files queued exactly as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from portal import mail as portal_mail
from portal.mail import queue_town_email
from tenants.models import Town

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:M\xc3\xbcller <b>\r\nEND:VCALENDAR\r\n"


def test_an_attachment_arrives_as_it_was_given(
    in_town_a: Town, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    # given an .ics in bytes and a text file
    files = [("termin.ics", ICS, "text/calendar"), ("notiz.txt", "Grüße", "text/plain")]
    # when a town e-mail is queued with them
    with django_capture_on_commit_callbacks(execute=True):
        queue_town_email(
            template="password_reset",
            to=["eve@example.org"],
            context={"name": "Eve", "link": "http://alpha.lq.test/r/"},
            attachments=files,
        )
    # then the message carries both, byte for byte, beside its text and HTML
    message = mailoutbox[0]
    parts = {part.get_filename(): part for part in message.message().walk() if part.get_filename()}
    assert set(parts) == {"termin.ics", "notiz.txt"}
    assert parts["termin.ics"].get_content_type() == "text/calendar"
    assert parts["termin.ics"].get_payload(decode=True) == ICS
    assert parts["notiz.txt"].get_payload(decode=True).decode() == "Grüße"
    assert message.alternatives and "Eve" in message.body


def test_the_task_payload_with_attachments_is_json(
    in_town_a: Town, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    # given a broker that keeps what it is given
    queued: list[tuple[Any, Any]] = []
    monkeypatch.setattr(
        portal_mail.send_town_email,
        "apply_async",
        lambda args=(), kwargs=None, **options: queued.append((args, kwargs)),
    )
    # when one mail has a file and one has none
    with django_capture_on_commit_callbacks(execute=True):
        queue_town_email(
            template="password_reset",
            to=["a@example.org"],
            context={"name": "A", "link": "x"},
            attachments=[("t.ics", ICS, "text/calendar")],
        )
        queue_town_email(
            template="password_reset", to=["b@example.org"], context={"name": "B", "link": "x"}
        )
    # then the first survives JSON (bytes base64-encoded) and the second is as before
    (args_1, kwargs_1), (args_2, kwargs_2) = queued
    assert json.loads(json.dumps([args_1, kwargs_1])) == [list(args_1), kwargs_1]
    assert kwargs_1["attachments"][0]["filename"] == "t.ics"
    assert kwargs_2 == {} and len(args_2) == 6


@pytest.mark.parametrize(
    "item",
    [("", b"x", "text/plain"), ("a/b.ics", b"x", "text/calendar"), ("a.ics", b"x", "calendar")],
)
def test_a_bad_attachment_is_refused_when_queued(in_town_a: Town, item: Any) -> None:
    with pytest.raises(ValueError):
        queue_town_email(
            template="password_reset",
            to=["a@example.org"],
            context={"name": "A", "link": "x"},
            attachments=[item],
        )
