"""The Message-ID of a town's e-mail names the town and its `SentEmail` record.

`<lq.<record uuid hex>.<town slug>@<base domain>>` is derived from the record alone, so a
bounce (which quotes the original Message-ID) leads back to the right town and record
without storing any address.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.conf import settings

_PATTERN = re.compile(r"^<?lq\.([0-9a-f]{32})\.([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)@[^<>@\s]+>?$")


@dataclass(frozen=True)
class MessageRef:
    town_slug: str
    record_id: uuid.UUID


def make_message_id(*, town_slug: str, record_id: uuid.UUID) -> str:
    return f"<lq.{record_id.hex}.{town_slug}@{settings.LQ_BASE_DOMAIN}>"


def read_message_id(value: str) -> MessageRef | None:
    """The town and record a Message-ID names, or None for anything not made by us."""
    match = _PATTERN.match(value.strip().lower())
    if match is None:
        return None
    return MessageRef(town_slug=match.group(2), record_id=uuid.UUID(hex=match.group(1)))
