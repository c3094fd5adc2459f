"""Which helpers may be given work today: vetted, and every check the service requires
valid on the day. An expired check stops assignments at once, because this is computed
when asked, never stored."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from portal.accounts.models import User

from .models import Check, CheckKind, Helper, HelperStatus, Service


def _valid_check(kind: str, day: date) -> Exists:
    return Exists(
        Check.objects.filter(helper=OuterRef("pk"), kind=kind, seen_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )
    )


def assignable_helpers(service: Service, *, day: date) -> QuerySet[Helper]:
    """The helpers of `service` who may be given a request or ride on `day` (one query)."""
    helpers = Helper.objects.filter(
        service=service, status=HelperStatus.VETTED, user__is_active=True
    )
    for kind in service.required_checks:
        helpers = helpers.filter(_valid_check(kind, day))
    return helpers.select_related("user")


def assignment_problem(service: Service, user: User, *, day: date) -> str | None:
    """Why `user` may not be given work of `service` on `day`, in plain words; None if they
    may. The services call this inside their transaction before assigning."""
    helper = Helper.objects.filter(service=service, user=user).first()
    if helper is None or helper.status != HelperStatus.VETTED:
        return _("%(name)s is not a vetted helper of this service.") % {
            "name": user.full_name or _("This helper")
        }
    checks = list(Check.objects.filter(helper=helper))
    for kind in service.required_checks:
        if not any(c.kind == kind and c.is_valid_on(day) for c in checks):
            return _("%(name)s has no valid %(check)s for %(day)s.") % {
                "name": user.full_name or _("This helper"),
                "check": CheckKind(kind).label,
                "day": day.strftime("%d.%m.%Y"),
            }
    return None


def helpers_of(service: Service) -> QuerySet[Helper]:
    """Every helper of `service` with their person and checks (three queries in all)."""
    return (
        Helper.objects.filter(service=service)
        .select_related("user", "decided_by")
        .prefetch_related("checks")
        .order_by("joined_at", "pk")
    )


def expiring_checks(*, day: date, within_days: int) -> QuerySet[Check]:
    """Checks of vetted helpers that end between `day` and `within_days` later."""
    return (
        Check.objects.filter(
            helper__status=HelperStatus.VETTED,
            valid_until__gte=day,
            valid_until__lte=day + timedelta(days=within_days),
        )
        .select_related("helper__service", "helper__user")
        .order_by("valid_until", "pk")
    )
