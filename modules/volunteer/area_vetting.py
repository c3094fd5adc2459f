"""Vetting's part of a person's area ("Mein Bereich"): the services they help in, and for a
coordinator (or a representative of the organisation) the volunteers waiting for vetting,
per service. Two queries, however many services and helpers there are.

The help part adds the requests offered to a helper; the module's `personal_area` joins
both lists."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.registry import AreaItem

from .models import Helper, HelperStatus, Service

ONGOING = (HelperStatus.APPLIED, HelperStatus.VETTED, HelperStatus.SUSPENDED)


def vetting_area(user: User) -> Sequence[AreaItem]:
    items: list[AreaItem] = []
    helping = Helper.objects.filter(user=user, status__in=ONGOING).count()
    if helping:
        items.append(
            AreaItem(
                section="mine",
                label=ngettext(
                    "You volunteer in %(n)d service", "You volunteer in %(n)d services", helping
                )
                % {"n": helping},
                count=helping,
                url=reverse("volunteer:my_helping"),
                icon="volunteer",
            )
        )
    waiting = (
        Service.objects.filter(Q(coordinator=user) | Q(organisation__representatives__user=user))
        .annotate(
            waiting=Count("helpers", filter=Q(helpers__status=HelperStatus.APPLIED), distinct=True)
        )
        .filter(waiting__gt=0)
        .order_by("title")
        .values_list("slug", "title", "waiting")
        .distinct()
    )
    for slug, title, n in waiting:
        items.append(
            AreaItem(
                section="waiting",
                label=ngettext(
                    "%(n)d volunteer waits for vetting: %(service)s",
                    "%(n)d volunteers wait for vetting: %(service)s",
                    n,
                )
                % {"n": n, "service": title},
                count=n,
                url=reverse("volunteer:helpers", args=[slug]),
                icon="volunteer",
            )
        )
    return items
