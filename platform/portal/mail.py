"""E-mail of a town: rendered with its branding inside a task, sent after the commit."""

from __future__ import annotations

import base64
import functools
import time
import uuid
from collections.abc import Mapping, Sequence
from email.utils import formataddr, parseaddr
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template import Context, Engine, engines
from django.template.loader import render_to_string
from django.utils import translation

from portal.background import TownTask, enqueue_on_commit

# (filename, content, mimetype): what a caller attaches to a town e-mail.
Attachment = tuple[str, bytes | str, str]


def queue_town_email(
    *,
    template: str,
    to: Sequence[str | None],
    context: dict[str, Any],
    language: str = "",
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
    attachments: Sequence[Attachment] = (),
) -> None:
    """Send `emails/<template>.{subject.txt,txt,html}` to `to` once the transaction commits.

    The context must be JSON-serialisable (ids, strings, URLs); the task adds the town's
    branding itself. It must be called inside the town (the task runs in its schema).
    `reply_to` replaces the town's contact address as the answer address (a resident
    answering a message answers the other resident, not the town hall). Empty addresses
    are left out (a managed resident has none; their network manager keeps them informed),
    and a mail to nobody is not sent at all. `headers` are added to the message (the
    unsubscribe headers of a notification); a value on more than one line is refused.
    `attachments` are `(filename, content, mimetype)`, content as bytes or text (an
    appointment's `.ics`); they travel to the task base64-encoded in its JSON payload.
    """
    extra = _checked_headers(headers or {})
    recipients = [address for address in to if address]
    if not recipients:
        return
    files = [_packed(item) for item in attachments]
    if files:
        enqueue_on_commit(
            send_town_email,
            template,
            recipients,
            context,
            language,
            list(reply_to),
            extra,
            attachments=files,
        )
    else:  # the task's arguments exactly as before for every mail without files
        enqueue_on_commit(
            send_town_email, template, recipients, context, language, list(reply_to), extra
        )


def _packed(item: Attachment) -> dict[str, str]:
    """An attachment as the task's JSON payload carries it."""
    filename, content, mimetype = item
    if not filename or "/" in filename or "\n" in filename or "\r" in filename:
        raise ValueError(f"An attachment needs a plain file name, got {filename!r}.")
    if "/" not in mimetype:
        raise ValueError(
            f"An attachment needs a MIME type such as text/calendar, got {mimetype!r}."
        )
    raw = content.encode() if isinstance(content, str) else content
    return {
        "filename": filename,
        "content": base64.b64encode(raw).decode("ascii"),
        "mimetype": mimetype,
    }


def _unpacked(item: Mapping[str, str]) -> tuple[str, bytes, str]:
    return item["filename"], base64.b64decode(item["content"]), item["mimetype"]


def _checked_headers(headers: Mapping[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        if not name.replace("-", "").isalnum() or "\n" in value or "\r" in value:
            raise ValueError(f"Header {name!r} must be one line with a plain name.")
    return dict(headers)


@functools.cache
def _text_engine() -> Engine:
    """The project's template engine without HTML escaping, for subjects and plain text:
    a town called "Müller & Söhne" must not arrive as "Müller &amp; Söhne"."""
    html_engine: Engine = engines["django"].engine  # type: ignore[attr-defined]
    return Engine(
        dirs=html_engine.dirs,
        app_dirs=html_engine.app_dirs,
        libraries=html_engine.libraries,
        builtins=[b for b in html_engine.builtins if b not in Engine.default_builtins],
        autoescape=False,
    )


def _render_text(name: str, context: dict[str, Any]) -> str:
    return _text_engine().get_template(name).render(Context(context))


def render_town_email(
    template: str, context: dict[str, Any], language: str = ""
) -> tuple[str, str, str]:
    """(subject, text, html) of a town e-mail, with the current town's branding."""
    from portal.branding.selectors import current_branding

    branding = current_branding()
    full_context = {**context, "branding": branding}
    with translation.override(language or branding.town_language):
        subject = _render_text(f"emails/{template}.subject.txt", full_context)
        text = _render_text(f"emails/{template}.txt", full_context)
        html = render_to_string(f"emails/{template}.html", full_context)
    # One line, whatever the template or the town's name contain (no header injection).
    return " ".join(subject.split()), text, html


def build_town_email(
    *,
    template: str,
    to: list[str],
    context: dict[str, Any],
    language: str = "",
    reply_to: list[str] | None = None,
    headers: Mapping[str, str] | None = None,
    attachments: Sequence[Mapping[str, str]] = (),
) -> tuple[EmailMultiAlternatives, uuid.UUID | None]:
    """The message of a town e-mail, ready to hand to a mail connection, and the id of its
    mail-log record (None outside a town). Call `record_sent_email` with that id once the
    server accepted it. For senders that send many over one connection (the digests).
    `attachments` are in the task's packed form (`queue_town_email` packs them)."""
    from portal.branding.selectors import current_branding
    from portal.mail_log.message_ids import make_message_id
    from portal.mail_log.services import new_record_id
    from tenants.current import current_town

    branding = current_branding()
    town = current_town()
    subject, text, html = render_town_email(template, context, language)
    extra = _checked_headers(headers or {})
    record_id = None
    if town is not None:
        # The Message-ID names the town and the record, so a bounce finds its way back.
        record_id = new_record_id()
        extra["Message-ID"] = make_message_id(town_slug=town.slug, record_id=record_id)
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=formataddr((" ".join(branding.display_name.split()), address)),
        to=to,
        reply_to=reply_to or ([branding.contact_email] if branding.contact_email else None),
        headers=extra,
    )
    message.attach_alternative(html, "text/html")
    for item in attachments:
        message.attach(*_unpacked(item))
    return message, record_id


@shared_task(base=TownTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_town_email(
    template: str,
    to: list[str],
    context: dict[str, Any],
    language: str,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> None:
    from portal.mail_log.services import record_sent_email

    message, record_id = build_town_email(
        template=template,
        to=to,
        context=context,
        language=language,
        reply_to=reply_to,
        headers=headers,
        attachments=attachments or (),
    )
    message.send()
    if record_id is not None:
        record_sent_email(record_id=record_id, kind=template, recipients=len(to))


class OutboxBackend(BaseEmailBackend):
    """Local development: every message becomes a .eml file under LQ_OUTBOX_DIR."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = settings.LQ_OUTBOX_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            path = folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
            path.write_bytes(message.message().as_bytes())
        return len(email_messages)
