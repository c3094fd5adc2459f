"""How a town looks: one row per town schema, rendered on every page and e-mail."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.town_cache import TownCachedRow
from portal.town_settings import TownSettingsRow
from tenants.addresses import town_url

from .validators import validate_accent_colour, validate_primary_colour


class Branding(TownCachedRow):
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


class Conformity(models.TextChoices):
    """How far the portal meets BITV 2.0 / WCAG 2.1 AA, as the statement must say."""

    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class TownPages(TownSettingsRow):
    """The pages a town must publish besides imprint and privacy (those live on Branding):
    the accessibility statement (BITV 2.0), the help page and the easy-language page."""

    accessibility_conformity = models.CharField(
        _("state of conformity"), max_length=10, choices=Conformity, default=Conformity.PARTIAL
    )
    accessibility_limitations = models.TextField(_("known limitations"), blank=True)
    accessibility_feedback_contact = models.TextField(_("feedback contact"), blank=True)
    accessibility_enforcement = models.TextField(_("enforcement body"), blank=True)
    accessibility_prepared_on = models.DateField(_("statement prepared on"), null=True, blank=True)
    help_intro = models.TextField(_("help text"), blank=True)
    town_hall_phone = models.CharField(_("town hall phone"), max_length=40, blank=True)
    network_manager_name = models.CharField(_("network manager"), max_length=120, blank=True)
    network_manager_phone = models.CharField(
        _("network manager's phone"), max_length=40, blank=True
    )
    network_manager_email = models.EmailField(_("network manager's e-mail"), blank=True)
    office_hours = models.TextField(_("office hours"), blank=True)
    # Empty: the page shows the default text in easy language (portal.branding.legal).
    easy_language = models.TextField(_("easy-language text"), blank=True)

    class Meta:
        verbose_name = _("published pages")
        verbose_name_plural = _("published pages")

    def __str__(self) -> str:
        return "published pages"
