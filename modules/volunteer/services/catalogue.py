"""An organisation's volunteer services: a representative creates and edits them; the
town's moderators hide and restore them through the moderation kit."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from modules.directory.models import Organisation, Representative
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.moderation import services as moderation
from portal.validation import Errors
from tenants.current import current_town

from ..access import require_manager
from ..models import CheckKind, CostKind, Routing, Service, ServiceKind

MIN_AGE_LIMIT = 120


@dataclass(frozen=True)
class ServiceFields:
    """What a representative says about a service (the form's and the API's fields)."""

    title: str
    description: str
    kind: str
    audience: str
    contact: str
    when: str = ""
    where: str = ""
    cost_kind: str = CostKind.FREE
    allowance_cents: int | None = None
    allowance_note: str = ""
    coordinator: User | None = None
    routing: str = Routing.COORDINATOR
    required_checks: list[str] = field(default_factory=list)
    eligible_districts: list[str] = field(default_factory=list)
    min_age: int | None = None
    situation: str = ""
    needs_approval: bool = False
    is_active: bool = True


def may_offer_for(user: User, organisation: Organisation) -> bool:
    """A representative of an approved organisation (or a network manager) may add services."""
    if not user.is_authenticated or not user.can_participate:
        return False
    if organisation.status != Organisation.Status.APPROVED:
        return False
    if user.is_moderator:
        return True
    return Representative.objects.filter(organisation=organisation, user_id=user.pk).exists()


def town_districts(errors: Errors, field: str, chosen: list[str]) -> list[str]:
    """`chosen` in the town's order; a name that is none of the town's districts is an error
    on `field` (a service's area, also the ride service's settings)."""
    town = current_town()
    districts = list(town.districts) if town is not None else []
    if any(d not in districts for d in chosen):
        errors.add(field, _("Please choose only districts of this town."))
    return [d for d in districts if d in chosen]


def _representatives(organisation: Organisation) -> set[int]:
    return set(
        Representative.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )


def _checked(fields: ServiceFields, *, organisation: Organisation, by: User) -> dict[str, object]:
    errors = Errors()
    values: dict[str, object] = {
        "title": errors.text("title", fields.title, max_length=120),
        "description": errors.text(
            "description", fields.description, max_length=4000, multiline=True
        ),
        "audience": errors.text("audience", fields.audience, max_length=500),
        "contact": errors.text("contact", fields.contact, max_length=300),
        "when": errors.text("when", fields.when, max_length=500, required=False),
        "where": errors.text("where", fields.where, max_length=500, required=False),
        "situation": errors.text("situation", fields.situation, max_length=300, required=False),
        "allowance_note": errors.text(
            "allowance_note", fields.allowance_note, max_length=200, required=False
        ),
    }
    if fields.kind not in ServiceKind.values:
        errors.add("kind", _("Please choose the kind of service."))
    if fields.kind == ServiceKind.RIDES:
        # A ride booking asks for no statement and is not approved (check_eligible).
        if values["situation"]:
            errors.add(
                "situation",
                _(
                    "Ride services have no such rule: a booking asks for no statement. "
                    "Please leave this empty and say who may ride under “Who may use it”."
                ),
            )
        if fields.needs_approval:
            errors.add(
                "needs_approval",
                _(
                    "Ride services have no such rule: a booking needs no approval; "
                    "the dispatcher can still cancel a ride."
                ),
            )
    if fields.routing not in Routing.values:
        errors.add("routing", _("Please choose who gets a new request."))
    if fields.cost_kind not in CostKind.values:
        errors.add("cost_kind", _("Please choose what the service costs."))
    cents = fields.allowance_cents
    if fields.cost_kind == CostKind.ALLOWANCE:
        if cents is None or cents <= 0:
            errors.add("allowance_cents", _("Please give the expense allowance in euros."))
        elif cents > 100_000:
            errors.add(
                "allowance_cents", _("An expense allowance of more than 1.000 € is not possible.")
            )
    else:
        cents = None
        values["allowance_note"] = ""
    unknown = [c for c in fields.required_checks if c not in CheckKind.values]
    if unknown:
        errors.add("required_checks", _("Please choose only checks from the list."))
    eligible = town_districts(errors, "eligible_districts", fields.eligible_districts)
    if fields.min_age is not None and not 1 <= fields.min_age <= MIN_AGE_LIMIT:
        errors.add("min_age", _("A minimum age lies between 1 and 120 years."))
    coordinator = fields.coordinator or by
    if coordinator.pk not in _representatives(organisation) and not coordinator.is_moderator:
        errors.add(
            "coordinator",
            _("The coordinator must be one of the organisation's representatives."),
        )
    errors.raise_if_any()
    values.update(
        kind=fields.kind,
        routing=fields.routing,
        cost_kind=fields.cost_kind,
        allowance_cents=cents,
        required_checks=sorted(set(fields.required_checks)),
        eligible_districts=eligible,
        min_age=fields.min_age or None,
        needs_approval=fields.needs_approval,
        is_active=fields.is_active,
        coordinator=coordinator,
    )
    return values


def _free_slug(title: str) -> str:
    base = (slugify(title) or "dienst")[:70]
    slug, n = base, 2
    while Service.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_service(*, organisation: Organisation, by: User, fields: ServiceFields) -> Service:
    """A new service of `organisation`, by one of its representatives."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not may_offer_for(by, organisation):
            raise PermissionDenied(
                _("Only the representatives of an approved organisation can offer a service.")
            )
        values = _checked(fields, organisation=organisation, by=by)
        service = Service.objects.create(
            organisation=organisation,
            slug=_free_slug(str(values["title"])),
            created_by=by,
            **values,
        )
        record_audit(actor=by, action="volunteer_service_created", target=service)
    return service


def update_service(*, service: Service, by: User, fields: ServiceFields) -> Service:
    """Change what a service says and its rules (its slug stays, links keep working)."""
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        require_manager(by, service)
        values = _checked(fields, organisation=service.organisation, by=by)
        for name, value in values.items():
            setattr(service, name, value)
        service.updated_at = timezone.now()
        service.save(update_fields=[*values, "updated_at"])
        record_audit(actor=by, action="volunteer_service_changed", target=service)
    return service


def hide_service(*, service: Service, moderator: User, reason: str) -> Service:
    """Take a service off the public pages (the moderation kit's hide)."""
    return moderation.hide(target=service, moderator=moderator, reason=reason)


def restore_service(*, service: Service, moderator: User, reason: str = "") -> Service:
    return moderation.restore(target=service, moderator=moderator, reason=reason)
