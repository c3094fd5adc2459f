"""Messages between residents about a listing; nobody sees the other's e-mail address."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.accounts.services import town_url
from portal.behalf.services import acting_for
from portal.notifications.services import mark_read_for_target
from portal.notify import notify

from ..models import MESSAGE_MAX, Listing, Message, Thread
from ..notification_kinds import MESSAGES as MESSAGE_KIND
from ..notification_kinds import thread_target
from ..scopes import MESSAGES
from .checks import clean_text, require_participant


@transaction.atomic
def mark_thread_read(*, thread: Thread, reader: User) -> None:
    """The reader (one of the two people) has seen every message of the thread so far."""
    if reader.pk == thread.listing.owner_id:
        field = "owner_read_at"
    elif reader.pk == thread.interested_id:
        field = "interested_read_at"
    else:
        return  # a moderator looking at a thread reads nothing for its people
    Thread.objects.filter(pk=thread.pk).update(**{field: timezone.now()})
    # Its messages' notifications are read too: the daily or weekly summary leaves them out.
    mark_read_for_target(user=reader, target=thread_target(thread.public_id))


def thread_link(thread: Thread) -> str:
    """The absolute address of the thread, as its messages' notifications link to it."""
    return town_url(reverse("exchange:thread", args=[thread.public_id]))


@transaction.atomic
def send_message(
    *,
    sender: User,
    body: str,
    listing: Listing | None = None,
    thread: Thread | None = None,
    on_behalf_of: User | None = None,
) -> Message:
    """Write to a listing's owner (opens the thread) or answer in an existing thread.

    With `on_behalf_of`, `sender` is the network manager at the keyboard and the message is
    the resident's (with their consent; audited).
    """
    actor = sender
    sender = acting_for(actor=actor, on_behalf_of=on_behalf_of, scope=MESSAGES)
    require_participant(sender)
    text = clean_text(
        body, field="body", label=_("the message"), max_length=MESSAGE_MAX, multiline=True
    )
    if thread is None:
        if listing is None:
            raise ValueError("send_message needs a listing or a thread")
        if listing.owner_id == sender.pk:
            raise ValidationError(_("This is your own listing; you answer in its threads."))
        if not listing.is_open or listing.expires_at <= timezone.now():
            raise ValidationError(_("This listing is no longer open for messages."))
        thread, _created = Thread.objects.get_or_create(listing=listing, interested=sender)
    else:
        thread = Thread.objects.select_related("listing", "listing__owner", "interested").get(
            pk=thread.pk
        )
        if sender.pk not in (thread.interested_id, thread.listing.owner_id):
            raise PermissionDenied(_("Only the two people of this conversation can write in it."))
    listing = thread.listing
    now = timezone.now()
    message = Message.objects.create(thread=thread, author=sender, body=text, created_at=now)
    thread.updated_at = now
    # Whoever writes has read the thread up to their own message.
    read_field = "owner_read_at" if sender.pk == thread.listing.owner_id else "interested_read_at"
    setattr(thread, read_field, now)
    thread.save(update_fields=["updated_at", read_field])
    if on_behalf_of is not None:
        record_audit(
            actor=actor,
            on_behalf_of=sender,
            action="exchange_message_sent_for",
            target=message,
            detail={"thread": str(thread.public_id)},
        )
    recipient = listing.owner if sender.pk == thread.interested_id else thread.interested
    if recipient.is_active:
        # A managed resident has no address: those who act for them read it instead.
        notify(
            recipient,
            "exchange/new_message",
            context={
                "sender": sender.get_short_name(),
                "listing": listing.title,
                "excerpt": text[:300],
                "link": thread_link(thread),
            },
            kind=MESSAGE_KIND.key,
            helpers_scope=MESSAGES,
            target=thread_target(thread.public_id),
        )
    return message
