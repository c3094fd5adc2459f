"""The e-mails of a ride's life, sent through `portal.notify` after the commit: the
resident's confirmation, the driver's new ride, and the notice to the other side when one
side cancels or hands a ride back."""

from __future__ import annotations

from typing import Any

from portal.accounts.models import User
from portal.letters.periods import town_zone
from portal.notify import notify
from tenants.addresses import town_url

from ..access import coordinators_of
from ..models_rides import Ride
from ..notification_kinds import RIDE_NEWS
from ..scopes import REQUESTS


def ride_facts(ride: Ride) -> dict[str, Any]:
    local = ride.starts_at.astimezone(town_zone())
    back = getattr(ride, "return_ride", None) if ride.pk else None
    return {
        "day": f"{local:%d.%m.%Y}",
        "time": f"{local:%H:%M}",
        "pickup": ride.pickup_address,
        "destination": ride.destination_address,
        "return_time": f"{back.starts_at.astimezone(town_zone()):%H:%M}" if back else "",
        "service": ride.service.title,
        "contact": ride.service.contact,
        "link": town_url(ride.get_absolute_url()),
    }


def _tell(user: User, template: str, ride: Ride, **extra: Any) -> None:
    notify(
        user,
        f"volunteer/{template}",
        context={**ride_facts(ride), **extra},
        kind=RIDE_NEWS.key,
        helpers_scope=REQUESTS if user.pk == ride.resident_id else None,
        target=f"volunteer:ride:{ride.public_id}",
    )


def booked(ride: Ride) -> None:
    if ride.outward_id is None:
        _tell(ride.resident, "ride_booked", ride)


def assigned(ride: Ride) -> None:
    if ride.driver is not None:
        _tell(ride.driver, "ride_assigned", ride)


def _coordinators(ride: Ride) -> list[User]:
    return coordinators_of(ride.service)


def unassigned(ride: Ride, *, driver: User, by: User) -> None:
    """The driver handed it back: the dispatcher hears; the dispatcher took it off: the driver."""
    if by.pk == driver.pk:
        for coordinator in _coordinators(ride):
            if coordinator.pk != driver.pk:
                _tell(coordinator, "ride_unassigned", ride, driver=driver.full_name)
    else:
        _tell(driver, "ride_unassigned", ride, driver=driver.full_name)


def cancelled(ride: Ride, *, by_resident: bool) -> None:
    """The other side hears: the driver and dispatcher when the resident cancels, the
    resident (and the driver) when the dispatcher cancels."""
    told: set[int] = set()
    people: list[User | None] = (
        [ride.driver, *_coordinators(ride)] if by_resident else [ride.resident, ride.driver]
    )
    for person in people:
        if person is not None and person.pk not in told:
            told.add(person.pk)
            _tell(person, "ride_cancelled", ride, reason=ride.cancel_reason)
