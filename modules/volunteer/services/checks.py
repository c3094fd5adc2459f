"""Checks a coordinator has seen (a certificate of good conduct, a driving licence, a course):
recorded as facts with dates, never as a copy of the document; and the daily expiry run
that reminds before a required check ends and logs the day it ended.

A newer check of the same kind supersedes an older one, so the expiry run looks only at a
helper's latest check of each kind ("current": no other check of that kind lasts longer)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.letters.periods import town_today
from portal.validation import Errors, date_problem

from ..access import require_coordinator
from ..models import (
    Check,
    CheckKind,
    Helper,
    HelperStatus,
    VettingAction,
    VettingEvent,
    VolunteerSettings,
)
from ..vetting_mails import tell_check
from .helpers import hand_back_work, locked_helper, log_event

# How many days back a missed run still logs an expiry (a worker down over a weekend).
CATCH_UP_DAYS = 7


@transaction.atomic
def record_check(
    *, helper: Helper, by: User, kind: str, seen_on: date | None, valid_until: date | None
) -> Check:
    """Note that the coordinator saw a check of `kind` on `seen_on`, valid until
    `valid_until` (None: it does not expire). Every problem is named at once."""
    helper = locked_helper(helper)
    require_coordinator(by, helper.service)
    if helper.user_id == by.pk:
        raise PermissionDenied(_("Nobody can record checks about themselves."))
    today = town_today()
    errors = Errors()
    if kind not in CheckKind.values:
        errors.add("kind", _("Please choose one of the checks in the list."))
    if seen_on is None:
        errors.add("seen_on", _("Please give the day you saw the document."))
    elif date_problem(seen_on):
        errors.add("seen_on", date_problem(seen_on) or "")
    elif seen_on > today:
        errors.add("seen_on", _("The day you saw it cannot be in the future."))
    if valid_until is not None:
        if date_problem(valid_until):
            errors.add("valid_until", date_problem(valid_until) or "")
        elif seen_on is not None and valid_until < seen_on:
            errors.add("valid_until", _("“Valid until” must not be before the day you saw it."))
        elif valid_until < today:
            errors.add(
                "valid_until",
                _("This document has already expired; please record a valid one."),
            )
    if helper.status == HelperStatus.LEFT:
        errors.add("__all__", _("This person is not a helper of the service."))
    errors.raise_if_any()
    assert seen_on is not None
    check = Check.objects.create(
        helper=helper, kind=kind, seen_on=seen_on, valid_until=valid_until, recorded_by=by
    )
    until = valid_until.strftime("%d.%m.%Y") if valid_until else "-"
    log_event(
        helper=helper,
        action=VettingAction.CHECK_RECORDED,
        by=by,
        check_kind=kind,
        reason=_("Seen on %(seen)s, valid until %(until)s")
        % {"seen": seen_on.strftime("%d.%m.%Y"), "until": until},
    )
    return check


def _current_checks() -> Any:
    """Checks no newer check of the same kind outlasts."""
    return ~Exists(
        Check.objects.filter(helper=OuterRef("helper"), kind=OuterRef("kind"))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    )


def _required(check: Check) -> bool:
    return check.kind in check.helper.service.required_checks


def expiring_soon(*, today: date, within_days: int) -> list[Check]:
    """Current required checks of vetted helpers that end within `within_days` and whose
    reminder has not gone out."""
    found = (
        Check.objects.filter(
            helper__status=HelperStatus.VETTED,
            reminded_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + timedelta(days=within_days),
        )
        .filter(_current_checks())
        .select_related("helper__service", "helper__user")
        .order_by("valid_until", "pk")
    )
    return [check for check in found if _required(check)]


def just_expired(*, today: date) -> list[Check]:
    """Current required checks of vetted helpers that ended in the last days and whose end
    is not logged yet."""
    logged = VettingEvent.objects.filter(
        helper=OuterRef("helper"),
        action=VettingAction.CHECK_EXPIRED,
        check_kind=OuterRef("kind"),
        # Logged after this check's end (an older check's expiry was logged before it).
        at__gte=OuterRef("valid_until"),
    )
    found = (
        Check.objects.filter(
            helper__status=HelperStatus.VETTED,
            valid_until__lt=today,
            valid_until__gte=today - timedelta(days=CATCH_UP_DAYS),
        )
        .filter(_current_checks())
        .filter(~Exists(logged))
        .select_related("helper__service", "helper__user")
        .order_by("valid_until", "pk")
    )
    return [check for check in found if _required(check)]


@transaction.atomic
def remind_expiring_checks(*, today: date | None = None) -> int:
    """Remind helper and coordinator once of each required check ending soon; how many."""
    day = today or town_today()
    within = VolunteerSettings.current().check_warning_days
    reminded = 0
    for check in expiring_soon(today=day, within_days=within):
        # The claim: a second run, or one in parallel, finds it reminded and sends nothing.
        if Check.objects.filter(pk=check.pk, reminded_at__isnull=True).update(
            reminded_at=timezone.now()
        ):
            tell_check(check, template="volunteer/check_expiring")
            reminded += 1
    return reminded


@transaction.atomic
def record_expired_checks(*, today: date | None = None) -> int:
    """Log each required check that has just ended (once) and tell helper and coordinator;
    how many. Assignments stopped already: validity is computed on the day."""
    day = today or town_today()
    logged = 0
    for check in just_expired(today=day):
        helper = locked_helper(check.helper)
        assert check.valid_until is not None
        # Under the helper's lock, another run may have logged it meanwhile.
        if VettingEvent.objects.filter(
            helper=helper,
            action=VettingAction.CHECK_EXPIRED,
            check_kind=check.kind,
            at__gte=timezone.make_aware(datetime.combine(check.valid_until, time.min)),
        ).exists():
            continue
        log_event(
            helper=helper,
            action=VettingAction.CHECK_EXPIRED,
            by=None,
            check_kind=check.kind,
            reason=_("Valid until %(day)s") % {"day": check.valid_until.strftime("%d.%m.%Y")},
        )
        tell_check(check, template="volunteer/check_expired")
        # Validity is computed on the day, so from now on the helper is not assignable:
        # their work still to come is handed back as if they had handed it back themselves.
        hand_back_work(helper, by=helper.user)
        logged += 1
    return logged
