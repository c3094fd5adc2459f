"""A help request's life: sent (→ waiting for approval, or open) → assigned → done, or
refused by the coordinator, or cancelled by the resident or the coordinator.

Every step locks the request's row and checks its state, so of two helpers accepting one
pool request at the same moment the second waits for the lock, finds it taken and is told
so. Eligibility is decided by `eligibility.refusals()` (the same rules as the page and the
API); a refusal is counted for the unmet-demand figures before the request is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.behalf.selectors import consent_refusal
from portal.behalf.services import acting_for
from portal.letters.periods import town_today
from portal.validation import EARLIEST_DATE, Errors, clean_reason

from .. import request_mails
from ..access import coordinators_of, may_coordinate, require_coordinator
from ..demand import record_demand
from ..eligibility import Declared, Refusal, refusals
from ..models import DemandStep, HelpRequest, RequestStatus, Routing, Rule, Service
from ..notification_kinds import COORDINATION, HELPING, REQUEST_NEWS
from ..scopes import REQUESTS
from ..selectors_helpers import assignable_helpers, assignment_problem

S = RequestStatus
HORIZON = timedelta(days=366)
MAX_HOURS = Decimal("24")
CANCELLABLE = frozenset({S.WAITING_APPROVAL, S.OPEN, S.ASSIGNED})


class NotEligible(ValidationError):
    """The person does not meet the service's rules; `refusals` says which and why."""

    def __init__(self, found: list[Refusal]) -> None:
        super().__init__({"eligibility": [r.message for r in found]}, code="not_eligible")
        self.refusals = found


@dataclass(frozen=True)
class RequestFields:
    """What the request form asks: the rules' questions, then the day and the need."""

    needed_on: date | None
    details: str
    address: str
    time_note: str = ""
    phone: str = ""
    district: str = ""
    birth_date: date | None = None
    confirms_situation: bool = False
    statement: str = ""


def _who(person: User) -> str:
    return f"user:{person.pk}"


def _check_input(service: Service, fields: RequestFields, today: date) -> dict[str, str]:
    errors = Errors()
    values = {
        "details": errors.text("details", fields.details, max_length=2000, multiline=True),
        "address": errors.text("address", fields.address, max_length=300),
        "time_note": errors.text("time_note", fields.time_note, max_length=200, required=False),
        "phone": errors.phone("phone", fields.phone),
        "statement": errors.text("statement", fields.statement, max_length=500, required=False),
        "district": errors.text("district", fields.district, max_length=80, required=False),
    }
    if fields.needed_on is None:
        errors.add("needed_on", _("Please give the day you need help."))
    elif fields.needed_on < today:
        errors.add("needed_on", _("This day lies in the past. Please choose today or a later day."))
    elif fields.needed_on > today + HORIZON:
        errors.add("needed_on", _("Please choose a day within the next twelve months."))
    if service.eligible_districts and not values["district"]:
        errors.add("district", _("Please choose the district you live in."))
    if service.min_age:
        if fields.birth_date is None:
            errors.add("birth_date", _("Please give your date of birth."))
        elif not EARLIEST_DATE <= fields.birth_date <= today:
            errors.add("birth_date", _("Please check your date of birth."))
    if service.situation and fields.confirms_situation and not values["statement"]:
        errors.add("statement", _("Please describe your situation in a few words."))
    errors.raise_if_any()
    return values


def check_eligibility(*, service: Service, person: User, fields: RequestFields) -> None:
    """Raise NotEligible (after counting each failed rule) when `person` may not use it."""
    verdict = refusals(
        service,
        Declared(
            district=fields.district.strip(),
            birth_date=fields.birth_date,
            statement=fields.statement,
            confirms_situation=fields.confirms_situation,
        ),
        today=town_today(),
    )
    if verdict.eligible:
        return
    for refusal in verdict.refusals:
        record_demand(service=service, step=DemandStep.REFUSED, who=_who(person), rule=refusal.rule)
    raise NotEligible(verdict.refusals)


def send_request(
    *, service: Service, by: User, fields: RequestFields, on_behalf_of: User | None = None
) -> HelpRequest:
    """A resident's request (or the network manager's for them, with consent)."""
    today = town_today()
    if not service.is_active or service.is_hidden or service.is_rides:
        raise ValidationError(_("This service takes no requests at the moment."), code="closed")
    if on_behalf_of is not None:  # before anything is counted for the person
        refusal = consent_refusal(actor=by, person=on_behalf_of, scope=REQUESTS)
        if refusal is not None:
            raise PermissionDenied(refusal)
    values = _check_input(service, fields, today)
    person = on_behalf_of or by
    check_eligibility(service=service, person=person, fields=fields)
    assert fields.needed_on is not None  # checked above
    with transaction.atomic():
        person = acting_for(actor=by, on_behalf_of=on_behalf_of, scope=REQUESTS)
        help_request = HelpRequest.objects.create(
            service=service,
            resident=person,
            entered_by=by if on_behalf_of is not None else None,
            status=S.WAITING_APPROVAL if service.needs_approval else S.OPEN,
            needed_on=fields.needed_on,
            age_declared=bool(service.min_age),
            **values,
        )
        if on_behalf_of is not None:
            record_audit(
                actor=by,
                action="volunteer_request_sent_for",
                on_behalf_of=person,
                target=help_request,
            )
        record_demand(service=service, step=DemandStep.REQUESTED, who=_who(person))
        _announce(help_request)
        request_mails.tell(person, "sent", help_request, kind=REQUEST_NEWS)
    return help_request


