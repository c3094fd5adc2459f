"""The exchange's part of the console's moderation queue: reported and hidden listings and
messages, acted on through the exchange's own services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.moderation import services as kit
from portal.moderation.queue import HIDDEN, REPORTED, QueueItem, reasons, reported_in

from . import services
from .models import Listing, Message

# Hidden content shown for restoring: the most recent ones, so the queue stays one page.
HIDDEN_SHOWN = 50


def _listing_item(
    listing: Listing, *, state: str, since: datetime | None = None, reported: tuple[str, ...] = ()
) -> QueueItem:
    return QueueItem(
        module="exchange",
        kind="listing",
        public_id=listing.public_id,
        kind_label=_("Listing"),
        title=listing.title,
        excerpt=listing.description[:300],
        link=reverse("exchange:detail", args=[listing.public_id]),
        since=since or listing.hidden_at or listing.created_at,
        state=state,
        actions=("restore", "dismiss") if listing.is_hidden else ("hide", "dismiss"),
        is_hidden=listing.is_hidden,
        author=listing.owner.full_name,
        reasons=reported,
    )


def _message_item(
    message: Message, *, state: str, since: datetime | None = None, reported: tuple[str, ...] = ()
) -> QueueItem:
    return QueueItem(
        module="exchange",
        kind="message",
        public_id=message.public_id,
        kind_label=_("Message"),
        title=message.thread.listing.title,
        excerpt=message.body[:300],
        link=reverse("exchange:thread", args=[message.thread.public_id]),
        since=since or message.hidden_at or message.created_at,
        state=state,
        actions=("restore", "dismiss") if message.is_hidden else ("hide", "dismiss"),
        is_hidden=message.is_hidden,
        author=message.author.full_name,
        reasons=reported,
    )


class ExchangeQueue:
    def queue_items(self) -> list[QueueItem]:
        listings = Listing.objects.select_related("owner")
        messages = Message.objects.select_related("author", "thread", "thread__listing")
        items: list[QueueItem] = []
        seen: set[UUID] = set()
        for listing, reports in reported_in(listings):
            items.append(
                _listing_item(
                    listing, state=REPORTED, since=reports[0].created_at, reported=reasons(reports)
                )
            )
            seen.add(listing.public_id)
        for message, reports in reported_in(messages):
            items.append(
                _message_item(
                    message, state=REPORTED, since=reports[0].created_at, reported=reasons(reports)
                )
            )
            seen.add(message.public_id)
        hidden_listings = listings.filter(is_hidden=True).order_by("-hidden_at")[:HIDDEN_SHOWN]
        hidden_messages = messages.filter(is_hidden=True).order_by("-hidden_at")[:HIDDEN_SHOWN]
        items += [
            _listing_item(x, state=HIDDEN) for x in hidden_listings if x.public_id not in seen
        ]
        items += [
            _message_item(x, state=HIDDEN) for x in hidden_messages if x.public_id not in seen
        ]
        return items

    def exists(self, *, kind: str, public_id: UUID) -> bool:
        if kind == "listing":
            return Listing.objects.filter(public_id=public_id).exists()
        if kind == "message":
            return Message.objects.filter(public_id=public_id).exists()
        return False

    def act(self, *, kind: str, public_id: UUID, action: str, moderator: User, reason: str) -> None:
        if kind == "listing":
            listing = Listing.objects.filter(public_id=public_id).first()
            if listing is None:
                raise LookupError(public_id)
            listing_actions: dict[str, Callable[[], object]] = {
                "hide": lambda: services.hide_listing(
                    listing=listing, moderator=moderator, reason=reason
                ),
                "restore": lambda: services.restore_listing(
                    listing=listing, moderator=moderator, reason=reason
                ),
                "dismiss": lambda: kit.dismiss(target=listing, moderator=moderator, reason=reason),
            }
            _run(listing_actions, action)
        elif kind == "message":
            message = Message.objects.filter(public_id=public_id).first()
            if message is None:
                raise LookupError(public_id)
            message_actions: dict[str, Callable[[], object]] = {
                "hide": lambda: services.hide_message(
                    message=message, moderator=moderator, reason=reason
                ),
                "restore": lambda: services.restore_message(
                    message=message, moderator=moderator, reason=reason
                ),
                "dismiss": lambda: kit.dismiss(target=message, moderator=moderator, reason=reason),
            }
            _run(message_actions, action)
        else:
            raise LookupError(kind)


def _run(actions: dict[str, Callable[[], object]], action: str) -> None:
    run = actions.get(action)
    if run is None:
        raise ValidationError(_("This cannot be done with this content."))
    run()
