"""A volunteer's membership of a service: joining and leaving (the volunteer), and the
coordinator's decisions: vet, refuse, suspend, reinstate.

    applied ──vet──▶ vetted ──suspend──▶ suspended ──reinstate──▶ vetted
       └──refuse──▶ refused ──vet──▶ vetted     (any but refused) ──leave──▶ left ──join──▶ applied

Every change locks the helper's row, checks the step, writes a `VettingEvent` (the vetting
log: who, when, why) and an audit row, and tells the other side after the commit. Vetting
and reinstating need every check the service requires valid today.

The role `helper` says "vetted in at least one service": it is given at the first vetting
and taken back when a change leaves the person vetted nowhere. Only a change out of the
vetted state takes it back, so a role a town administrator gave someone who was never
vetted here is left alone."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import Role, User
from portal.accounts.services.roles import grant_role, revoke_role
from portal.behalf.services import acting_for
from portal.letters.periods import town_today
from portal.validation import Errors, clean_reason

from ..access import require_coordinator
from ..models import (
    Check,
    CheckKind,
    Helper,
    HelperStatus,
    HelpRequest,
    RequestStatus,
    Service,
    VettingAction,
    VettingEvent,
)
from ..models_rides import Ride, RideStatus
from ..scopes import REQUESTS
from ..vetting_mails import tell_coordinators_joined, tell_helper_decision
from .driver_feeds import revoke_driver_feed
from .requests import unassign_request
from .rides import unassign_ride

S = HelperStatus
MOTIVATION_MAX = 1000
REASON_MAX = 500


def locked_helper(helper: Helper) -> Helper:
    """The helper's row, locked for this transaction, with its service and person."""
    return (
        Helper.objects.select_for_update(of=("self",))
        .select_related("service", "user")
        .get(pk=helper.pk)
    )


def log_event(
    *, helper: Helper, action: str, by: User | None, reason: str = "", check_kind: str = ""
) -> VettingEvent:
    """One line of the vetting log, and the audit row of the same decision."""
    event = VettingEvent.objects.create(
        helper=helper, action=action, by=by, reason=reason, check_kind=check_kind
    )
    detail: dict[str, str] = {"service": helper.service.slug}
    if reason:
        detail["reason"] = reason[:200]
    if check_kind:
        detail["check"] = check_kind
    record_audit(
        actor=by,
        action=f"volunteer_helper_{action}",
        subject=helper.user,
        target=helper.service,
        detail=detail,
    )
    return event


def missing_checks(helper: Helper, *, day: date | None = None) -> list[str]:
    """Each required check the helper has no valid record of today, in plain words (an
    expired one is named with its end date)."""
    today = town_today() if day is None else day
    checks = list(Check.objects.filter(helper=helper))
    problems = []
    for kind in helper.service.required_checks:
        label = CheckKind(kind).label
        of_kind = [c for c in checks if c.kind == kind]
        if any(c.is_valid_on(today) for c in of_kind):
            continue
        ended = [c.valid_until for c in of_kind if c.valid_until is not None]
        if ended:
            problems.append(
                _("The %(check)s expired on %(day)s.")
                % {"check": label, "day": max(ended).strftime("%d.%m.%Y")}
            )
        else:
            problems.append(_("The %(check)s has not been recorded yet.") % {"check": label})
    return problems


def hand_back_work(helper: Helper, *, by: User) -> None:
    """The helper may no longer be given work in the service (suspended, left, a required
    check ended): their requests and rides still to come go back to be given anew (the
    resident and the coordinator are told) and their ride calendar is switched off."""
    today = town_today()
    requests = HelpRequest.objects.filter(
        service=helper.service,
        helper_id=helper.user_id,
        status=RequestStatus.ASSIGNED,
        needed_on__gte=today,
    )
    for help_request in requests.order_by("needed_on", "pk"):
        unassign_request(help_request=help_request, by=by)
    rides = Ride.objects.filter(
        service=helper.service,
        driver_id=helper.user_id,
        status=RideStatus.ASSIGNED,
        starts_at__gte=timezone.now(),
    )
    for ride in rides.order_by("starts_at", "pk"):
        unassign_ride(ride=ride, by=by)
    revoke_driver_feed(service=helper.service, driver=helper.user)


