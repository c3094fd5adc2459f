"""Towns (one PostgreSQL schema each) and the host names that lead to them."""

from __future__ import annotations

import functools
import zoneinfo

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from .lists import POSTCODE_PATTERN


class Module(models.TextChoices):
    """The town modules a town can switch on; each has its own app under modules/."""

    DIRECTORY = "directory", _("Clubs and organisations")
    INFO = "info", _("Local information")
    EXCHANGE = "exchange", _("Swap exchange")
    SHOP = "shop", _("Services and offers")
    FUND = "fund", _("Community fund")
    VOLUNTEER = "volunteer", _("Neighbourly help")


class ResidencyPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone may register")
    POSTCODE = "postcode", _("Postcode: only residents of the town's postcodes")
    INVITATION = "invitation", _("Invitation: a valid invitation code is required")
    APPROVAL = "approval", _("Approval: a moderator approves each new account")


@functools.cache
def _time_zones() -> frozenset[str]:
    # (available_timezones() walks the zoneinfo folders on disk: 27 ms on every call here)
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in _time_zones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


postcode_validator = RegexValidator(POSTCODE_PATTERN, _("A postcode has five digits."))


class Town(TenantMixin):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived")

    class Language(models.TextChoices):
        GERMAN = "de", "Deutsch"
        ENGLISH = "en", "English"

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    is_template = models.BooleanField(
        default=False, help_text="The schema new towns are cloned from; it has no domain."
    )
    default_language = models.CharField(
        max_length=5, choices=Language.choices, default=Language.GERMAN
    )
    time_zone = models.CharField(
        max_length=64, default="Europe/Berlin", validators=[validate_time_zone]
    )
    contact_email = models.EmailField(blank=True)
    postcodes = ArrayField(
        models.CharField(max_length=5, validators=[postcode_validator]), default=list, blank=True
    )
    districts = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    enabled_modules = ArrayField(
        models.CharField(max_length=20, choices=Module.choices), default=list, blank=True
    )
    residency_policy = models.CharField(
        max_length=16, choices=ResidencyPolicy.choices, default=ResidencyPolicy.OPEN
    )
    # The operator lets the town's administrators export the whole town themselves
    # (otherwise only the operator site does); not part of a town archive.
    admin_may_export = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Schemas are created by provision_town (which clones the template) and
    # ensure_public_and_template, never as a side effect of a bare save.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        # The operator's town list pages in this order.
        indexes = [models.Index(fields=["name", "slug"], name="tenants_town_name_slug")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return str(self.schema_name) == "public"

    @property
    def is_town(self) -> bool:
        return not (self.is_public or self.is_template)

    def module_enabled(self, module: str) -> bool:
        return module in self.enabled_modules


class Domain(DomainMixin):
    """A host name of a town: `<slug>.<LQ_BASE_DOMAIN>` and optional custom domains."""

    def __str__(self) -> str:
        return str(self.domain)
