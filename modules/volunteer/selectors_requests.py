"""Reads of help requests: who sees a request and how much of it, the resident's, the
helper's and the coordinator's lists (a constant number of queries each)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from modules.directory.models import Representative
from portal.accounts.models import User
from portal.letters.periods import town_today

from .models import Helper, HelperStatus, HelpRequest, RequestStatus, Routing, Service


@dataclass(frozen=True)
class Parties:
    """What one person may see of a request: the one rule for pages and API."""

    is_resident: bool
    is_helper: bool
    is_coordinator: bool
    may_accept: bool  # an open pool request this helper may take
    address: str  # empty unless the person may see it
    phone: str
    helper_name: str  # who will come, for the resident

    @property
    def may_write(self) -> bool:
        return self.is_resident or self.is_helper or self.is_coordinator


@dataclass(frozen=True)
class Standing:
    """What a person is across services, read once for a list: the organisations they
    represent and the services they are a vetted helper of."""

    represents: frozenset[int]
    vetted_in: frozenset[int]


def standing_of(user: User) -> Standing:
    """Two queries, however many requests a list shows."""
    if not user.is_authenticated:
        return Standing(frozenset(), frozenset())
    return Standing(
        represents=frozenset(
            Representative.objects.filter(user_id=user.pk).values_list("organisation_id", flat=True)
        ),
        vetted_in=frozenset(
            Helper.objects.filter(user_id=user.pk, status=HelperStatus.VETTED).values_list(
                "service_id", flat=True
            )
        ),
    )


def request_parties(
    help_request: HelpRequest, user: User, *, standing: Standing | None = None
) -> Parties:
    """Who `user` is for this request, and the contact details they may see: the resident
    and coordinators always, the helper once it is assigned to them, nobody else. Lists pass
    the person's `standing` (read once) so that each row costs no query."""
    standing = standing or standing_of(user)
    service = help_request.service
    is_resident = user.pk == help_request.resident_id
    is_helper = help_request.helper_id is not None and user.pk == help_request.helper_id
    is_coordinator = (
        user.is_authenticated
        and user.is_active
        and (
            user.is_moderator
            or service.coordinator_id == user.pk
            or service.organisation_id in standing.represents
        )
    )
    may_accept = (
        not is_helper
        and not is_resident
        and help_request.status == RequestStatus.OPEN
        and service.routing == Routing.POOL
        and service.pk in standing.vetted_in
    )
    sees_contact = (
        is_resident
        or is_coordinator
        or (is_helper and help_request.status in (RequestStatus.ASSIGNED, RequestStatus.DONE))
    )
    helper = help_request.helper
    return Parties(
        is_resident=is_resident,
        is_helper=is_helper,
        is_coordinator=bool(is_coordinator),
        may_accept=may_accept,
        address=help_request.address if sees_contact else "",
        phone=help_request.phone if sees_contact else "",
        helper_name=helper.full_name if helper is not None else "",
    )


def _requests() -> QuerySet[HelpRequest]:
    return HelpRequest.objects.select_related(
        "service", "service__organisation", "resident", "helper"
    )


def visible_request(*, public_id: UUID | str, user: User) -> tuple[HelpRequest, Parties] | None:
    """A request `user` may see (resident, helper, coordinator, or a pool helper while it
    is open), with what they may see of it; None otherwise (the page answers 404)."""
    help_request = _requests().filter(public_id=public_id).first()
    if help_request is None or not user.is_authenticated:
        return None
    parties = request_parties(help_request, user)
    if not (parties.may_write or parties.may_accept):
        return None
    return help_request, parties


def my_requests(user: User) -> QuerySet[HelpRequest]:
    """The requests a resident sent (or that were sent for them), newest first."""
    return _requests().filter(resident_id=user.pk).order_by("-created_at", "-pk")


def helper_work(user: User) -> tuple[list[HelpRequest], list[HelpRequest]]:
    """(the requests given to `user`, still to do; the open pool requests they could take
    today or later) — two queries."""
    today = town_today()
    mine = list(
        _requests()
        .filter(helper_id=user.pk, status=RequestStatus.ASSIGNED)
        .order_by("needed_on", "pk")
    )
    vetted = Helper.objects.filter(
        service=OuterRef("service"), user_id=user.pk, status=HelperStatus.VETTED
    )
    open_pool = list(
        _requests()
        .filter(status=RequestStatus.OPEN, service__routing=Routing.POOL, needed_on__gte=today)
        .filter(Exists(vetted))
        .exclude(resident_id=user.pk)
        .order_by("needed_on", "pk")[:100]
    )
    return mine, open_pool


def service_requests(service: Service) -> QuerySet[HelpRequest]:
    """The coordinator's list: everything not yet finished first, then the latest."""
    return _requests().filter(service=service).order_by("status", "needed_on", "pk")


def coordinated_services(user: User) -> QuerySet[Service]:
    """The services `user` coordinates or represents (the moderators: all)."""
    services = Service.objects.select_related("organisation")
    if user.is_moderator:
        return services.order_by("title")
    return (
        services.filter(
            Q(coordinator_id=user.pk) | Q(organisation__representatives__user_id=user.pk)
        )
        .distinct()
        .order_by("title")
    )


def requests_visible_to(user: User) -> QuerySet[HelpRequest]:
    """Every request `user` may open: their own, those given to them, those of the services
    they coordinate, and the open pool requests of services where they are a vetted helper
    (the network managers: all). `request_parties` then decides what they see of each."""
    requests = _requests()
    if not user.is_authenticated:
        return requests.none()
    if user.is_moderator:
        return requests
    vetted = Helper.objects.filter(
        service=OuterRef("service"), user_id=user.pk, status=HelperStatus.VETTED
    )
    return requests.filter(
        Q(resident_id=user.pk)
        | Q(helper_id=user.pk)
        | Q(service__coordinator_id=user.pk)
        | Q(service__organisation__representatives__user_id=user.pk)
        | (Q(status=RequestStatus.OPEN, service__routing=Routing.POOL) & Q(Exists(vetted)))
    ).distinct()
