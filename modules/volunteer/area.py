"""Neighbourly help's part of a person's area ("Mein Bereich"): their requests and rides,
the work given to them as a helper or driver, and vetting's part (where they volunteer,
volunteers waiting for a coordinator). Four queries, however much there is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.letters.periods import town_zone
from portal.registry import AreaItem

from .area_vetting import vetting_area
from .models import HelpRequest, RequestStatus
from .models_rides import Ride, RideStatus

WAITING = (RequestStatus.WAITING_APPROVAL, RequestStatus.OPEN, RequestStatus.ASSIGNED)


def personal_area(user: User) -> Sequence[AreaItem]:
    return [*_requests_and_rides(user), *vetting_area(user)]


def _drive_url(rides: dict[str, Any]) -> str:
    """The run sheet of the driver's first day, when they drive for one service; else their
    volunteering page, which lists the rides of every service."""
    if rides["drive_services"] == 1:
        day = rides["first_drive"].astimezone(town_zone()).date()
        url = reverse("volunteer:run_sheet", args=[rides["drive_slug"]])
        return f"{url}?day={day.isoformat()}"
    return reverse("volunteer:my_helping")


def _requests_and_rides(user: User) -> list[AreaItem]:
    now = timezone.now()
    requests = HelpRequest.objects.filter(Q(resident=user) | Q(helper=user)).aggregate(
        mine=Count("pk", filter=Q(resident=user, status__in=WAITING)),
        to_help=Count("pk", filter=Q(helper=user, status=RequestStatus.ASSIGNED)),
    )
    driving = Q(driver=user, status=RideStatus.ASSIGNED)
    rides = Ride.objects.filter(
        Q(resident=user) | Q(driver=user),
        starts_at__gte=now,
        status__in=(RideStatus.OPEN, RideStatus.ASSIGNED),
    ).aggregate(
        booked=Count("pk", filter=Q(resident=user)),
        to_drive=Count("pk", filter=driving),
        drive_services=Count("service", filter=driving, distinct=True),
        drive_slug=Max("service__slug", filter=driving),
        first_drive=Min("starts_at", filter=driving),
    )
    mine_url = reverse("volunteer:my_requests")
    items: list[AreaItem] = []
    if n := requests["to_help"]:
        label = ngettext(
            "%(n)d request for help given to you", "%(n)d requests for help given to you", n
        )
        items.append(
            AreaItem("waiting", label % {"n": n}, n, reverse("volunteer:my_work"), "volunteer")
        )
    if n := rides["to_drive"]:
        label = ngettext("%(n)d ride for you to drive", "%(n)d rides for you to drive", n)
        items.append(AreaItem("waiting", label % {"n": n}, n, _drive_url(rides), "car"))
    if n := requests["mine"]:
        label = ngettext("%(n)d open request for help", "%(n)d open requests for help", n)
        items.append(AreaItem("mine", label % {"n": n}, n, mine_url, "volunteer"))
    if n := rides["booked"]:
        label = ngettext("%(n)d ride booked", "%(n)d rides booked", n)
        items.append(AreaItem("mine", label % {"n": n}, n, mine_url, "car"))
    return items
