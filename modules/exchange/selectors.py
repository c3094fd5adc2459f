"""Reads of the exchange: what a person may see, balances, the moderators' queue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from portal.accounts.models import User

from .models import (
    ExchangeSettings,
    Listing,
    ListingPhoto,
    Message,
    ModerationAction,
    Report,
    Thread,
    TimeAccount,
    TimeEntry,
    TimeTransfer,
)


def current_settings() -> ExchangeSettings:
    """The town's exchange settings (defaults until an administrator saves them)."""
    return ExchangeSettings.current()


def _with_photos(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    return queryset.select_related("owner").prefetch_related(
        Prefetch("photos", queryset=ListingPhoto.objects.order_by("created_at", "id"))
    )


def open_listings(*, kind: str = "", listing_type: str = "", query: str = "") -> QuerySet[Listing]:
    """Listings everyone in the town sees: active, not hidden, not expired, owner not blocked."""
    listings = Listing.objects.filter(
        status=Listing.Status.ACTIVE,
        is_hidden=False,
        expires_at__gt=timezone.now(),
        owner__is_active=True,
    )
    if kind in Listing.Kind.values:
        listings = listings.filter(kind=kind)
    if listing_type in Listing.Type.values:
        listings = listings.filter(listing_type=listing_type)
    query = query.strip()[:100]
    if query:
        listings = listings.filter(title__icontains=query)
    return _with_photos(listings)


def listings_of(owner: User) -> QuerySet[Listing]:
    """All of a person's own listings, hidden and expired ones included."""
    return _with_photos(Listing.objects.filter(owner=owner))


def listing_for(*, public_id: UUID | str, viewer: User | Any) -> Listing | None:
    """A listing if the viewer may see it: open ones for all, the rest for owner and moderators."""
    listing = _with_photos(Listing.objects.filter(public_id=public_id)).first()
    if listing is None:
        return None
    if listing.is_open and listing.owner.is_active and listing.expires_at > timezone.now():
        return listing
    if viewer.is_authenticated and (listing.owner_id == viewer.pk or viewer.is_moderator):
        return listing
    return None


def threads_of(user: User) -> QuerySet[Thread]:
    """The conversations a person takes part in, newest first."""
    return (
        Thread.objects.filter(Q(interested=user) | Q(listing__owner=user))
        .select_related("listing", "listing__owner", "interested")
        .annotate(message_count=Count("messages"))
    )


def thread_for(*, public_id: UUID | str, user: User) -> Thread | None:
    """A thread if the user is one of its two people (or a moderator)."""
    thread = (
        Thread.objects.filter(public_id=public_id)
        .select_related("listing", "listing__owner", "interested")
        .prefetch_related(Prefetch("messages", queryset=Message.objects.select_related("author")))
        .first()
    )
    if thread is None or not user.is_authenticated:
        return None
    if user.pk in (thread.interested_id, thread.listing.owner_id) or user.is_moderator:
        return thread
    return None


def thread_of(*, listing: Listing, user: User) -> Thread | None:
    return Thread.objects.filter(listing=listing, interested=user).first()


def message_for(*, public_id: UUID | str, user: User) -> Message | None:
    """A message its reader may report: one of the two people of the thread."""
    message = (
        Message.objects.filter(public_id=public_id)
        .select_related("thread", "thread__listing", "author")
        .first()
    )
    if message is None or not user.is_authenticated:
        return None
    parties = (message.thread.interested_id, message.thread.listing.owner_id)
    if user.pk in parties or user.is_moderator:
        return message
    return None


def balance_of(user: User) -> int:
    """Minutes on the person's time account (0 without an account)."""
    total = TimeEntry.objects.filter(account__owner=user).aggregate(total=Sum("minutes"))["total"]
    return int(total or 0)


def account_of(user: User) -> TimeAccount | None:
    return TimeAccount.objects.filter(owner=user).first()


@dataclass(frozen=True)
class HistoryLine:
    entry: TimeEntry
    counterparty: User
    running_balance: int


def entries_of(user: User) -> QuerySet[TimeEntry]:
    """A person's posted time entries, newest first, with the transfer and both accounts."""
    return TimeEntry.objects.filter(account__owner=user).select_related(
        "transfer",
        "transfer__from_account__owner",
        "transfer__to_account__owner",
        "transfer__listing",
        "transfer__recorded_by_moderator",
    )


def history_of(user: User, *, limit: int = 100) -> list[HistoryLine]:
    """The latest entries with the other person and the balance after each."""
    entries = list(entries_of(user)[:limit])
    running = balance_of(user)
    lines = []
    for entry in entries:
        transfer = entry.transfer
        other = (
            transfer.to_account.owner
            if transfer.from_account.owner_id == user.pk
            else transfer.from_account.owner
        )
        lines.append(HistoryLine(entry=entry, counterparty=other, running_balance=running))
        running -= entry.minutes
    return lines


def transfers_of(user: User) -> QuerySet[TimeTransfer]:
    """Transfers the person is a party of, any status."""
    return TimeTransfer.objects.filter(
        Q(from_account__owner=user) | Q(to_account__owner=user)
    ).select_related(
        "proposer", "from_account__owner", "to_account__owner", "listing", "recorded_by_moderator"
    )


def transfer_for(*, public_id: UUID | str, user: User) -> TimeTransfer | None:
    return transfers_of(user).filter(public_id=public_id).first()


def open_reports() -> QuerySet[Report]:
    """Reports nobody has dealt with yet, oldest first."""
    return Report.objects.filter(resolved_at__isnull=True).select_related(
        "reporter", "listing", "listing__owner", "message", "message__author"
    )


def moderation_log(*, limit: int = 50) -> QuerySet[ModerationAction]:
    return ModerationAction.objects.select_related(
        "actor", "listing", "message", "subject", "transfer"
    )[:limit]


def moderation_notes_for(listing: Listing) -> QuerySet[ModerationAction]:
    """What moderators did to a listing, shown to its owner."""
    return ModerationAction.objects.filter(listing=listing).select_related("actor")


def members_for_moderation() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("full_name", "email")


def listings_visible_to(viewer: User | Any) -> QuerySet[Listing]:
    """Open listings, plus the viewer's own in any state (for the API's detail)."""
    visible = Q(
        status=Listing.Status.ACTIVE,
        is_hidden=False,
        expires_at__gt=timezone.now(),
        owner__is_active=True,
    )
    if viewer.is_authenticated:
        visible |= Q(owner=viewer)
    return _with_photos(Listing.objects.filter(visible))
