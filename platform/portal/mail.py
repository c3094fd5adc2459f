"""E-mail of a town: rendered with its branding inside a task, sent after the commit."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from email.utils import formataddr
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation

from portal.background import TownTask, enqueue_on_commit


def queue_town_email(
    *, template: str, to: Sequence[str], context: dict[str, Any], language: str = ""
) -> None:
    """Send `emails/<template>.{txt,html}` to `to` from a task once the transaction commits.

    The context must be JSON-serialisable (ids, strings, URLs); the task adds the town's
    branding itself.
    """
    enqueue_on_commit(send_town_email, template, list(to), context, language)


@shared_task(base=TownTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_town_email(template: str, to: list[str], context: dict[str, Any], language: str) -> None:
    from portal.branding.selectors import current_branding

    branding = current_branding()
    full_context = {**context, "branding": branding}
    with translation.override(language or branding.town_language):
        subject = render_to_string(f"emails/{template}.subject.txt", full_context).strip()
        text = render_to_string(f"emails/{template}.txt", full_context)
        html = render_to_string(f"emails/{template}.html", full_context)
    from_email = formataddr(
        (branding.display_name, settings.DEFAULT_FROM_EMAIL.split("<")[-1].strip("> "))
    )
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=from_email,
        to=to,
        reply_to=[branding.contact_email] if branding.contact_email else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()


class OutboxBackend(BaseEmailBackend):
    """Local development: every message becomes a .eml file under LQ_OUTBOX_DIR."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = settings.LQ_OUTBOX_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)
