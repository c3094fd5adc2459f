"""The exchange's part of a person's area: unread messages, transfers to confirm, listings
about to expire, their own listings and their time account. Five queries, however many
listings, threads or transfers the person has."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.formatting import hours_minutes
from portal.registry import AreaItem

from . import selectors
from .models import Listing, Message, TimeTransfer

EXPIRING_WITHIN = timedelta(days=7)


def unread_messages(user: User) -> int:
    """Messages of the others in the person's threads, newer than their read mark."""
    as_owner = Q(thread__listing__owner=user) & (
        Q(thread__owner_read_at__isnull=True) | Q(created_at__gt=F("thread__owner_read_at"))
    )
    as_interested = Q(thread__interested=user) & (
        Q(thread__interested_read_at__isnull=True)
        | Q(created_at__gt=F("thread__interested_read_at"))
    )
    return (
        Message.objects.filter(as_owner | as_interested, is_hidden=False)
        .exclude(author=user)
        .count()
    )


def personal_area(user: User) -> Sequence[AreaItem]:
    now = timezone.now()
    to_confirm = (
        TimeTransfer.objects.filter(status=TimeTransfer.Status.PROPOSED)
        .filter(Q(from_account__owner=user) | Q(to_account__owner=user))
        .exclude(proposer=user)
        .count()
    )
    listings = Listing.objects.filter(owner=user).aggregate(
        standing=Count("pk", filter=Q(status=Listing.Status.ACTIVE)),
        expired=Count("pk", filter=Q(status=Listing.Status.EXPIRED)),
        expiring=Count(
            "pk",
            filter=Q(
                status=Listing.Status.ACTIVE,
                expires_at__gt=now,
                expires_at__lte=now + EXPIRING_WITHIN,
            ),
        ),
    )
    unread = unread_messages(user)
    balance = selectors.balance_of(user)
    items = []
    if unread:
        items.append(
            AreaItem(
                section="waiting",
                label=ngettext("%(n)d unread message", "%(n)d unread messages", unread)
                % {"n": unread},
                count=unread,
                url=reverse("exchange:threads"),
                icon="mail",
            )
        )
    if to_confirm:
        items.append(
            AreaItem(
                section="waiting",
                label=ngettext(
                    "%(n)d time transfer to confirm", "%(n)d time transfers to confirm", to_confirm
                )
                % {"n": to_confirm},
                count=to_confirm,
                url=reverse("exchange:account"),
                icon="clock",
            )
        )
    if listings["expiring"]:
        n = listings["expiring"]
        items.append(
            AreaItem(
                section="waiting",
                label=ngettext(
                    "%(n)d listing expires within 7 days",
                    "%(n)d listings expire within 7 days",
                    n,
                )
                % {"n": n},
                count=n,
                url=reverse("exchange:my_listings"),
                icon="calendar",
            )
        )
    n = listings["standing"]
    items.append(
        AreaItem(
            section="mine",
            label=ngettext("%(n)d listing in the exchange", "%(n)d listings in the exchange", n)
            % {"n": n},
            count=n,
            url=reverse("exchange:my_listings"),
            icon="exchange",
        )
    )
    if listings["expired"]:
        n = listings["expired"]
        items.append(
            AreaItem(
                section="mine",
                label=ngettext(
                    "%(n)d expired listing you can renew",
                    "%(n)d expired listings you can renew",
                    n,
                )
                % {"n": n},
                count=n,
                url=reverse("exchange:my_listings"),
                icon="calendar",
            )
        )
    items.append(
        AreaItem(
            section="account",
            label=_("Time account: %(balance)s")
            % {"balance": hours_minutes(balance, style="words")},
            count=balance,
            url=reverse("exchange:account"),
            icon="clock",
        )
    )
    return items
