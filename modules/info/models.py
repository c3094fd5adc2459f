"""Local information: curated links, news, events and lunch menus of one town."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.search.matching import (
    search_indexes,
    search_text_column,
    search_title_column,
    search_vector_column,
)
from portal.town_settings import TownSettingsRow

TITLE_MAX = 150
TEXT_MAX = 5000
# Every lunch menu is found by these words, whatever its dishes say (folded, both languages).
MENU_KEYWORDS = "mittagessen mittagstisch mittagsmenu lunch"


class InfoSettings(TownSettingsRow):
    """What a town chooses for its info module (one row per town)."""

    link_failures_before_flag = models.PositiveSmallIntegerField(
        _("failed checks before a link counts as dead"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    menu_max_days = models.PositiveSmallIntegerField(
        _("longest validity of a lunch menu (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    event_weeks_ahead = models.PositiveSmallIntegerField(
        _("weeks of upcoming events shown"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    nudge_providers = models.BooleanField(
        _("remind restaurants when their menu has expired"), default=True
    )

    class Meta:
        verbose_name = _("info settings")
        verbose_name_plural = _("info settings")

    def __str__(self) -> str:
        return "info settings"


class LinkCategory(models.TextChoices):
    WASTE = "waste", _("Waste collection")
    CINEMA = "cinema", _("Cinema and culture")
    TRANSPORT = "transport", _("Public transport")
    EMERGENCY = "emergency", _("Emergency numbers")
    TOWN_HALL = "town_hall", _("Town hall")
    OTHER = "other", _("Other")


class Link(models.Model):
    """A curated, regularly checked link ('helpful at a glance')."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    category = models.CharField(_("category"), max_length=20, choices=LinkCategory.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    url = models.URLField(_("web address"), max_length=500)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    description = models.CharField(_("short description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    flagged_dead_at = models.DateTimeField(null=True, blank=True)

    # The shared search's columns, computed by PostgreSQL from the row.
    search_vector = search_vector_column(titles=["title"], texts=["description"])
    search_text = search_text_column(titles=["title"], texts=["description"])
    search_title = search_title_column(titles=["title"])

    class Meta:
        ordering = ["category", "position", "title"]
        indexes = search_indexes("info_link")

    def __str__(self) -> str:
        return self.title

    @property
    def is_dead(self) -> bool:
        return self.flagged_dead_at is not None


class News(models.Model):
    """A news item shown from publish_at until expire_at."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"), max_length=TEXT_MAX)
    publish_at = models.DateTimeField(_("publish from"))
    expire_at = models.DateTimeField(_("show until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The shared search's columns, computed by PostgreSQL from the row.
    search_vector = search_vector_column(titles=["title"], texts=["summary", "body"])
    search_text = search_text_column(titles=["title"], texts=["summary", "body"])
    search_title = search_title_column(titles=["title"])

    class Meta:
        ordering = ["-publish_at"]
        verbose_name_plural = _("news")
        indexes = [models.Index(fields=["publish_at", "expire_at"]), *search_indexes("info_news")]

    def __str__(self) -> str:
        return self.title

    def is_current(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.publish_at <= now and (self.expire_at is None or self.expire_at > now)


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    WEEKLY = "weekly", _("Every week")
    MONTHLY = "monthly", _("Every month (same day of the month)")


class EventCategory(models.TextChoices):
    CULTURE = "culture", _("Culture and music")
    SPORT = "sport", _("Sport and movement")
    MEETING = "meeting", _("Meeting and conversation")
    EDUCATION = "education", _("Talks and courses")
    CHURCH = "church", _("Church and faith")
    FESTIVAL = "festival", _("Festivals and markets")
    HELP = "help", _("Advice and help")
    OTHER = "other", _("Other")


class Event(models.Model):
    """An event of the town or an organisation, possibly repeating, possibly cancelled."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX, blank=True)
    organiser_name = models.CharField(_("organiser"), max_length=120)
    # A directory organisation's slug (the directory module is separate: only the slug is kept).
    organiser_slug = models.SlugField(
        _("organiser's short name"), max_length=80, blank=True, db_index=False
    )
    is_town_event = models.BooleanField(default=False)
    category = models.CharField(
        _("category"), max_length=20, choices=EventCategory.choices, default=EventCategory.OTHER
    )
    place = models.CharField(_("place"), max_length=200)
    # One of the town's districts (Town.districts), or empty for the whole town.
    district = models.CharField(_("district"), max_length=80, blank=True)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    recurrence = models.CharField(
        _("repeats"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE
    )
    recurrence_until = models.DateField(_("repeats until"), null=True, blank=True)
    recurrence_count = models.PositiveSmallIntegerField(_("number of dates"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The shared search's columns, computed by PostgreSQL from the row.
    search_vector = search_vector_column(
        titles=["title"], texts=["description", "organiser_name", "place"]
    )
    search_text = search_text_column(
        titles=["title"], texts=["description", "organiser_name", "place"]
    )
    search_title = search_title_column(titles=["title"])

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["organiser_slug"]),
            models.Index(fields=["start"]),
            *search_indexes("info_event"),
            models.Index(fields=["category"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_recurring(self) -> bool:
        return self.recurrence != Recurrence.NONE


class Menu(models.Model):
    """A restaurant's lunch menu, valid from one day to another (both included)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="info_menus"
    )
    restaurant = models.CharField(_("restaurant"), max_length=120)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    dishes = models.TextField(_("dishes"), max_length=3000)
    note = models.CharField(_("note (prices, opening hours)"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    nudged_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The shared search's columns, computed by PostgreSQL from the row.
    search_vector = search_vector_column(
        titles=["restaurant"], texts=["dishes", "note"], keywords=MENU_KEYWORDS
    )
    search_text = search_text_column(
        titles=["restaurant"], texts=["dishes", "note"], keywords=MENU_KEYWORDS
    )
    search_title = search_title_column(titles=["restaurant"], keywords=MENU_KEYWORDS)

    class Meta:
        ordering = ["restaurant", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_until"]), *search_indexes("info_menu")]

    def __str__(self) -> str:
        return f"{self.restaurant} {self.valid_from}–{self.valid_until}"

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until

    @property
    def dish_lines(self) -> list[str]:
        return [line.strip() for line in self.dishes.splitlines() if line.strip()]
