"""Operator-side writes on towns: onboarding with a town's first rows in other apps, and
lifecycle changes with their reason on record."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.accounts.services import create_town_admin
from portal.branding.services import create_default_branding
from portal.registry import run_town_created
from portal.validation import clean_reason
from tenants import services as town_services
from tenants.models import ResidencyPolicy, Town

from .models import REASON_MAX_LENGTH, TownAuditEntry

EMAIL_MAX_LENGTH = 254


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
    """Create a town from the template schema, with its domain, branding and first
    administrator, in one transaction; the administrator's set-password e-mail is queued
    when it commits."""
    admin_email = admin_email.strip()
    try:
        validate_email(admin_email)
        if len(admin_email) > EMAIL_MAX_LENGTH:  # the column's limit; the validator has none
            raise ValidationError("too long")
    except ValidationError as exc:
        raise ValidationError(
            _("“%(email)s” is not a valid e-mail address for the administrator.")
            % {"email": admin_email},
            code="admin_email",
        ) from exc
    # The town's public contact is set on purpose, never taken from the administrator's
    # (personal) address: it is shown in the footer of every page and e-mail.
    contact_email = contact_email.strip()
    if contact_email:
        try:
            validate_email(contact_email)
            if len(contact_email) > EMAIL_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError as exc:
            raise ValidationError(
                _("“%(email)s” is not a valid e-mail address for the town's contact.")
                % {"email": contact_email},
                code="contact_email",
            ) from exc

    def populate(town: Town) -> None:
        create_default_branding(town_name=town.name, contact_email=town.contact_email)
        create_town_admin(email=admin_email, full_name=admin_name)
        run_town_created(town=town)

    town = town_services.create_town(
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
    if settings.LQ_SPARE_SCHEMAS > 0:
        # the spare it may have taken is replaced in the background
        from .tasks import top_up_spare_schemas

        transaction.on_commit(top_up_spare_schemas.delay)
    return town


# A backend that has created many schemas keeps every relation it touched in its caches and
# gets slower with each (ops/bench/README.md, Provisioning): a bulk import starts a fresh
# connection every few towns.
BULK_RECONNECT_EVERY = 10


@dataclass(frozen=True)
class TownImportRow:
    line: int
    slug: str
    name: str
    admin_email: str
    contact_email: str = ""
    postcodes: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    default_language: str = Town.Language.GERMAN


@dataclass(frozen=True)
class TownImportResult:
    row: TownImportRow
    town: Town | None
    error: str = ""


def provision_towns(
    rows: Iterable[TownImportRow], *, reconnect_every: int = BULK_RECONNECT_EVERY
) -> Iterator[TownImportResult]:
    """Provision towns one after another, each in its own transaction: a refused row (a
    taken address, a bad e-mail) is reported with its line and the others go on, so a rerun
    of the same file after fixing it creates only what is still missing (a town that exists
    is reported as taken)."""
    for number, row in enumerate(rows, 1):
        if number % reconnect_every == 0 and not connection.in_atomic_block:
            connection.close()
        try:
            town = provision_town(
                slug=row.slug,
                name=row.name,
                admin_email=row.admin_email,
                contact_email=row.contact_email,
                postcodes=row.postcodes,
                districts=row.districts,
                default_language=row.default_language,
            )
        except ValidationError as exc:
            yield TownImportResult(row=row, town=None, error="; ".join(exc.messages))
        else:
            yield TownImportResult(row=row, town=town)


# The lifecycle actions of the operator site and the states each may start from.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "suspend": frozenset({Town.Status.ACTIVE}),
    "reactivate": frozenset({Town.Status.SUSPENDED}),
    "archive": frozenset({Town.Status.ACTIVE, Town.Status.SUSPENDED}),
    "restore": frozenset({Town.Status.ARCHIVED}),
}


def suspend_town(*, town: Town, operator: User | None, reason: str) -> Town:
    """Show residents a 'temporarily unavailable' page; support entry still works."""
    return _change_status(
        town=town,
        operator=operator,
        reason=reason,
        allowed_from=ALLOWED_FROM["suspend"],
        refusal=_("Only an active town can be suspended."),
        change=town_services.suspend_town,
        action=TownAuditEntry.Action.SUSPENDED,
    )


def reactivate_town(*, town: Town, operator: User | None, reason: str) -> Town:
    """Open a suspended town to its residents again."""
    return _change_status(
        town=town,
        operator=operator,
        reason=reason,
        allowed_from=ALLOWED_FROM["reactivate"],
        refusal=_("Only a suspended town can be reactivated."),
        change=town_services.reactivate_town,
        action=TownAuditEntry.Action.REACTIVATED,
    )


def archive_town(*, town: Town, operator: User | None, reason: str) -> Town:
    """Close a town's portal (its address answers 'not found'); its data is kept."""
    return _change_status(
        town=town,
        operator=operator,
        reason=reason,
        allowed_from=ALLOWED_FROM["archive"],
        refusal=_("This town is archived already."),
        change=town_services.archive_town,
        action=TownAuditEntry.Action.ARCHIVED,
    )


def restore_town(*, town: Town, operator: User | None, reason: str) -> Town:
    """Open an archived town's portal again, as it was when it was archived."""
    return _change_status(
        town=town,
        operator=operator,
        reason=reason,
        allowed_from=ALLOWED_FROM["restore"],
        refusal=_("Only an archived town can be restored."),
        change=town_services.restore_town,
        action=TownAuditEntry.Action.RESTORED,
    )


def _change_status(
    *,
    town: Town,
    operator: User | None,
    reason: str,
    allowed_from: frozenset[str],
    refusal: str,
    change: Callable[..., Town],
    action: str,
) -> Town:
    # Not tied to a form field: the command line shows it as well.
    reason = clean_reason(
        reason,
        required=True,
        max_length=REASON_MAX_LENGTH,
        field=None,
        required_message=_("Please give a reason; it is kept on record."),
    )
    with transaction.atomic():
        # Locked, so two operators clicking at once cannot both change it (nor audit twice).
        locked: Town = Town.objects.select_for_update().get(pk=town.pk)
        if locked.status not in allowed_from:
            raise ValidationError(refusal, code="status")
        change(town=locked)
        TownAuditEntry.objects.create(
            town=locked,
            operator=operator,
            operator_email=(operator.email or "") if operator is not None else "",
            action=action,
            reason=reason,
        )
    town.status = locked.status
    return locked