def _announce(help_request: HelpRequest) -> None:
    """Tell whoever acts next: the coordinator, or (an open pool request) the helpers."""
    service = help_request.service
    if help_request.status == S.OPEN and service.routing == Routing.POOL:
        helpers = assignable_helpers(service, day=help_request.needed_on)
        for helper in helpers.exclude(user_id=help_request.resident_id):
            request_mails.tell(helper.user, "open", help_request, kind=HELPING)
    else:
        for coordinator in coordinators_of(service):
            request_mails.tell(coordinator, "new", help_request, kind=COORDINATION)


def _locked(help_request: HelpRequest) -> HelpRequest:
    return (
        HelpRequest.objects.select_for_update(of=("self",))
        .select_related("service", "resident", "helper")
        .get(pk=help_request.pk)
    )


def _state_error(help_request: HelpRequest) -> ValidationError:
    if help_request.status == S.ASSIGNED:
        return ValidationError(_("This request has already been taken by a helper."), code="state")
    return ValidationError(
        _("This request is %(state)s, so this is no longer possible.")
        % {"state": help_request.get_status_display().lower()},
        code="state",
    )


def approve_request(*, help_request: HelpRequest, by: User) -> HelpRequest:
    """The coordinator approves the person: the request is open for a helper."""
    with transaction.atomic():
        help_request = _locked(help_request)
        require_coordinator(by, help_request.service)
        if help_request.status != S.WAITING_APPROVAL:
            raise _state_error(help_request)
        help_request.status = S.OPEN
        help_request.updated_at = timezone.now()
        help_request.save(update_fields=["status", "updated_at"])
        record_audit(
            actor=by,
            action="volunteer_request_approved",
            subject=help_request.resident,
            target=help_request,
        )
        request_mails.tell(help_request.resident, "approved", help_request, kind=REQUEST_NEWS)
        if help_request.service.routing == Routing.POOL:
            _announce(help_request)
    return help_request


def refuse_request(*, help_request: HelpRequest, by: User, reason: str) -> HelpRequest:
    """The coordinator does not approve; the reason goes to the resident and the refusal
    counts in the figures under the rule "approval"."""
    with transaction.atomic():
        help_request = _locked(help_request)
        require_coordinator(by, help_request.service)
        text = clean_reason(reason, required=True, max_length=500)
        if help_request.status != S.WAITING_APPROVAL:
            raise _state_error(help_request)
        help_request.status = S.REFUSED
        help_request.decided_reason = text
        help_request.updated_at = timezone.now()
        help_request.save(update_fields=["status", "decided_reason", "updated_at"])
        record_demand(
            service=help_request.service,
            step=DemandStep.REFUSED,
            who=_who(help_request.resident),
            rule=Rule.APPROVAL,
        )
        record_audit(
            actor=by,
            action="volunteer_request_refused",
            subject=help_request.resident,
            target=help_request,
        )
        request_mails.tell(
            help_request.resident, "refused", help_request, kind=REQUEST_NEWS, reason=text
        )
    return help_request


def _give_to(help_request: HelpRequest, helper: User) -> None:
    if helper.pk == help_request.resident_id:
        raise ValidationError(
            {"helper": [_("The person who asked for help cannot be its helper.")]},
            code="not_assignable",
        )
    problem = assignment_problem(help_request.service, helper, day=help_request.needed_on)
    if problem is not None:
        raise ValidationError({"helper": [problem]}, code="not_assignable")
    help_request.status = S.ASSIGNED
    help_request.helper = helper
    help_request.assigned_at = timezone.now()
    help_request.updated_at = help_request.assigned_at
    help_request.save(update_fields=["status", "helper", "assigned_at", "updated_at"])
    request_mails.tell(
        help_request.resident,
        "assigned",
        help_request,
        kind=REQUEST_NEWS,
        helper_name=helper.full_name,
    )
    request_mails.tell(helper, "given", help_request, kind=HELPING)


def assign_helper(*, help_request: HelpRequest, by: User, helper: User) -> HelpRequest:
    """The coordinator gives an open request to a vetted helper with valid checks."""
    with transaction.atomic():
        help_request = _locked(help_request)
        require_coordinator(by, help_request.service)
        if help_request.status != S.OPEN:
            raise _state_error(help_request)
        _give_to(help_request, helper)
        record_audit(
            actor=by,
            action="volunteer_request_assigned",
            subject=help_request.resident,
            target=help_request,
            detail={"helper": str(helper.public_id)},
        )
    return help_request


