"""The ride service (a volunteer service of kind "rides"): vehicles, bookings, repeating
bookings and the drivers' private calendar addresses.

A driver or a vehicle is never in two rides at once: the services check first (for a clear
message), and two exclusion constraints make the database refuse an overlap even when two
dispatchers assign at the same moment. A ride blocks its driver and vehicle from its start
until its planned end plus the service's buffer (`busy_until`)."""

from __future__ import annotations

import uuid

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.db import models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()  # only used inside the constraint


class Vehicle(models.Model):
    service = models.ForeignKey(
        "volunteer.Service", on_delete=models.CASCADE, related_name="vehicles", db_index=False
    )
    name = models.CharField(_("name"), max_length=80)  # "Seniorenmobil 1 (VW Caddy)"
    seats = models.PositiveSmallIntegerField(_("seats for passengers"))
    wheelchair_places = models.PositiveSmallIntegerField(_("wheelchair places"), default=0)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(seats__lte=20), name="volunteer_vehicle_seats"
            ),
            models.UniqueConstraint(fields=["service", "name"], name="volunteer_vehicle_name"),
        ]

    def __str__(self) -> str:
        return self.name


class RideStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a driver")
    ASSIGNED = "assigned", _("Driver and vehicle assigned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


BLOCKING = [RideStatus.ASSIGNED, RideStatus.DONE]


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every second week")


class RideSeries(models.Model):
    """A repeating booking ("every Tuesday at 9:00 to the doctor"): the rides it made are
    ordinary rides pointing back here. Times are wall-clock times in the town's zone, so a
    9:00 ride stays at 9:00 across the change to and from summer time."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "volunteer.Service", on_delete=models.PROTECT, related_name="ride_series"
    )
    resident = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    first_day = models.DateField()
    last_day = models.DateField()  # required: a series never runs on without an end
    pickup_time = models.TimeField()
    return_time = models.TimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")),
                name="volunteer_series_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"series {self.public_id}"


class Ride(models.Model):
    """One booked ride: pickup and destination, when, who travels, and once the dispatcher
    (or a driver picking an open ride) has assigned them, the driver and the vehicle."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        "volunteer.Service", on_delete=models.PROTECT, related_name="rides", db_index=False
    )
    resident = models.ForeignKey(User, on_delete=models.PROTECT, related_name="volunteer_rides")
    entered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    series = models.ForeignKey(
        RideSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="rides"
    )
    # A return ride points at its outward ride and starts after it ends.
    outward = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="return_ride"
    )
    status = models.CharField(max_length=20, choices=RideStatus.choices, default=RideStatus.OPEN)

    pickup_address = models.CharField(_("pick-up address"), max_length=300)
    pickup_district = models.CharField(_("pick-up district"), max_length=80, blank=True)
    destination_address = models.CharField(_("destination"), max_length=300)
    destination_district = models.CharField(_("destination district"), max_length=80, blank=True)
    starts_at = models.DateTimeField(_("pick-up time"))
    ends_at = models.DateTimeField()  # planned arrival: starts_at + the service's ride_minutes
    busy_until = models.DateTimeField()  # ends_at + the service's buffer
    passengers = models.PositiveSmallIntegerField(_("passengers"), default=1)
    wheelchair = models.BooleanField(_("travels in a wheelchair"), default=False)
    companion = models.BooleanField(_("a companion comes along"), default=False)
    note = models.CharField(_("note for the driver"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    driver = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_drives",
        db_index=False,
    )
    vehicle = models.ForeignKey(
        Vehicle, null=True, blank=True, on_delete=models.PROTECT, related_name="rides"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["service", "starts_at"], name="volunteer_ride_service_day"),
            models.Index(fields=["driver", "starts_at"], name="volunteer_ride_driver_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at"))
                & Q(busy_until__gte=models.F("ends_at")),
                name="volunteer_ride_times_in_order",
            ),
            models.CheckConstraint(
                condition=Q(passengers__gte=1) & Q(passengers__lte=20),
                name="volunteer_ride_passengers",
            ),
            models.CheckConstraint(
                condition=~Q(status="assigned")
                | (Q(driver__isnull=False) & Q(vehicle__isnull=False)),
                name="volunteer_ride_assigned_has_driver",
            ),
            ExclusionConstraint(
                name="volunteer_ride_driver_once",
                expressions=[
                    (
                        TsTzRange("starts_at", "busy_until", RangeBoundary()),
                        RangeOperators.OVERLAPS,
                    ),
                    ("driver", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=BLOCKING) & Q(driver__isnull=False),
            ),
            ExclusionConstraint(
                name="volunteer_ride_vehicle_once",
                expressions=[
                    (
                        TsTzRange("starts_at", "busy_until", RangeBoundary()),
                        RangeOperators.OVERLAPS,
                    ),
                    ("vehicle", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=BLOCKING) & Q(vehicle__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"ride {self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("volunteer:ride", args=[self.public_id])


class DriverFeed(models.Model):
    """A driver's private iCal address for their rides; a new token revokes the old one."""

    service = models.ForeignKey(
        "volunteer.Service", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    driver = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "driver"], name="volunteer_feed_once")
        ]

    def __str__(self) -> str:
        return f"calendar of {self.driver_id}"
