"""The e-mail of a letter: rendered once per batch, addressed per person.

Every copy has a Message-ID made from the letter and the person (never random), so a copy
sent again after a crash is the same message to the receiving mail systems and to the
person's mail program, which recognise and drop the second one.
"""

from __future__ import annotations

import secrets
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
