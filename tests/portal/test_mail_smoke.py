"""Every town e-mail renders with the town's branding, in plain text and HTML, after commit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from portal.accounts import services
from portal.mail import render_town_email
from tenants.models import Town

TEMPLATES = ["welcome_admin", "password_reset", "verify_email", "account_approved"]


@pytest.mark.parametrize("template", TEMPLATES)
def test_each_email_renders_branded_text_and_html(in_town_a: Town, template: str) -> None:
    subject, text, html = render_town_email(
        template, {"name": "Änne & Co", "link": "http://alpha.lq.test/l/"}, "en"
    )
    assert "Alpha" in subject and "\n" not in subject
    assert "Änne & Co" in text and "http://alpha.lq.test/l/" in text
    assert "Alpha" in text  # the footer names the town
    assert "Änne &amp; Co" in html and 'href="http://alpha.lq.test/l/"' in html
    assert "<html" in html and "&amp;" not in text


def test_registration_mail_is_branded_and_sent_after_commit(
    in_town_a: Town, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.register_resident(
            email="x@example.org", password="a-long-enough-pw-123", full_name="Xaver"
        )
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Alpha" in message.subject and message.to == ["x@example.org"]
    assert "http://alpha.lq.test/accounts/verify/" in message.body
    assert message.alternatives and message.alternatives[0][1] == "text/html"
