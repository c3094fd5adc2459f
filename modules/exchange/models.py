"""The swap exchange of a town: listings, photos, message threads, the time bank.

Reports, hiding and their log come from the moderation kit (portal.moderation).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.moderation.models import Hideable, Reportable
from portal.search.matching import (
    search_indexes,
    search_text_column,
    search_title_column,
    search_vector_column,
)
from portal.town_settings import TownSettingsRow

TITLE_MAX = 120
DESCRIPTION_MAX = 4000
MESSAGE_MAX = 2000
NOTE_MAX = 300
REASON_MAX = 500
MAX_PHOTOS = 5
QUARTER_HOUR = 15
TRANSFER_MAX_MINUTES = 50 * 60


class ExchangeSettings(TownSettingsRow):
    """What the town decides for its exchange: how long listings live, and time-bank limits."""

    listing_days = models.PositiveIntegerField(
        _("days a listing stays online"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    reminder_days = models.PositiveIntegerField(
        _("days before expiry to send a reminder"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    allow_negative = models.BooleanField(_("time balances may go below zero"), default=True)
    negative_limit_minutes = models.PositiveIntegerField(
        _("lowest balance allowed (minutes below zero)"),
        default=600,
        validators=[MaxValueValidator(100 * 60)],
    )

    class Meta:
        verbose_name = _("exchange settings")
        verbose_name_plural = _("exchange settings")

    def __str__(self) -> str:
        return "exchange settings"


class StandingListings(models.Manager["Listing"]):
    """Listings not deleted by their owner: a deleted listing is gone from every list, page,
    search and count. Threads keep reaching theirs through the foreign key (the base
    manager), so both people can still read what they wrote to each other."""

    def get_queryset(self) -> models.QuerySet[Listing]:
        return super().get_queryset().exclude(status=Listing.Status.DELETED)


class Listing(Hideable, Reportable, models.Model):
    class Kind(models.TextChoices):
        GIVE = "give", _("Give away")
        LEND = "lend", _("Lend")
        SWAP = "swap", _("Swap")
        WANTED = "wanted", _("Wanted")

    class Type(models.TextChoices):
        ITEM = "item", _("Item")
        TIME = "time", _("Time and skills")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TAKEN = "taken", _("Taken")
        EXPIRED = "expired", _("Expired")
        DELETED = "deleted", _("Deleted")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_listings"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    listing_type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    minutes = models.PositiveIntegerField(
        _("time offered or wanted (minutes)"), null=True, blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField()
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The shared search's columns, computed by PostgreSQL from the title and description.
    search_vector = search_vector_column(titles=["title"], texts=["description"])
    search_text = search_text_column(titles=["title"], texts=["description"])
    search_title = search_title_column(titles=["title"])

    all_objects = models.Manager()  # deleted ones included: threads, audit, erasure
    objects = StandingListings()

    class Meta:
        ordering = ["-created_at", "-id"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            *search_indexes("exchange_listing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__isnull=True) | Q(minutes__gt=0, minutes__lte=100 * 60),
                name="exchange_listing_minutes_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def moderation_owner(self) -> Any:
        return self.owner

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE and not self.is_hidden


class ListingPhoto(models.Model):
    """A photo re-encoded as JPEG (no metadata), stored under the town's private media
    folder: it is served through the exchange's view, which knows whether the listing is
    public (portal.files)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    alt_text = models.CharField(_("short description of the photo"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return str(self.image.name)

    def get_absolute_url(self) -> str:
        return reverse("exchange:photo", args=[self.public_id])


class Thread(models.Model):
    """The conversation between a listing's owner and one interested resident."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="threads", db_index=False
    )
    interested = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_threads"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Until when each of the two people has read the thread (unread: newer messages).
    owner_read_at = models.DateTimeField(null=True, blank=True)
    interested_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "interested"], name="exchange_one_thread_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id}/{self.interested_id}"


class Message(Hideable, Reportable, models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_messages"
    )
    body = models.TextField(max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]

    def moderation_owner(self) -> Any:
        return self.author


class TimeAccount(models.Model):
    """A resident's time-bank account: the ledger account (in minutes) that holds the balance."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_account"
    )
    ledger_account = models.OneToOneField(
        "ledger.Account", on_delete=models.PROTECT, related_name="time_account"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"time account of {self.owner_id}"


class TimeTransfer(models.Model):
    """Hours moving from one account to another; posted to the ledger only once confirmed."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    from_account = models.ForeignKey(
        TimeAccount, on_delete=models.PROTECT, related_name="outgoing_transfers"
    )
    to_account = models.ForeignKey(
        TimeAccount, on_delete=models.PROTECT, related_name="incoming_transfers"
    )
    minutes = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    listing = models.ForeignKey(
        Listing, null=True, blank=True, on_delete=models.SET_NULL, related_name="transfers"
    )
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    recorded_by_moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    # Set when confirmed: the ledger transaction (key "exchange.transfer:<public_id>").
    ledger_transaction = models.OneToOneField(
        "ledger.Transaction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_transfer",
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=TRANSFER_MAX_MINUTES),
                name="exchange_transfer_minutes_range",
            ),
            models.CheckConstraint(
                condition=~Q(from_account=models.F("to_account")),
                name="exchange_transfer_not_to_self",
            ),
        ]

    def __str__(self) -> str:
        return str(self.public_id)