def _sync_role(user: User, *, by: User | None, was_vetted: bool) -> None:
    vetted_somewhere = Helper.objects.filter(user=user, status=S.VETTED).exists()
    if vetted_somewhere and Role.HELPER not in user.roles:
        grant_role(
            user=user,
            role=Role.HELPER,
            reason="volunteer: vetted for a neighbourly-help service",
            granted_by=by,
        )
    elif was_vetted and not vetted_somewhere and Role.HELPER in user.roles:
        revoke_role(
            user=user,
            role=Role.HELPER,
            reason="volunteer: no longer vetted in any neighbourly-help service",
            revoked_by=by,
        )


# --- the volunteer ---------------------------------------------------------------------------


@transaction.atomic
def join_service(
    *, service: Service, user: User, motivation: str, on_behalf_of: User | None = None
) -> Helper:
    """`user` (or, with consent, the resident they act for) offers to help in `service`;
    the coordinator is told. Someone who left may join again (waiting for vetting anew)."""
    person = acting_for(actor=user, on_behalf_of=on_behalf_of, scope=REQUESTS)
    if not person.can_participate:
        raise PermissionDenied(_("Your account cannot take part at the moment."))
    errors = Errors()
    words = errors.text(
        "motivation", motivation, max_length=MOTIVATION_MAX, required=False, multiline=True
    )
    if not service.is_active or service.is_hidden:
        errors.add("__all__", _("This service is not looking for volunteers at the moment."))
    errors.raise_if_any()
    existing = (
        Helper.objects.select_for_update(of=("self",)).filter(service=service, user=person).first()
    )
    if existing is not None and existing.status != S.LEFT:
        raise ValidationError(
            {
                S.APPLIED: _("You have already offered to help here; the coordinator will answer."),
                S.VETTED: _("You are already a helper of this service."),
                S.SUSPENDED: _("Your help in this service is paused; please ask the coordinator."),
                S.REFUSED: _("The coordinator did not accept your offer; please ask them."),
            }[S(existing.status)]
        )
    if existing is not None:
        existing.status = S.APPLIED
        existing.motivation = words
        existing.joined_at = timezone.now()
        existing.decided_at = None
        existing.decided_by = None
        existing.save(
            update_fields=["status", "motivation", "joined_at", "decided_at", "decided_by"]
        )
        helper = existing
    else:
        try:
            with transaction.atomic():
                helper = Helper.objects.create(service=service, user=person, motivation=words)
        except IntegrityError as exc:  # the same offer from a second tab at the same moment
            raise ValidationError(
                _("You have already offered to help here; the coordinator will answer.")
            ) from exc
    helper.service = service
    helper.user = person
    record_audit(
        actor=user,
        action="volunteer_helper_joined",
        subject=person,
        on_behalf_of=on_behalf_of,
        target=service,
        detail={"service": service.slug},
    )
    tell_coordinators_joined(helper)
    return helper


@transaction.atomic
def leave_service(*, helper: Helper, by: User, on_behalf_of: User | None = None) -> Helper:
    """The volunteer stops helping in the service (logged; the role goes if it was the last)."""
    person = acting_for(actor=by, on_behalf_of=on_behalf_of, scope=REQUESTS)
    helper = locked_helper(helper)
    if helper.user_id != person.pk:
        raise PermissionDenied(_("Only the volunteer can leave the service."))
    if helper.status in (S.LEFT, S.REFUSED):
        raise ValidationError(_("You are not a helper of this service."))
    was_vetted = helper.status == S.VETTED
    helper.status = S.LEFT
    helper.save(update_fields=["status"])
    VettingEvent.objects.create(helper=helper, action=VettingAction.LEFT, by=by)
    record_audit(
        actor=by,
        action="volunteer_helper_left",
        subject=person,
        on_behalf_of=on_behalf_of,
        target=helper.service,
        detail={"service": helper.service.slug},
    )
    _sync_role(helper.user, by=by, was_vetted=was_vetted)
    # The volunteer hands back their own work (the driver may hand back a ride).
    hand_back_work(helper, by=person)
    return helper


