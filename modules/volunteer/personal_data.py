"""What neighbourly help keeps of a person: their requests, rides and messages, and where
they volunteer (with the checks a coordinator saw and the vetting log).

Deleting the account cancels what has not happened yet (the other side is told) and erases
the person's own words and addresses from what stays; a request or ride keeps its service,
day and state, because the organisation's figures count it. Their volunteering ends: the
memberships, checks and vetting log go, and rides or requests given to them are open again
for another helper."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from portal.personal_data import ExportPart, PersonalData

from .models import (
    Check,
    Helper,
    HelpRequest,
    Message,
    RequestStatus,
    Service,
    VettingEvent,
)
from .models_rides import DriverFeed, Ride, RideSeries, RideStatus

OPEN_REQUESTS = (RequestStatus.WAITING_APPROVAL, RequestStatus.OPEN, RequestStatus.ASSIGNED)
OPEN_RIDES = (RideStatus.OPEN, RideStatus.ASSIGNED)


def export_volunteer(user: Any) -> ExportPart:
    requests = [
        {
            "service": r.service.title,
            "status": r.status,
            "needed_on": r.needed_on,
            "time_note": r.time_note,
            "details": r.details,
            "address": r.address,
            "district": r.district,
            "phone": r.phone,
            "statement": r.statement,
            "hours": str(r.hours) if r.hours is not None else None,
            "created_at": r.created_at,
        }
        for r in HelpRequest.objects.filter(resident=user).select_related("service")
    ]
    helped = list(
        HelpRequest.objects.filter(helper=user).values(
            "service__title", "status", "needed_on", "hours"
        )
    )
    rides = [
        {
            "service": ride.service.title,
            "status": ride.status,
            "starts_at": ride.starts_at,
            "pickup_address": ride.pickup_address,
            "destination_address": ride.destination_address,
            "passengers": ride.passengers,
            "wheelchair": ride.wheelchair,
            "companion": ride.companion,
            "note": ride.note,
            "phone": ride.phone,
        }
        for ride in Ride.objects.filter(resident=user).select_related("service")
    ]
    driven = list(
        Ride.objects.filter(driver=user).values("service__title", "status", "starts_at", "ends_at")
    )
    series = list(
        RideSeries.objects.filter(resident=user).values(
            "service__title", "frequency", "first_day", "last_day", "pickup_time", "return_time"
        )
    )
    volunteering = [
        {
            "service": helper.service.title,
            "status": helper.status,
            "motivation": helper.motivation,
            "joined_at": helper.joined_at,
            "checks": [
                {"kind": c.kind, "seen_on": c.seen_on, "valid_until": c.valid_until}
                for c in helper.checks.all()
            ],
            "vetting_log": [
                {"action": e.action, "check": e.check_kind, "reason": e.reason, "at": e.at}
                for e in helper.vetting_log.all()
            ],
        }
        for helper in Helper.objects.filter(user=user)
        .select_related("service")
        .prefetch_related("checks", "vetting_log")
    ]
    messages = list(Message.objects.filter(sender=user).values("body", "sent_at"))
    coordinating = list(Service.objects.filter(coordinator=user).values("title", "slug"))
    return ExportPart(
        data={
            "requests": requests,
            "requests_helped": helped,
            "rides": rides,
            "rides_driven": driven,
            "ride_series": series,
            "volunteering": volunteering,
            "messages_sent": messages,
            "services_coordinated": coordinating,
        }
    )


def erase_volunteer(user: Any) -> None:
    from django.utils.translation import gettext as _

    from portal.letters.periods import town_today

    from .services.requests import cancel_request, unassign_request
    from .services.rides import cancel_ride, unassign_ride

    reason = _("The account was deleted.")
    now = timezone.now()
    for help_request in HelpRequest.objects.filter(resident=user, status__in=OPEN_REQUESTS):
        cancel_request(help_request=help_request, by=user, reason=reason)
    for ride in Ride.objects.filter(
        resident=user, status__in=OPEN_RIDES, starts_at__gt=now, outward__isnull=True
    ):
        cancel_ride(ride=ride, by=user, reason=reason)
    # A return ride whose way there has passed is cancelled on its own.
    for ride in Ride.objects.filter(resident=user, status__in=OPEN_RIDES, starts_at__gt=now):
        cancel_ride(ride=ride, by=user, reason=reason)
    RideSeries.objects.filter(resident=user, cancelled_at__isnull=True).update(cancelled_at=now)
    HelpRequest.objects.filter(resident=user).update(
        details="–", address="–", phone="", statement="", time_note=""
    )
    Ride.objects.filter(resident=user).update(
        pickup_address="–", destination_address="–", phone="", note=""
    )
    Message.objects.filter(sender=user).update(body="–")
    # Work given to them whose day has not passed goes back to the others (who are told).
    for help_request in HelpRequest.objects.filter(
        helper=user, status=RequestStatus.ASSIGNED, needed_on__gte=town_today()
    ).order_by("pk"):
        unassign_request(help_request=help_request, by=user)
    for ride in Ride.objects.filter(
        driver=user, status=RideStatus.ASSIGNED, starts_at__gt=now
    ).order_by("pk"):
        unassign_ride(ride=ride, by=user)
    DriverFeed.objects.filter(driver=user).delete()
    Helper.objects.filter(user=user).delete()  # with their checks and vetting log
    Service.objects.filter(coordinator=user).update(coordinator=None)
    Service.objects.filter(created_by=user).update(created_by=None)
    HelpRequest.objects.filter(entered_by=user).update(entered_by=None)
    Ride.objects.filter(Q(entered_by=user)).update(entered_by=None)
    Ride.objects.filter(assigned_by=user).update(assigned_by=None)
    Ride.objects.filter(cancelled_by=user).update(cancelled_by=None)
    Helper.objects.filter(decided_by=user).update(decided_by=None)
    Check.objects.filter(recorded_by=user).update(recorded_by=None)
    VettingEvent.objects.filter(by=user).update(by=None)


VOLUNTEER = PersonalData(
    key="volunteer",
    export=export_volunteer,
    erase=erase_volunteer,
    covers=(
        "volunteer.Service.coordinator",
        "volunteer.Service.created_by",
        "volunteer.Helper.user",
        "volunteer.Helper.decided_by",
        "volunteer.Check.recorded_by",
        "volunteer.VettingEvent.by",
        "volunteer.HelpRequest.resident",
        "volunteer.HelpRequest.entered_by",
        "volunteer.HelpRequest.helper",
        "volunteer.Message.sender",
        "volunteer.RideSeries.resident",
        "volunteer.Ride.resident",
        "volunteer.Ride.entered_by",
        "volunteer.Ride.driver",
        "volunteer.Ride.assigned_by",
        "volunteer.Ride.cancelled_by",
        "volunteer.DriverFeed.driver",
    ),
    excluded={
        "volunteer.Service.hidden_by": "the moderator who hid a service",
    },
)
