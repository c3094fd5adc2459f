"""Reads of the exchange: what a person may see, balances, the moderators' queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from billing.ledger import selectors as ledger
from billing.ledger.models import Entry
from portal.accounts.models import User
from portal.moderation.models import Report
from portal.moderation.queue import reported_in
from portal.moderation.selectors import ModerationNote, module_log
from portal.moderation.selectors import moderation_notes_for as kit_notes_for
from portal.search.first_page import Matches, best_matches
from portal.search.matching import closest
from portal.search.query import BadSearch, SearchQuery, parse_query

from .models import (
    ExchangeSettings,
    Listing,
    ListingPhoto,
    Message,
    Thread,
    TimeAccount,
    TimeTransfer,
)


def current_settings() -> ExchangeSettings:
    """The town's exchange settings (defaults until an administrator saves them)."""
    return ExchangeSettings.current()


def _with_photos(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    return queryset.select_related("owner").prefetch_related(
        Prefetch("photos", queryset=ListingPhoto.objects.order_by("created_at", "id"))
    )


def _open() -> QuerySet[Listing]:
    return Listing.objects.filter(
        status=Listing.Status.ACTIVE,
        is_hidden=False,
        expires_at__gt=timezone.now(),
        owner__is_active=True,
    )


def published_listings() -> QuerySet[Listing]:
    """The listings everyone sees now (active, not hidden, not expired), oldest first."""
    return _open().order_by("created_at", "id")


def listings_matching(query: SearchQuery, *, limit: int) -> Matches:
    """The first `limit` open listings matching `query` (with `headline`) and the total."""
    return best_matches(_open(), query, limit=limit, headline_of="description")


def open_listings(*, kind: str = "", listing_type: str = "", query: str = "") -> QuerySet[Listing]:
    """Listings everyone in the town sees: active, not hidden, not expired, owner not blocked;
    with `query`, those matching it (the shared search: stems, compounds, typos), best first."""
    listings = _open()
    if kind in Listing.Kind.values:
        listings = listings.filter(kind=kind)
    if listing_type in Listing.Type.values:
        listings = listings.filter(listing_type=listing_type)
    try:
        search = parse_query(query)
    except BadSearch:
        search = None  # the list page ignores what cannot be searched for
    if search is not None:
        listings = closest(listings, search)
    return _with_photos(listings)


RENEW_DAYS_BEFORE_EXPIRY = 7


def renewal_opens_at(listing: Listing) -> datetime:
    """From when its owner may renew a listing: in its last 7 days (or the town's reminder
    period, if longer, so the reminder's "renew with one click" always works)."""
    days = max(RENEW_DAYS_BEFORE_EXPIRY, current_settings().reminder_days)
    return listing.expires_at - timedelta(days=days)


def can_renew(listing: Listing) -> bool:
    """Renewing makes sense near the end or after expiry; a taken listing is never renewed."""
    if listing.status == Listing.Status.TAKEN:
        return False
    return timezone.now() >= renewal_opens_at(listing)


def listings_of(owner: User) -> QuerySet[Listing]:
    """All of a person's own listings, hidden and expired ones included."""
    return _with_photos(Listing.objects.filter(owner=owner))


def listing_is_public(listing: Listing) -> bool:
    """Everyone in the town may see it: active, not hidden, not expired, owner not blocked."""
    return listing.is_open and listing.owner.is_active and listing.expires_at > timezone.now()


def photo_for(public_id: UUID | str) -> ListingPhoto | None:
    return (
        ListingPhoto.objects.filter(public_id=public_id)
        .select_related("listing", "listing__owner")
        .first()
    )


def listing_for(*, public_id: UUID | str, viewer: User | Any) -> Listing | None:
    """A listing if the viewer may see it: open ones for all, the rest for owner and moderators."""
    listing = _with_photos(Listing.objects.filter(public_id=public_id)).first()
    if listing is None:
        return None
    if listing_is_public(listing):
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


def account_of(user: User) -> TimeAccount | None:
    return TimeAccount.objects.filter(owner=user).select_related("ledger_account").first()


def balance_of(user: User) -> int:
    """Minutes on the person's time account: the sum of its ledger entries (0 without one)."""
    account = account_of(user)
    return ledger.balance_of(account.ledger_account) if account is not None else 0


@dataclass(frozen=True)
class HistoryLine:
    entry: Entry
    transfer: TimeTransfer
    minutes: int
    counterparty: User
    running_balance: int


def entries_of(user: User) -> QuerySet[Entry]:
    """A person's posted time entries, newest first, with the transfer and both accounts."""
    account = account_of(user)
    if account is None:
        return Entry.objects.none()
    return ledger.entries_of(account.ledger_account).select_related(
        "transaction__time_transfer",
        "transaction__time_transfer__from_account__owner",
        "transaction__time_transfer__to_account__owner",
        "transaction__time_transfer__listing",
        "transaction__time_transfer__recorded_by_moderator",
    )


def history_of(user: User, *, limit: int = 100) -> list[HistoryLine]:
    """The latest entries with the other person and the balance after each."""
    entries = list(entries_of(user)[:limit])
    running = balance_of(user)
    lines = []
    for entry in entries:
        transfer = entry.transaction.time_transfer
        other = (
            transfer.to_account.owner
            if transfer.from_account.owner_id == user.pk
            else transfer.from_account.owner
        )
        lines.append(
            HistoryLine(
                entry=entry,
                transfer=transfer,
                minutes=entry.amount,
                counterparty=other,
                running_balance=running,
            )
        )
        running -= entry.amount
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


@dataclass(frozen=True)
class OpenReport:
    report: Report
    listing: Listing | None
    message: Message | None


def open_reports() -> list[OpenReport]:
    """Reports on listings and messages nobody has dealt with yet, oldest first."""
    rows = reported_in(Listing.objects.select_related("owner")) + reported_in(
        Message.objects.select_related("author")
    )
    found = [
        OpenReport(
            report=report,
            listing=row if isinstance(row, Listing) else None,
            message=row if isinstance(row, Message) else None,
        )
        for row, reports in rows
        for report in reports
    ]
    return sorted(found, key=lambda item: (item.report.created_at, item.report.pk))


def exchange_report(public_id: UUID) -> Report | None:
    """An open or closed report about a listing or a message of the exchange."""
    types = ContentType.objects.get_for_models(Listing, Message).values()
    return Report.objects.filter(public_id=public_id, content_type__in=types).first()


LOG_ACTIONS = (
    "exchange_transfer_recorded",
    "exchange_transfer_reversed",
    "exchange_settings_changed",
)


def moderation_log(*, limit: int = 50) -> list[ModerationNote]:
    """Recorded and reversed transfers, settings changes and people blocked here."""
    return module_log(module="exchange", actions=LOG_ACTIONS, limit=limit)


def moderation_notes_for(listing: Listing) -> list[ModerationNote]:
    """What moderators did to a listing, shown to its owner."""
    return kit_notes_for(listing)


def members_for_moderation() -> QuerySet[User]:
    return User.objects.people().filter(is_active=True).order_by("full_name", "email")


PERSON_SEARCH_LIMIT = 20


def find_members(query: str, *, limit: int = PERSON_SEARCH_LIMIT) -> QuerySet[User]:
    """Active people whose name or e-mail address contains `query` (two characters or more)."""
    query = query.strip()[:100]
    if len(query) < 2:
        return User.objects.none()
    matches = members_for_moderation().filter(
        Q(full_name__icontains=query) | Q(email__icontains=query)
    )
    # Filterable again (the form looks the chosen one up), yet at most `limit` people.
    return members_for_moderation().filter(pk__in=matches.values("pk")[:limit])


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


def content_counts() -> list[str]:
    """The town's listings and time transfers, counted in words (for the console)."""
    listings, transfers = Listing.objects.count(), TimeTransfer.objects.count()
    return [
        ngettext("%(n)d listing", "%(n)d listings", listings) % {"n": listings},
        ngettext("%(n)d time transfer", "%(n)d time transfers", transfers) % {"n": transfers},
    ]
