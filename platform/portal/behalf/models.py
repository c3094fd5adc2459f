"""A managed resident's details, and the consent a resident gives a network manager."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ADDRESS_MAX = 200
NOTE_MAX = 300


class ManagedResident(models.Model):
    """What only a managed resident has: a postal address and who vouched for them.

    The account itself is an ordinary `User` (`is_managed=True`), so every module treats
    them as a resident of the town; this row remembers how they came in.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="managed_profile"
    )
    address = models.CharField(_("address"), max_length=ADDRESS_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    invited_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"managed resident {self.user_id}"


class Consent(models.Model):
    """A resident allows a network manager (or any of the town's) to act for them."""

    class Given(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        PAPER = "paper", _("On a signed paper form")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents_given",
        db_index=False,
    )
    # Empty: any network manager of the town may act; otherwise only this one.
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents_received",
    )
    # Keys registered by the modules (portal.behalf.scopes).
    scopes = ArrayField(models.CharField(max_length=40))
    given_how = models.CharField(_("how the consent was given"), max_length=12, choices=Given)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "revoked_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="behalf_consent_dates_in_order",
            ),
            models.CheckConstraint(condition=~Q(scopes=[]), name="behalf_consent_has_a_scope"),
        ]

    def __str__(self) -> str:
        return f"consent of {self.person_id}"

    def is_valid_on(self, day: date) -> bool:
        """Not revoked, and `day` lies within its period (both ends included)."""
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )

    @property
    def is_valid_today(self) -> bool:
        return self.is_valid_on(timezone.localdate())
