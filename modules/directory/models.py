"""Organisations of a town (clubs, churches, parties, initiatives, public services) and
what they offer residents; representatives, invitations, the edit log and the town's
directory settings."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import PurePosixPath

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.moderation.models import Reviewable
from portal.town_settings import TownSettingsRow


class Kind(models.TextChoices):
    CLUB = "club", _("Club or association")
    CHURCH = "church", _("Church or faith community")
    PARTY = "party", _("Political party or group")
    INITIATIVE = "initiative", _("Citizens' initiative")
    PUBLIC_SERVICE = "public_service", _("Public service")
    OTHER = "other", _("Other")


class Category(models.TextChoices):
    MUSIC_CULTURE = "music_culture", _("Music and culture")
    SPORT = "sport", _("Sport and exercise")
    FAITH = "faith", _("Faith and church life")
    SOCIAL = "social", _("Social help")
    SENIORS = "seniors", _("Seniors")
    FAMILY_YOUTH = "family_youth", _("Children, youth and families")
    ENVIRONMENT = "environment", _("Nature and environment")
    REPAIR_SHARING = "repair_sharing", _("Repairing and sharing")
    POLITICS = "politics", _("Politics and local affairs")
    SAFETY = "safety", _("Safety and rescue")
    EDUCATION = "education", _("Education and learning")
    ADMINISTRATION = "administration", _("Town hall and public offices")
    HEALTH = "health", _("Health and care")


class Organisation(Reviewable, models.Model):
    """An organisation's profile; it waits for a moderator's approval (moderation kit:
    status, reviewed_at/by, review_reason) before it is public."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=4000)
    categories = ArrayField(
        models.CharField(max_length=20, choices=Category.choices), default=list, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    meeting_times = models.CharField(_("meeting or opening times"), max_length=500, blank=True)
    # Private on disk: a waiting organisation's logo is not public (logos.organisation_logo).
    logo = models.ImageField(_("logo"), upload_to="private/directory/logos/", blank=True)

    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_at = models.DateTimeField(default=timezone.now)
    review_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    # Maintained by services.refresh_search_index on every save of the organisation or
    # one of its offerings (no signals): weighted German tsvector, and a folded text
    # (lower case, no accents, compounds also written together) for trigram matching.
    search_vector = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(default="", editable=False)
    search_name = models.CharField(max_length=400, default="", editable=False)
    # Description and offerings as written, for highlighted excerpts in results.
    search_document = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="directory_org_search_gin"),
            GinIndex(
                fields=["search_text"], name="directory_org_trgm_gin", opclasses=["gin_trgm_ops"]
            ),
            # The one search looks for a typo in the short name first (portal.search.first_page).
            GinIndex(
                fields=["search_name"], name="directory_org_name_gin", opclasses=["gin_trgm_ops"]
            ),
            GinIndex(fields=["categories"], name="directory_org_categories_gin"),
            models.Index(fields=["status", "name"], name="directory_org_status_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def moderation_owner(self) -> User | None:
        return self.created_by

    def logo_url(self) -> str:
        """The logo's address; its file name in the query makes a new logo a new address
        (public logos are cached for an hour)."""
        if not self.logo:
            return ""
        version = PurePosixPath(str(self.logo.name)).stem[-12:]
        return f"{reverse('directory:logo', args=[self.slug])}?v={version}"

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(value, value)) for value in self.categories]

    def may_be_outdated(self, review_period_days: int) -> bool:
        """Not reviewed for longer than the town's review period."""
        return self.last_reviewed_at < timezone.now() - timedelta(days=review_period_days)


class Offering(models.Model):
    """What an organisation does for residents: 'we repair small appliances'."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offerings"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    schedule = models.CharField(_("when"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "title"]

    def __str__(self) -> str:
        return self.title


class Representative(models.Model):
    """A user who may maintain an organisation's profile."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="representatives", db_index=False
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="directory_one_representation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} for {self.organisation_id}"


class RepresentativeInvitation(models.Model):
    """An e-mailed, signed, single-use invitation to become a representative."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation_id}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class OrganisationChange(models.Model):
    """The edit log: who changed which fields of a profile, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Registered")
        EDITED = "edited", _("Edited")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVIEWED = "reviewed", _("Confirmed as up to date")
        OFFERING_ADDED = "offering_added", _("Offering added")
        OFFERING_EDITED = "offering_edited", _("Offering edited")
        OFFERING_REMOVED = "offering_removed", _("Offering removed")
        REPRESENTATIVE_ADDED = "representative_added", _("Representative added")
        REPRESENTATIVE_REMOVED = "representative_removed", _("Representative removed")
        INVITATION_SENT = "invitation_sent", _("Invitation sent")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=30, choices=Action.choices)
    fields = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.organisation_id} {self.changed_at:%Y-%m-%d}"

    @property
    def field_labels(self) -> list[str]:
        """The changed fields by their (translated) names, as the edit form shows them."""
        model = Offering if self.action == self.Action.OFFERING_EDITED else Organisation
        labels = []
        for name in self.fields:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a field that has since been removed
                labels.append(name)
                continue
            labels.append(str(getattr(field, "verbose_name", name)))
        return labels


class DirectorySettings(TownSettingsRow):
    """What the town chooses for its directory (one row per town)."""

    review_period_days = models.PositiveIntegerField(
        _("review period in days"),
        default=365,
        help_text=_(
            "Representatives are reminded when their profile has not been confirmed for this "
            "long, and residents see that it may be out of date."
        ),
    )
    reminder_interval_days = models.PositiveIntegerField(
        _("days between reminders"),
        default=30,
        help_text=_("How long to wait before reminding the same organisation again."),
    )

    class Meta:
        verbose_name = _("directory settings")
        verbose_name_plural = _("directory settings")

    def __str__(self) -> str:
        return "directory settings"