def accept_request(*, help_request: HelpRequest, helper: User) -> HelpRequest:
    """A helper takes an open pool request; the first to accept gets it."""
    with transaction.atomic():
        help_request = _locked(help_request)
        if help_request.service.routing != Routing.POOL:
            raise PermissionDenied(_("The coordinator assigns the requests of this service."))
        if help_request.status != S.OPEN:
            raise _state_error(help_request)
        _give_to(help_request, helper)
    return help_request


def unassign_request(*, help_request: HelpRequest, by: User) -> HelpRequest:
    """Take an assigned request back from its helper (the coordinator, or the helper who can
    no longer help): it is open again. The resident and the coordinators (but `by`) are
    told, and a pool request is announced to the helpers anew. The helper hears from the
    caller (a suspension, their own leaving, an expired check)."""
    with transaction.atomic():
        help_request = _locked(help_request)
        if help_request.helper_id != by.pk and not may_coordinate(by, help_request.service):
            raise PermissionDenied(_("Only the helper or the coordinator can do this."))
        if help_request.status != S.ASSIGNED:
            raise ValidationError(_("This request has no helper to take off."), code="state")
        helper = help_request.helper
        assert helper is not None
        help_request.status = S.OPEN
        help_request.helper = None
        help_request.assigned_at = None
        help_request.updated_at = timezone.now()
        help_request.save(update_fields=["status", "helper", "assigned_at", "updated_at"])
        record_audit(
            actor=by,
            action="volunteer_request_unassigned",
            subject=help_request.resident,
            target=help_request,
            detail={"helper": str(helper.public_id)},
        )
        request_mails.tell(help_request.resident, "unassigned", help_request, kind=REQUEST_NEWS)
        for coordinator in coordinators_of(help_request.service):
            if coordinator.pk not in (by.pk, helper.pk):
                request_mails.tell(coordinator, "unassigned", help_request, kind=COORDINATION)
        if help_request.service.routing == Routing.POOL:
            _announce(help_request)
    return help_request


def complete_request(*, help_request: HelpRequest, by: User, hours: Decimal) -> HelpRequest:
    """The helper (or the coordinator) says the help was given, and how long it took."""
    with transaction.atomic():
        help_request = _locked(help_request)
        if help_request.helper_id != by.pk and not may_coordinate(by, help_request.service):
            raise PermissionDenied(_("Only the helper of this request can mark it as done."))
        if not isinstance(hours, Decimal) or not Decimal("0") < hours <= MAX_HOURS:
            raise ValidationError(
                {"hours": [_("Please give the hours spent, more than 0 and at most 24.")]}
            )
        if help_request.status != S.ASSIGNED:
            raise _state_error(help_request)
        help_request.status = S.DONE
        help_request.hours = hours.quantize(Decimal("0.01"))
        help_request.updated_at = timezone.now()
        help_request.save(update_fields=["status", "hours", "updated_at"])
    return help_request


def cancel_request(
    *, help_request: HelpRequest, by: User, reason: str = "", on_behalf_of: User | None = None
) -> HelpRequest:
    """The resident (or the network manager for them) or the coordinator cancels; the other
    side is told."""
    with transaction.atomic():
        help_request = _locked(help_request)
        text = clean_reason(reason, required=False, max_length=500)
        person = acting_for(actor=by, on_behalf_of=on_behalf_of, scope=REQUESTS)
        by_resident = person.pk == help_request.resident_id
        if not by_resident and (
            on_behalf_of is not None or not may_coordinate(by, help_request.service)
        ):
            raise PermissionDenied(
                _("Only the resident who asked and the coordinator can cancel this request.")
            )
        if help_request.status not in CANCELLABLE:
            raise _state_error(help_request)
        helper = help_request.helper
        help_request.status = S.CANCELLED
        help_request.decided_reason = text
        help_request.updated_at = timezone.now()
        help_request.save(update_fields=["status", "decided_reason", "updated_at"])
        if on_behalf_of is not None:
            record_audit(
                actor=by,
                action="volunteer_request_cancelled_for",
                on_behalf_of=person,
                target=help_request,
            )
        elif not by_resident:
            record_audit(
                actor=by,
                action="volunteer_request_cancelled",
                subject=help_request.resident,
                target=help_request,
            )
        if by_resident:
            if helper is not None:
                request_mails.tell(helper, "cancelled", help_request, kind=HELPING, reason=text)
            for coordinator in coordinators_of(help_request.service):
                if helper is None or coordinator.pk != helper.pk:
                    request_mails.tell(
                        coordinator, "cancelled", help_request, kind=COORDINATION, reason=text
                    )
        else:
            request_mails.tell(
                help_request.resident, "cancelled", help_request, kind=REQUEST_NEWS, reason=text
            )
            if helper is not None and helper.pk != by.pk:
                request_mails.tell(helper, "cancelled", help_request, kind=HELPING, reason=text)
    return help_request
