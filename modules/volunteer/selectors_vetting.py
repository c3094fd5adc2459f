"""Reads for the vetting pages: a service's helpers grouped by status with the state of each
required check, one helper's checks and log, and a volunteer's own helping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from django.db.models import QuerySet

from portal.accounts.models import User

from .models import Check, CheckKind, Helper, HelperStatus, Service, VettingEvent
from .selectors_helpers import helpers_of

VALID, EXPIRING, EXPIRED, MISSING = "valid", "expiring", "expired", "missing"


@dataclass(frozen=True)
class CheckState:
    """One required (or recorded) kind of check of a helper, as on the day."""

    kind: str
    label: str
    state: str  # VALID, EXPIRING, EXPIRED or MISSING
    check: Check | None  # the latest record of the kind
    required: bool

    @property
    def needs_attention(self) -> bool:
        return self.required and self.state in (EXPIRED, MISSING)


def latest_checks(checks: list[Check]) -> dict[str, Check]:
    """The check of each kind that lasts longest (a newer one supersedes an older one)."""
    best: dict[str, Check] = {}
    for check in checks:
        current = best.get(check.kind)
        if current is None or _lasts_longer(check, current):
            best[check.kind] = check
    return best


def _lasts_longer(one: Check, other: Check) -> bool:
    if one.valid_until is None or other.valid_until is None:
        return one.valid_until is None and (
            other.valid_until is not None or one.seen_on > other.seen_on
        )
    return (one.valid_until, one.seen_on) > (other.valid_until, other.seen_on)


def check_states(helper: Helper, *, day: date, warning_days: int) -> list[CheckState]:
    """The required checks first (in the service's order), then any other kind recorded.
    Uses the prefetched `checks` (no query when `helpers_of` loaded the helper)."""
    latest = latest_checks(list(helper.checks.all()))
    required = list(helper.service.required_checks)
    kinds = required + [
        kind for kind in CheckKind.values if kind in latest and kind not in required
    ]
    states = []
    for kind in kinds:
        check = latest.get(kind)
        if check is None:
            state = MISSING
        elif not check.is_valid_on(day):
            state = EXPIRED
        elif check.valid_until is not None and check.valid_until <= day + timedelta(
            days=warning_days
        ):
            state = EXPIRING
        else:
            state = VALID
        states.append(
            CheckState(
                kind=kind,
                label=str(CheckKind(kind).label),
                state=state,
                check=check,
                required=kind in required,
            )
        )
    return states


@dataclass(frozen=True)
class HelperRow:
    helper: Helper
    checks: list[CheckState]

    @property
    def needs_attention(self) -> bool:
        return any(state.needs_attention for state in self.checks)


@dataclass(frozen=True)
class StatusGroup:
    status: str
    label: str
    rows: list[HelperRow]


# The order the helpers page shows them in: who waits first.
GROUP_ORDER = (
    HelperStatus.APPLIED,
    HelperStatus.VETTED,
    HelperStatus.SUSPENDED,
    HelperStatus.REFUSED,
    HelperStatus.LEFT,
)


def helper_groups(service: Service, *, day: date, warning_days: int) -> list[StatusGroup]:
    """The service's helpers by status, each with their check states (constant queries)."""
    rows: dict[str, list[HelperRow]] = {status: [] for status in GROUP_ORDER}
    for helper in helpers_of(service):
        helper.service = service
        rows[helper.status].append(
            HelperRow(helper, check_states(helper, day=day, warning_days=warning_days))
        )
    return [
        StatusGroup(str(status), str(HelperStatus(status).label), rows[status])
        for status in GROUP_ORDER
    ]


def helper_by_person(service: Service, person: UUID | str) -> Helper | None:
    """The helper of `service` who is the person with public id `person`, or None."""
    return (
        Helper.objects.filter(service=service, user__public_id=person)
        .select_related("user", "service")
        .prefetch_related("checks")
        .first()
    )


def vetting_log(helper: Helper) -> QuerySet[VettingEvent]:
    """The helper's vetting log, newest first, with who decided."""
    return VettingEvent.objects.filter(helper=helper).select_related("by")


def helping_of(user: User) -> QuerySet[Helper]:
    """The services `user` volunteers in (left ones last), with their checks."""
    return (
        Helper.objects.filter(user=user)
        .select_related("service__organisation", "user")
        .prefetch_related("checks")
        .order_by("status", "joined_at")
    )
