"""Local businesses of a town (craftsmen, shops, care services, restaurants): the provider
profile, approved by a moderator before it is public."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.moderation.models import Reviewable


class Trade(models.TextChoices):
    CRAFT = "craft", _("Craft and repairs")
    GARDEN = "garden", _("Garden and outdoors")
    CLEANING = "cleaning", _("Cleaning")
    MOBILITY = "mobility", _("Bicycles, cars and transport")
    BEAUTY = "beauty", _("Hair and beauty")
    HEALTH_CARE = "health_care", _("Health and care")
    COMPUTER = "computer", _("Computers and phones")
    FOOD = "food", _("Food and drink")
    RETAIL = "retail", _("Shop")
    OTHER = "other", _("Other services")


MAX_DISTRICTS = 20


class Provider(Reviewable, models.Model):
    """A business's profile. `owner` maintains it; a profile the network manager set up for
    a business has no owner until the business claims it through a signed link."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("business name"), max_length=120)
    trade = models.CharField(_("trade"), max_length=20, choices=Trade.choices)
    description = models.TextField(_("description"), max_length=4000)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    request_email = models.EmailField(_("e-mail for requests"))
    opening_hours = models.CharField(_("opening hours"), max_length=500, blank=True)
    districts = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    # Private on disk: a waiting provider's logo is not public (logos.provider_logo).
    logo = models.ImageField(_("logo"), upload_to="private/shop/logos/", blank=True)

    owner = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="shop_providers"
    )
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"], name="shop_provider_status_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shop:detail", args=[self.slug])

    def moderation_owner(self) -> User | None:
        return self.owner

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED

    def logo_url(self) -> str:
        if not self.logo:
            return ""
        version = PurePosixPath(str(self.logo.name)).stem[-12:]
        return f"{reverse('shop:logo', args=[self.slug])}?v={version}"