# --- the coordinator -------------------------------------------------------------------------


def _decide(
    *,
    helper: Helper,
    by: User,
    action: str,
    starts: frozenset[str],
    ends: str,
    reason: str = "",
    needs_checks: bool = False,
) -> Helper:
    helper = locked_helper(helper)
    require_coordinator(by, helper.service)
    if helper.user_id == by.pk:
        raise PermissionDenied(_("Nobody can decide about their own help."))
    if helper.status not in starts:
        raise ValidationError(
            _("This is not possible now: the helper's status is “%(status)s”.")
            % {"status": S(helper.status).label}
        )
    if needs_checks:
        problems = missing_checks(helper)
        if problems:
            raise ValidationError(
                [_("%(name)s cannot be vetted yet.") % {"name": helper.user.full_name}, *problems]
            )
    was_vetted = helper.status == S.VETTED
    helper.status = ends
    helper.decided_at = timezone.now()
    helper.decided_by = by
    helper.save(update_fields=["status", "decided_at", "decided_by"])
    log_event(helper=helper, action=action, by=by, reason=reason)
    _sync_role(helper.user, by=by, was_vetted=was_vetted)
    return helper


def _reason(value: str) -> str:
    return clean_reason(
        value,
        required=True,
        max_length=REASON_MAX,
        required_message=_("Please give a reason: the volunteer is told it."),
    )


@transaction.atomic
def vet_helper(*, helper: Helper, by: User) -> Helper:
    """Accept a waiting (or earlier refused) volunteer; every required check must be valid
    today."""
    helper = _decide(
        helper=helper,
        by=by,
        action=VettingAction.VETTED,
        # A refusal can be reconsidered (the person asked the coordinator again).
        starts=frozenset({S.APPLIED, S.REFUSED}),
        ends=S.VETTED,
        needs_checks=True,
    )
    tell_helper_decision(helper, decision=_("You have been vetted: you can now be asked to help."))
    return helper


@transaction.atomic
def refuse_helper(*, helper: Helper, by: User, reason: str) -> Helper:
    """Do not accept a waiting volunteer; the reason is logged and told to them."""
    text = _reason(reason)
    helper = _decide(
        helper=helper,
        by=by,
        action=VettingAction.REFUSED,
        starts=frozenset({S.APPLIED}),
        ends=S.REFUSED,
        reason=text,
    )
    tell_helper_decision(helper, decision=_("Your offer to help was not accepted."), reason=text)
    return helper


@transaction.atomic
def suspend_helper(*, helper: Helper, by: User, reason: str) -> Helper:
    """Pause a vetted helper: no more requests or rides until reinstated."""
    text = _reason(reason)
    helper = _decide(
        helper=helper,
        by=by,
        action=VettingAction.SUSPENDED,
        starts=frozenset({S.VETTED}),
        ends=S.SUSPENDED,
        reason=text,
    )
    hand_back_work(helper, by=by)
    tell_helper_decision(
        helper, decision=_("Your help in this service has been paused."), reason=text
    )
    return helper


@transaction.atomic
def reinstate_helper(*, helper: Helper, by: User) -> Helper:
    """End a suspension; the required checks must be valid today, as at vetting."""
    helper = _decide(
        helper=helper,
        by=by,
        action=VettingAction.REINSTATED,
        starts=frozenset({S.SUSPENDED}),
        ends=S.VETTED,
        needs_checks=True,
    )
    tell_helper_decision(helper, decision=_("You can help in this service again."))
    return helper
