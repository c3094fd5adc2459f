"""Neighbourly help: volunteer services of the directory's organisations, who may use them
(eligibility), the volunteers who help (vetting by facts and dates, never stored documents),
the requests residents send and what the organisation learns from refusals (unmet demand).

The ride service's vehicles and bookings live in `models_rides.py`."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.directory.models import Organisation
from portal.accounts.models import User
from portal.moderation.models import Hideable
from portal.search.matching import (
    search_indexes,
    search_text_column,
    search_title_column,
    search_vector_column,
)
from portal.town_settings import TownSettingsRow


class ServiceKind(models.TextChoices):
    HELP = "help", _("Help at home or on errands")
    CHILDCARE = "childcare", _("Childcare")
    SHOPPING = "shopping", _("Shopping help")
    RIDES = "rides", _("Rides")


class CostKind(models.TextChoices):
    FREE = "free", _("Free of charge")
    ALLOWANCE = "allowance", _("Expense allowance")


class Routing(models.TextChoices):
    """Who gets a new request: the coordinator passes it on, or the vetted helpers see it
    and the first to accept takes it."""

    COORDINATOR = "coordinator", _("The coordinator assigns each request")
    POOL = "pool", _("The vetted helpers see it; the first to accept takes it")


class CheckKind(models.TextChoices):
    """A fact a coordinator has seen about a helper, recorded with dates, not as a file."""

    CONDUCT_CERTIFICATE = "conduct_certificate", _("Extended certificate of good conduct")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    TRAINING = "training", _("Training for this service")
    FIRST_AID = "first_aid", _("First-aid course")


class Rule(models.TextChoices):
    """The small set of eligibility rules an organisation chooses from. The value names the
    rule in the unmet-demand figures."""

    DISTRICT = "district", _("Lives in one of the districts served")
    MIN_AGE = "min_age", _("Minimum age")
    SITUATION = "situation", _("A situation the person declares")
    APPROVAL = "approval", _("Approval by the coordinator")


class VolunteerSettings(TownSettingsRow):
    """The town's rules for neighbourly help."""

    check_warning_days = models.PositiveSmallIntegerField(
        _("days before a check expires that helper and coordinator are reminded"), default=30
    )

    class Meta:
        verbose_name = _("neighbourly help settings")


class Service(Hideable, models.Model):
    """A volunteer service an organisation of the directory offers (Seniorenmobil, a
    babysitter service, emergency shopping). Its representatives manage it; the coordinator
    vets helpers and passes requests on."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="volunteer_services"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    audience = models.CharField(_("who may use it"), max_length=500)
    when = models.CharField(_("when"), max_length=500, blank=True)
    where = models.CharField(_("where"), max_length=500, blank=True)
    cost_kind = models.CharField(
        _("cost"), max_length=20, choices=CostKind.choices, default=CostKind.FREE
    )
    allowance_cents = models.PositiveIntegerField(_("expense allowance"), null=True, blank=True)
    allowance_note = models.CharField(_("what the allowance is for"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=300)
    coordinator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routing = models.CharField(
        _("who gets a new request"),
        max_length=20,
        choices=Routing.choices,
        default=Routing.COORDINATOR,
    )
    required_checks = ArrayField(
        models.CharField(max_length=30, choices=CheckKind.choices), default=list, blank=True
    )

    # Eligibility: every rule that is set must hold (empty or null = not used).
    eligible_districts = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    situation = models.CharField(
        _("situation the person declares"), max_length=300, blank=True
    )  # e.g. "temporarily unable to shop after illness or accident"
    needs_approval = models.BooleanField(_("the coordinator approves each person"), default=False)

    # Rides only (kind "rides"): operating hours per weekday, the area, the time a ride takes.
    # operating_hours: [{"weekday": 0-6 (Monday 0), "start": "08:00", "end": "18:00"}, ...]
    operating_hours = models.JSONField(default=list, blank=True)
    ride_minutes = models.PositiveSmallIntegerField(
        _("minutes a ride takes, for planning"), default=45
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        _("minutes between two rides of one driver or vehicle"), default=15
    )

    is_active = models.BooleanField(_("taking requests"), default=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    search_vector = search_vector_column(
        titles=["title"], texts=["description", "audience", "where"]
    )
    search_text = search_text_column(titles=["title"], texts=["description", "audience", "where"])
    search_title = search_title_column(titles=["title"])

    class Meta:
        ordering = ["title"]
        indexes = [*search_indexes("volunteer_service")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_kind="free", allowance_cents__isnull=True)
                | Q(cost_kind="allowance", allowance_cents__isnull=False),
                name="volunteer_service_cost_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(ride_minutes__gte=5) & Q(ride_minutes__lte=600),
                name="volunteer_service_ride_minutes_sane",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("volunteer:service", args=[self.slug])

    def moderation_owner(self) -> User | None:
        return self.coordinator

    @property
    def is_rides(self) -> bool:
        return self.kind == ServiceKind.RIDES

    def rules(self) -> list[str]:
        """The eligibility rules this service uses, in the order they are checked."""
        used: list[str] = []
        if self.eligible_districts:
            used.append(Rule.DISTRICT)
        if self.min_age:
            used.append(Rule.MIN_AGE)
        if self.situation:
            used.append(Rule.SITUATION)
        if self.needs_approval:
            used.append(Rule.APPROVAL)
        return used


class DemandStep(models.TextChoices):
    LOOKED = "looked", _("Looked at the service")
    STARTED = "started", _("Started a request")
    REFUSED = "refused", _("Was refused")
    REQUESTED = "requested", _("Sent a request")


class DemandEvent(models.Model):
    """One step of someone towards a service, for the unmet-demand figures. `visitor` is a
    keyed hash of the person or session, per service and month: the organisation counts
    people, it never learns who they were."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="demand", db_index=False
    )
    step = models.CharField(max_length=20, choices=DemandStep.choices)
    rule = models.CharField(max_length=20, choices=Rule.choices, blank=True)
    visitor = models.CharField(max_length=64)
    month = models.DateField()  # the first day of the month, town time
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Counted once per person, step and rule in a month.
            models.UniqueConstraint(
                fields=["service", "month", "step", "rule", "visitor"],
                name="volunteer_demand_once",
            )
        ]
        # (No index on service, month: volunteer_demand_once leads with both.)

    def __str__(self) -> str:
        return f"{self.step} {self.rule} of {self.service_id}"


