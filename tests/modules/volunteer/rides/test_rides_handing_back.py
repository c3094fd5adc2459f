"""A driver who may no longer drive (suspended, left) hands their rides to come back, their
calendar address is switched off, and a feed of a driver who is no longer assignable answers
nothing; the area links a driver to their rides."""

from __future__ import annotations

from typing import Any

import pytest

from modules.volunteer.area import personal_area
from modules.volunteer.models import Helper, HelperStatus, Service
from modules.volunteer.models_rides import DriverFeed, Ride, RideStatus, Vehicle
from modules.volunteer.personal_data import erase_volunteer
from modules.volunteer.selectors_rides import feed_by_token
from modules.volunteer.services import helpers as vetting
from modules.volunteer.services.driver_feeds import renew_driver_feed
from modules.volunteer.services.rides import assign_ride, unassign_ride
from portal.accounts.models import User
from portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories.directory import RepresentativeFactory
from tests.modules.volunteer.rides_setup import at, book, weekday_after

pytestmark = pytest.mark.django_db


def _assigned(ride_service: Service, rider: User, driver: User, bus: Vehicle, by: User) -> Ride:
    ride = book(ride_service, rider, at(weekday_after(1), 10))
    return assign_ride(ride=ride, driver=driver, vehicle=bus, by=by)


def test_a_suspended_driver_hands_back_and_loses_the_calendar(
    ride_service: Service,
    rider: User,
    driver: User,
    bus: Vehicle,
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    ride = _assigned(ride_service, rider, driver, bus, coordinator)
    renew_driver_feed(service=ride_service, driver=driver)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vetting.suspend_helper(
            helper=Helper.objects.get(user=driver, service=ride_service),
            by=coordinator,
            reason="Unfall",
        )
    ride.refresh_from_db()
    assert ride.status == RideStatus.OPEN and ride.driver is None
    assert not DriverFeed.objects.filter(driver=driver).exists()
    assert any(driver.email in m.to for m in mailoutbox)


def test_a_driver_who_leaves_hands_back_and_the_coordinator_hears(
    ride_service: Service,
    rider: User,
    driver: User,
    bus: Vehicle,
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    ride = _assigned(ride_service, rider, driver, bus, coordinator)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vetting.leave_service(
            helper=Helper.objects.get(user=driver, service=ride_service), by=driver
        )
    ride.refresh_from_db()
    assert ride.status == RideStatus.OPEN and ride.driver is None
    assert any(coordinator.email in m.to for m in mailoutbox)


def test_the_feed_of_a_driver_no_longer_assignable_answers_nothing(
    ride_service: Service, driver: User
) -> None:
    feed = renew_driver_feed(service=ride_service, driver=driver)
    assert feed_by_token(feed.token) == feed
    Helper.objects.filter(user=driver).update(status=HelperStatus.SUSPENDED)
    assert feed_by_token(feed.token) is None


def test_the_area_links_a_driver_of_one_service_to_the_run_sheet_of_the_first_day(
    ride_service: Service, rider: User, driver: User, bus: Vehicle, coordinator: User
) -> None:
    ride = _assigned(ride_service, rider, driver, bus, coordinator)
    [item] = [i for i in personal_area(driver) if i.icon == "car"]
    day = weekday_after(1).isoformat()
    assert item.url == f"/volunteer/rides/mobil/run-sheet/?day={day}"
    assert ride.pk


def test_my_volunteering_lists_the_rides_to_drive(
    client_a: Any, ride_service: Service, rider: User, driver: User, bus: Vehicle, coordinator: User
) -> None:
    ride = _assigned(ride_service, rider, driver, bus, coordinator)
    client_a.force_login(driver)
    html = client_a.get("/volunteer/mine/helping/").content.decode()
    assert ride.get_absolute_url() in html and "/volunteer/rides/mobil/run-sheet/?day=" in html


def test_opening_the_ride_marks_its_news_read(
    client_a: Any,
    ride_service: Service,
    rider: User,
    driver: User,
    bus: Vehicle,
    coordinator: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        ride = _assigned(ride_service, rider, driver, bus, coordinator)
    unread = Notification.objects.filter(user=driver, read_at__isnull=True)
    assert [n.target for n in unread] == [f"volunteer:ride:{ride.public_id}"]
    client_a.force_login(driver)
    assert client_a.get(ride.get_absolute_url()).status_code == 200
    assert not unread.all().exists()


def test_an_erased_drivers_rides_to_come_go_back(
    ride_service: Service, rider: User, driver: User, bus: Vehicle, coordinator: User
) -> None:
    ride = _assigned(ride_service, rider, driver, bus, coordinator)
    erase_volunteer(driver)
    ride.refresh_from_db()
    assert ride.status == RideStatus.OPEN and ride.driver is None


def test_without_a_coordinator_the_representatives_hear_of_a_ride_handed_back(
    ride_service: Service,
    rider: User,
    driver: User,
    bus: Vehicle,
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    ride = _assigned(ride_service, rider, driver, bus, coordinator)
    representative = UserFactory(email="rides-rep@example.org")
    RepresentativeFactory(organisation=ride_service.organisation, user=representative)
    Service.objects.filter(pk=ride_service.pk).update(coordinator=None)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        unassign_ride(ride=ride, by=driver)
    assert any(representative.email in m.to for m in mailoutbox)
