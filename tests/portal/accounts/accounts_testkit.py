"""Helpers of the account tests: a strong password, links from sent e-mails."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core import mail

STRONG_PASSWORD = "Lindenbaum-am-Brunnen-7"


def link_in(message: mail.EmailMessage) -> str:
    """The one town link in a plain-text e-mail."""
    links = set(re.findall(r"https?://\S+", str(message.body)))
    assert len(links) == 1, links
    return links.pop()


def path_of(link: str) -> str:
    return urlsplit(link).path


def mails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]
