"""Messages between a resident and the helper or driver (and the coordinator) of a request
or a ride. The portal carries them: the other side is notified with a link to the thread,
never with the sender's e-mail address (no reply-to)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.notifications.services import mark_read_for_target
from portal.notify import notify
from portal.validation import Errors
from tenants.addresses import town_url

from ..access import coordinators_of, may_coordinate
from ..models import HelpRequest, Message, Ride
from ..notification_kinds import MESSAGES
from ..scopes import REQUESTS

BODY_MAX = 2000


def thread_people(*, request: HelpRequest | None = None, ride: Ride | None = None) -> list[User]:
    """Who writes in the thread of the request or ride: its resident, its helper or driver,
    and the service's coordinator (else the organisation's representatives)."""
    subject = request or ride
    assert subject is not None
    worker = request.helper if request is not None else ride.driver  # type: ignore[union-attr]
    people = [subject.resident, worker, *coordinators_of(subject.service)]
    found: list[User] = []
    for person in people:
        if person is not None and person.pk not in {p.pk for p in found}:
            found.append(person)
    return found


def mark_seen(user: User, subject: HelpRequest | Ride) -> None:
    """`user` opened the request or ride with its thread: what they were told about both is
    read in the inbox too."""
    kind = "request" if isinstance(subject, HelpRequest) else "ride"
    for target in (f"volunteer:{kind}:{subject.public_id}", thread_target(subject)):
        mark_read_for_target(user=user, target=target)


def thread_target(subject: HelpRequest | Ride) -> str:
    return f"volunteer:thread:{subject.public_id}"


def may_write(user: User, *, request: HelpRequest | None = None, ride: Ride | None = None) -> bool:
    subject = request or ride
    assert subject is not None
    if not user.is_authenticated:
        return False
    if user.pk in {p.pk for p in thread_people(request=request, ride=ride)}:
        return True
    return may_coordinate(user, subject.service)


def send_message(
    *, sender: User, body: str, request: HelpRequest | None = None, ride: Ride | None = None
) -> Message:
    """One message in the thread; everyone else in it is notified."""
    if (request is None) == (ride is None):
        raise ValueError("a message is about a request or a ride")
    if not may_write(sender, request=request, ride=ride):
        raise PermissionDenied(
            _("Only the resident, the helper and the coordinator can write here.")
        )
    errors = Errors()
    text = errors.text("body", body, max_length=BODY_MAX, multiline=True)
    errors.raise_if_any()
    subject = request or ride
    assert subject is not None
    if subject.status == "cancelled":
        raise ValidationError({"body": [_("This was cancelled; no more messages can be sent.")]})
    with transaction.atomic():
        message = Message.objects.create(request=request, ride=ride, sender=sender, body=text)
        link = town_url(subject.get_absolute_url())
        for person in thread_people(request=request, ride=ride):
            if person.pk == sender.pk:
                continue
            notify(
                person,
                "volunteer/message",
                context={
                    "sender": sender.full_name,
                    "service": subject.service.title,
                    "link": link,
                },
                kind=MESSAGES.key,
                # A managed resident is told through the people who help them.
                helpers_scope=REQUESTS if person.pk == subject.resident_id else None,
                target=thread_target(subject),
            )
    return message