class HelperStatus(models.TextChoices):
    APPLIED = "applied", _("Waiting for vetting")
    VETTED = "vetted", _("Vetted")
    REFUSED = "refused", _("Not accepted")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left the service")


class Helper(models.Model):
    """A volunteer's membership in one service. Only a vetted helper whose required checks
    are valid today is offered requests (`selectors_helpers.assignable_helpers`)."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="helpers", db_index=False
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="volunteer_helping")
    status = models.CharField(
        max_length=20, choices=HelperStatus.choices, default=HelperStatus.APPLIED
    )
    motivation = models.CharField(_("a few words about you"), max_length=1000, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["service", "user"], name="volunteer_helper_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} helps in {self.service_id}"


class Check(models.Model):
    """A check the coordinator has seen: what, seen on which day, valid until which day.
    No copy of the document is kept (data minimisation). A newer check of the same kind
    supersedes an older one."""

    helper = models.ForeignKey(Helper, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=30, choices=CheckKind.choices)
    seen_on = models.DateField(_("seen on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Set when the "about to expire" reminder went out, so it goes out once.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-seen_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("seen_on")),
                name="volunteer_check_valid_after_seen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.helper_id}"

    def is_valid_on(self, day: date) -> bool:
        return self.seen_on <= day and (self.valid_until is None or self.valid_until >= day)


class VettingAction(models.TextChoices):
    VETTED = "vetted", _("Vetted")
    REFUSED = "refused", _("Not accepted")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    CHECK_RECORDED = "check_recorded", _("Check recorded")
    CHECK_EXPIRED = "check_expired", _("Check expired")
    LEFT = "left", _("Left the service")


class VettingEvent(models.Model):
    """The vetting log: every decision about a helper, who made it, when and why."""

    helper = models.ForeignKey(Helper, on_delete=models.CASCADE, related_name="vetting_log")
    action = models.CharField(max_length=20, choices=VettingAction.choices)
    check_kind = models.CharField(max_length=30, choices=CheckKind.choices, blank=True)
    by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} for {self.helper_id}"


class RequestStatus(models.TextChoices):
    WAITING_APPROVAL = "waiting_approval", _("Waiting for the coordinator's approval")
    OPEN = "open", _("Looking for a helper")
    ASSIGNED = "assigned", _("A helper will come")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    REFUSED = "refused", _("Not approved")


class HelpRequest(models.Model):
    """A resident's request to a (non-ride) volunteer service. The helper sees the address
    and phone only once assigned (`selectors_requests.request_parties`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="requests", db_index=False
    )
    resident = models.ForeignKey(User, on_delete=models.PROTECT, related_name="volunteer_requests")
    # The network manager or coordinator who took it on the phone (acting on behalf).
    entered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    needed_on = models.DateField(_("on which day"))
    time_note = models.CharField(_("at what time"), max_length=200, blank=True)
    details = models.TextField(_("what you need"), max_length=2000)
    address = models.CharField(_("address"), max_length=300)
    district = models.CharField(_("district"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # The resident's own words for the "situation" rule; cleared when the request is erased.
    statement = models.CharField(_("your situation in a few words"), max_length=500, blank=True)
    # Whether the person declared the minimum age (the date of birth itself is not kept).
    age_declared = models.BooleanField(default=False)
    helper = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_assignments",
        db_index=False,
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(
        _("hours spent"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    decided_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["service", "status"], name="volunteer_request_status"),
            models.Index(fields=["helper", "status"], name="volunteer_request_helper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["assigned", "done"]) | Q(helper__isnull=False),
                name="volunteer_request_assigned_has_helper",
            )
        ]

    def __str__(self) -> str:
        return f"request {self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("volunteer:request", args=[self.public_id])


class Message(models.Model):
    """A message between the resident and the helper (or coordinator) of a request or a
    ride; the portal carries it, so neither learns the other's e-mail address."""

    request = models.ForeignKey(
        HelpRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    ride = models.ForeignKey(
        "volunteer.Ride", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=2000)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(request__isnull=False, ride__isnull=True)
                | Q(request__isnull=True, ride__isnull=False),
                name="volunteer_message_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


# The ride service's models live in their own file; imported here so that Django registers
# them with the app.
from .models_rides import DriverFeed as DriverFeed  # noqa: E402
from .models_rides import Ride as Ride  # noqa: E402
from .models_rides import RideSeries as RideSeries  # noqa: E402
from .models_rides import Vehicle as Vehicle  # noqa: E402
