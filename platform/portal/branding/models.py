"""How a town looks: one row per town schema, rendered on every page and e-mail."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.addresses import town_url

from .validators import validate_accent_colour, validate_primary_colour


class Branding(models.Model):
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    display_name = models.CharField(_("name shown on the portal"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ImageField(_("logo"), upload_to="branding/", blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f4e79", validators=[validate_primary_colour]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#8a3b12", validators=[validate_accent_colour]
    )
    imprint = models.TextField(_("imprint"), blank=True)
    privacy = models.TextField(_("privacy notice"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.TextField(_("contact address"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("branding")

    def __str__(self) -> str:
        return self.display_name

    @property
    def logo_email_url(self) -> str:
        """The logo's absolute address on the town's host, for e-mails ('' without a logo)."""
        if not self.logo:
            return ""
        try:
            return town_url(self.logo.url)
        except RuntimeError:  # outside a town there is no host to point to
            return ""

    @property
    def town_language(self) -> str:
        from django.db import connection

        tenant = getattr(connection, "tenant", None)
        return getattr(tenant, "default_language", "de")
