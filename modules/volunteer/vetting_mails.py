"""The e-mails of vetting: to the coordinator (a new volunteer, a check expiring) and to the
volunteer (a decision, a check expiring). Called inside the service's transaction; `notify`
sends after the commit."""

from __future__ import annotations

from django.urls import reverse

from portal.notify import notify
from tenants.addresses import town_url

from .access import coordinators_of
from .models import Check, CheckKind, Helper
from .notification_kinds import COORDINATION, HELPING


def helper_link(helper: Helper) -> str:
    return town_url(reverse("volunteer:helper", args=[helper.service.slug, helper.user.public_id]))


def my_helping_link() -> str:
    return town_url(reverse("volunteer:my_helping"))


def tell_coordinators_joined(helper: Helper) -> None:
    for person in coordinators_of(helper.service):
        if person.pk == helper.user_id:
            continue
        notify(
            person,
            "volunteer/helper_joined",
            kind=COORDINATION.key,
            context={
                "helper": helper.user.full_name,
                "service": helper.service.title,
                "motivation": helper.motivation,
                "link": helper_link(helper),
            },
        )


def tell_helper_decision(helper: Helper, *, decision: str, reason: str = "") -> None:
    """`decision` is a sentence in the helper's words ("You have been vetted ...")."""
    notify(
        helper.user,
        "volunteer/helper_decision",
        kind=HELPING.key,
        context={
            "service": helper.service.title,
            "decision": decision,
            "reason": reason,
            "link": my_helping_link(),
        },
    )


def tell_check(check: Check, *, template: str) -> None:
    """A check about to expire ("volunteer/check_expiring") or expired ("volunteer/
    check_expired"): the helper and the coordinators, each in their own words."""
    helper = check.helper
    context = {
        "service": helper.service.title,
        "check": CheckKind(check.kind).label,
        "day": check.valid_until.strftime("%d.%m.%Y") if check.valid_until else "",
    }
    notify(
        helper.user,
        template,
        kind=HELPING.key,
        context={**context, "for_coordinator": False, "link": my_helping_link()},
    )
    for person in coordinators_of(helper.service):
        if person.pk == helper.user_id:
            continue
        notify(
            person,
            template,
            kind=COORDINATION.key,
            context={
                **context,
                "for_coordinator": True,
                "helper": helper.user.full_name,
                "link": helper_link(helper),
            },
        )
