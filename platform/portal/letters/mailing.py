"""The e-mail of a letter: rendered once per batch, addressed per person.

Every copy has a Message-ID made from the letter and the person (never random), so a copy
sent again after a crash is the same message to the receiving mail systems and to the
person's mail program, which recognise and drop the second one.
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.html import escape

from portal.accounts.models import User
from portal.letters.models import Letter
from portal.letters.recipients import unsubscribe_links
from portal.mail import render_town_email
from tenants.addresses import town_host, town_url
from tenants.current import current_town


def letter_context(letter: Letter) -> dict[str, Any]:
    """What the mail, the page and the PDF show: the letter's text as plain values."""
    return {
        "title": letter.title,
        "intro": letter.intro,
        "sections": [
            {"heading": s.heading, "body": s.body} for s in letter.sections.order_by("position")
        ],
        "page_url": town_url(reverse("letters:page", args=[letter.slug])),
        "pdf_url": town_url(reverse("letters:pdf", args=[letter.slug])),
    }


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    text: str
    html: str
    marker: str  # stands for the person's unsubscribe address until it is addressed
    from_email: str
    reply_to: list[str] | None
    unsubscribe: Callable[[User], tuple[str, dict[str, str]]]


def render_letter_mail(letter: Letter) -> RenderedLetter:
    """Everything of the letter's mail that is the same for everyone (made once a batch)."""
    from portal.branding.selectors import current_branding

    branding = current_branding()
    marker = f"lq-unsubscribe-{secrets.token_hex(16)}"
    context = {**letter_context(letter), "unsubscribe_url": marker}
    subject, text, html = render_town_email("letter", context)
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return RenderedLetter(
        subject=subject,
        text=text,
        html=html,
        marker=marker,
        from_email=formataddr((" ".join(branding.display_name.split()), address)),
        reply_to=[branding.contact_email] if branding.contact_email else None,
        unsubscribe=unsubscribe_links(),
    )


def message_id(letter: Letter, user: User) -> str:
    """The same for every attempt at sending `letter` to `user`."""
    town = current_town()
    domain = town_host(town.slug) if town is not None else "localhost"
    return f"<letter.{letter.public_id}.{user.public_id}@{domain}>"


_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_SLUG = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_COPY_ID = re.compile(rf"^<?letter\.({_UUID})\.({_UUID})@({_SLUG})\.([^<>@\s]+?)>?$")


@dataclass(frozen=True)
class LetterCopyRef:
    """What a letter copy's Message-ID names: the town, the letter and the person."""

    town_slug: str
    letter_id: uuid.UUID
    user_id: uuid.UUID


def read_copy_message_id(value: str) -> LetterCopyRef | None:
    """The town, letter and person a copy's Message-ID names; None for any other value."""
    match = _COPY_ID.match(value.strip().lower())
    if match is None or match.group(4) != settings.LQ_BASE_DOMAIN.lower():
        return None
    return LetterCopyRef(
        town_slug=match.group(3),
        letter_id=uuid.UUID(match.group(1)),
        user_id=uuid.UUID(match.group(2)),
    )


# Fixed, so that a copy's mail log record is the same for every attempt at sending it.
_RECORD_NAMESPACE = uuid.UUID("6f0c53a2-6a3e-4d8e-9d5e-2b7c1f4a9e10")


def copy_record_id(*, letter_id: uuid.UUID, user_id: uuid.UUID) -> uuid.UUID:
    """The id of the mail log's record of the copy of letter `letter_id` for `user_id`."""
    return uuid.uuid5(_RECORD_NAMESPACE, f"{letter_id}:{user_id}")


def letter_message(letter: Letter, user: User, rendered: RenderedLetter) -> EmailMultiAlternatives:
    """The copy of `letter` for `user`, with its unsubscribe headers and fixed Message-ID."""
    link, unsubscribe_headers = rendered.unsubscribe(user)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text.replace(rendered.marker, link),
        from_email=rendered.from_email,
        to=[user.email or ""],
        reply_to=rendered.reply_to,
        headers={"Message-ID": message_id(letter, user), **unsubscribe_headers},
    )
    message.attach_alternative(rendered.html.replace(rendered.marker, escape(link)), "text/html")
    return message
