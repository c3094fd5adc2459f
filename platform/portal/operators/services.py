"""Operator-side writes on towns: onboarding a town with its first rows in other apps."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from portal.accounts.services import create_town_admin
from portal.branding.services import create_default_branding
from tenants import services as town_services
from tenants.models import ResidencyPolicy, Town


def provision_town(
    *,
    slug: str,
    name: str,
    admin_email: str,
    admin_name: str = "",
    contact_email: str = "",
    postcodes: Sequence[str] = (),
    districts: Sequence[str] = (),
    default_language: str = Town.Language.GERMAN,
    time_zone: str = "Europe/Berlin",
    enabled_modules: Sequence[str] | None = None,
    residency_policy: str = ResidencyPolicy.OPEN,
) -> Town:
    """Create a town by cloning the template schema, with its domain, branding and first
    administrator, in one transaction; the administrator's set-password e-mail is queued
    when it commits."""
    admin_email = admin_email.strip()
    try:
        validate_email(admin_email)
    except ValidationError as exc:
        raise ValidationError(
            _("“%(email)s” is not a valid e-mail address for the administrator.")
            % {"email": admin_email},
            code="admin_email",
        ) from exc
    contact_email = contact_email or admin_email

    def populate(town: Town) -> None:
        create_default_branding(town_name=town.name, contact_email=town.contact_email)
        create_town_admin(email=admin_email, full_name=admin_name)

    return town_services.create_town(
        slug=slug,
        name=name,
        populate=populate,
        contact_email=contact_email,
        postcodes=postcodes,
        districts=districts,
        default_language=default_language,
        time_zone=time_zone,
        enabled_modules=enabled_modules,
        residency_policy=residency_policy,
    )
