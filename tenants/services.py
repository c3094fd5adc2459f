"""Writes on towns: creating them from the template schema and the town's lifecycle."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _
from django_tenants.utils import (
    get_public_schema_name,
    schema_context,
    schema_exists,
    tenant_context,
)

from .addresses import town_host
from .current import set_public_schema, town_urlconf
from .models import Domain, Module, ResidencyPolicy, Town
from .routing import forget_towns
from .spare_schemas import take_spare
from .template_copy import copy_template, template_fingerprint

RESERVED_SLUGS = frozenset(
    {
        "www",
        "api",
        "admin",
        "static",
        "media",
        "public",
        "template",
        "mail",
        "smtp",
        "imap",
        "pop",
        "pop3",
        "ftp",
        "ns1",
        "ns2",
        "mx",
        "operator",
        "operators",
        "support",
        "help",
        "status",
        "app",
        "dashboard",
        "lq",
        "localhost",
        "test",
        "dev",
        "staging",
        "docs",
        "blog",
        "cdn",
        "assets",
        "auth",
        "login",
        "sso",
        "billing",
        "manage",
        "webmail",
    }
)
SLUG_MAX_LENGTH = 40
# Key of the PostgreSQL advisory lock held while a town is provisioned ("LQtowns").
PROVISIONING_LOCK = 0x4C51746F776E73
logger = logging.getLogger(__name__)
_SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\Z")


def normal_town_slug(value: object) -> str:
    """The slug as typed, trimmed and in lower case. Only ASCII is lowered: "K" (the Kelvin
    sign) or "İ" would otherwise fold into other letters and name a town nobody typed."""
    if not isinstance(value, str):
        raise ValidationError(_("The address (slug) must be text."), code="not_text")
    slug = value.strip()
    if not slug.isascii():
        raise ValidationError(
            _(
                "The address (slug) may only contain lower-case letters a–z, digits and "
                "hyphens; “%(slug)s” contains other characters."
            )
            % {"slug": slug[: SLUG_MAX_LENGTH + 20]},
            code="not_dns_safe",
        )
    return slug.lower()


def validate_town_slug(slug: str) -> None:
    """Refuse a slug that is not a DNS-safe, free, unreserved subdomain label."""
    if not slug:
        raise ValidationError(_("The address (slug) must not be empty."), code="empty")
    if len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError(
            _("The address (slug) may have at most %(max)d characters; it has %(n)d.")
            % {"max": SLUG_MAX_LENGTH, "n": len(slug)},
            code="too_long",
        )
    # "--" is refused too: labels like xn--… are punycode and would show as another name.
    if not _SLUG_RE.match(slug) or "--" in slug:
        raise ValidationError(
            _(
                "The address (slug) “%(slug)s” may only contain lower-case letters a–z, digits "
                "and single hyphens, and must start and end with a letter or digit."
            )
            % {"slug": slug},
            code="not_dns_safe",
        )
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("The address “%(slug)s” is reserved; please choose another.") % {"slug": slug},
            code="reserved",
        )
    if (
        Town.objects.filter(slug=slug).exists()
        or Domain.objects.filter(domain=town_host(slug)).exists()
    ):
        raise ValidationError(
            _("The address “%(slug)s” is already taken by another town.") % {"slug": slug},
            code="taken",
        )


def schema_name_for(slug: str) -> str:
    return "town_" + slug.replace("-", "_")


def ensure_public_and_template() -> Town:
    """Create the public site's row and the template town (migrated, no domain) if missing.

    The template is a tenant row, so every `migrate_schemas --tenant` migrates it with the
    towns; a template left behind half-migrated (an interrupted first run, a deploy that
    stopped midway) is migrated here before anything is cloned from it.
    """
    public, _created = Town.objects.get_or_create(
        schema_name=get_public_schema_name(), defaults={"slug": "public", "name": "LQ"}
    )
    Domain.objects.get_or_create(
        domain=settings.LQ_BASE_DOMAIN, defaults={"tenant": public, "is_primary": True}
    )
    template: Town | None = Town.objects.filter(schema_name=settings.TENANT_BASE_SCHEMA).first()
    if template is None:
        template = Town.objects.create(
            schema_name=settings.TENANT_BASE_SCHEMA,
            slug="template",
            name="Template",
            is_template=True,
        )
    if not schema_exists(template.schema_name):
        # No template to clone from yet: this runs every tenant migration on an empty schema.
        template.create_schema(check_if_exists=True, verbosity=0)
    elif template_is_behind(template):
        logger.warning("Template schema %s is behind; migrating it.", template.schema_name)
        call_command(
            "migrate_schemas",
            tenant=True,
            schema_name=template.schema_name,
            interactive=False,
            verbosity=0,
        )
    set_public_schema()
    return template


# The template fingerprints (tenants.template_copy) seen fully migrated by this process: the
# migration plan (~50 ms to build) is made again only when the template's records changed.
_current_templates: set[tuple[object, ...]] = set()


def template_is_behind(template: Town) -> bool:
    fingerprint = template_fingerprint(template.schema_name)
    if fingerprint in _current_templates:
        return False
    if unapplied_template_migrations(template):
        return True
    _current_templates.add(fingerprint)
    return False


def unapplied_template_migrations(template: Town) -> list[str]:
    """Migrations the template schema lacks ("app.name"); a new town must never fake them."""
    with schema_context(template.schema_name):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def create_town(
    *,
    slug: str,
    name: str,
    populate: Callable[[Town], None],
    contact_email: str = "",
    postcodes: Sequence[str] = (),
    districts: Sequence[str] = (),
    default_language: str = Town.Language.GERMAN,
    time_zone: str = "Europe/Berlin",
    enabled_modules: Sequence[str] | None = None,
    residency_policy: str = ResidencyPolicy.OPEN,
    status: str = Town.Status.ACTIVE,
) -> Town:
    """Create a town as a copy of the template schema, with its domain; `populate(town)` then
    writes the town's first rows inside its schema (branding, first administrator …).
    `status` is a new town's lifecycle state from the start (a town imported from an archive
    keeps the one it had; a new town is active).

    Everything happens in one transaction (PostgreSQL's DDL is transactional): a failure,
    also in `populate`, leaves no schema, row, domain or user, so an interrupted run can
    simply be repeated. Tasks that `populate` queues run when the transaction commits.
    """
    slug = normal_town_slug(slug)
    validate_town_slug(slug)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("The town needs a name."), code="empty_name")
    template = ensure_public_and_template()
    schema_name = schema_name_for(slug)
    modules = list(enabled_modules) if enabled_modules is not None else list(Module.values)
    try:
        with transaction.atomic():
            # One provisioning at a time: two operators racing for one slug, or a clone
            # running while another town is half cloned, wait here instead of colliding.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROVISIONING_LOCK])
            validate_town_slug(slug)
            if schema_exists(schema_name):
                raise ValidationError(
                    _(
                        "A database schema named %(schema)s exists without a town; an "
                        "operator must remove it before this address can be used."
                    )
                    % {"schema": schema_name},
                    code="orphan_schema",
                )
            town = Town(
                schema_name=schema_name,
                slug=slug,
                name=name,
                contact_email=contact_email,
                postcodes=list(postcodes),
                districts=list(districts),
                default_language=default_language,
                time_zone=time_zone,
                enabled_modules=modules,
                residency_policy=residency_policy,
                status=status,
            )
            town.full_clean(exclude=["schema_name", "slug"])
            town.save()
            # The template's structure and rows (migration records, content types …): a
            # spare copy made ahead of time (tenants.spare_schemas) if there is one of the
            # template's current shape, else replayed from its catalog now.
            if not take_spare(template.schema_name, schema_name):
                copy_template(template.schema_name, schema_name)
            Domain.objects.create(domain=town_host(slug), tenant=town, is_primary=True)
            with tenant_context(town), town_urlconf():
                populate(town)
    finally:
        set_public_schema()
        forget_towns()
    logger.info("Provisioned town %s from %s", schema_name, template.schema_name)
    return town


def _set_status(town: Town, status: str) -> Town:
    if not town.is_town:
        raise ValidationError(_("Only towns have a lifecycle."), code="not_a_town")
    town.status = status
    town.save(update_fields=["status", "updated_at"])
    forget_towns()
    return town


def suspend_town(*, town: Town) -> Town:
    """Residents see a 'temporarily unavailable' page; operators can still enter in support mode."""
    if town.status == Town.Status.ARCHIVED:
        raise ValidationError(_("An archived town cannot be suspended."), code="archived")
    return _set_status(town, Town.Status.SUSPENDED)


def reactivate_town(*, town: Town) -> Town:
    """Open a suspended town to its residents again."""
    if town.status == Town.Status.ARCHIVED:
        raise ValidationError(_("An archived town cannot be reactivated."), code="archived")
    return _set_status(town, Town.Status.ACTIVE)


def archive_town(*, town: Town) -> Town:
    """Close a town's portal; its schema is kept, for export or a later restore_town."""
    return _set_status(town, Town.Status.ARCHIVED)


def restore_town(*, town: Town) -> Town:
    """Open an archived town's portal again, as it was when it was archived."""
    if town.status != Town.Status.ARCHIVED:
        raise ValidationError(_("Only an archived town can be restored."), code="not_archived")
    return _set_status(town, Town.Status.ACTIVE)
