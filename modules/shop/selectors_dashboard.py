"""Reads of a business's dashboard: open requests, upcoming appointments, its offers, how
fast it answers, and the fees it owes this month. A constant number of queries however many
orders the business has."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.expressions import Window
from django.utils import timezone

from billing.fees.selectors import provider_fees_for_month
from portal.accounts.models import User
from portal.behalf.selectors import is_network_manager
from portal.letters.periods import town_zone

from .models import Offer, Order, OrderStatus, Provider
from .selectors_response import ResponseTime, response_times

UPCOMING_DAYS = 30
# A dashboard is for today's work, not an archive: the lists are capped (the counts are not).
LIST_LIMIT = 50


@dataclass(frozen=True)
class OpenRequest:
    order: Order
    minutes_left: int  # until it expires unanswered; 0 once the time is up

    @property
    def is_urgent(self) -> bool:
        return self.minutes_left < 6 * 60


@dataclass(frozen=True)
class ProviderDashboard:
    provider: Provider
    open_requests: list[OpenRequest]
    open_count: int
    upcoming: list[Order]
    offers: Sequence[Offer]
    response: ResponseTime
    year: int
    month: int
    fees_this_month_cents: int
    # Confirmed orders whose appointment has ended, not yet marked as done.
    to_mark_done: list[Order]


def _open_requests(provider: Provider, now: datetime) -> tuple[list[OpenRequest], int]:
    # The count of all open requests rides along on every row (a window function is
    # computed before the LIMIT), so a long list costs no second query.
    orders = list(
        Order.objects.filter(provider=provider, status=OrderStatus.REQUESTED)
        .select_related("offer")
        .annotate(lq_open=Window(Count("pk")))
        .order_by("-requested_at", "-id")[:LIST_LIMIT]
    )
    listed = [
        OpenRequest(
            order=order,
            minutes_left=max(0, int((order.expires_at - now).total_seconds() // 60)),
        )
        for order in orders
    ]
    return listed, int(getattr(orders[0], "lq_open", 0)) if orders else 0


def _upcoming(provider: Provider, now: datetime) -> list[Order]:
    return list(
        Order.objects.filter(
            provider=provider,
            status__in=(OrderStatus.ACCEPTED, OrderStatus.CONFIRMED),
            appointment_end__gt=now,
            appointment_start__lt=now + timedelta(days=UPCOMING_DAYS),
        )
        .select_related("resident")
        .order_by("appointment_start", "id")[:LIST_LIMIT]
    )


def _to_mark_done(provider: Provider, now: datetime) -> list[Order]:
    return list(
        Order.objects.filter(
            provider=provider, status=OrderStatus.CONFIRMED, appointment_end__lte=now
        )
        .select_related("resident")
        .order_by("appointment_end", "id")[:LIST_LIMIT]
    )


def provider_dashboard(*, provider: Provider) -> ProviderDashboard:
    """Everything a business's dashboard shows, as of now (six queries)."""
    now = timezone.now()
    today = timezone.localdate(now, town_zone())
    open_requests, open_count = _open_requests(provider, now)
    offers = list(
        Offer.objects.filter(provider=provider)
        .select_related("category")
        .annotate(
            lq_rank=Case(
                When(status=Offer.Status.PUBLISHED, then=Value(0)),
                When(status=Offer.Status.DRAFT, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("lq_rank", "title", "id")
    )
    fees = provider_fees_for_month(
        provider_key=str(provider.public_id), year=today.year, month=today.month
    )
    return ProviderDashboard(
        provider=provider,
        open_requests=open_requests,
        open_count=open_count,
        upcoming=_upcoming(provider, now),
        offers=offers,
        response=response_times([provider.pk])[provider.pk],
        year=today.year,
        month=today.month,
        fees_this_month_cents=fees.total_cents,
        to_mark_done=_to_mark_done(provider, now),
    )


def dashboard_providers(*, user: User | AnonymousUser) -> QuerySet[Provider]:
    """The businesses whose dashboard `user` may open: their own, and for the network
    manager the profiles nobody has claimed yet (they run those for the business)."""
    if not isinstance(user, User) or not user.can_participate:
        return Provider.objects.none()
    if is_network_manager(user):
        return Provider.objects.filter(Q(owner=user) | Q(owner__isnull=True)).order_by("name")
    return Provider.objects.filter(owner=user).order_by("name")


def may_see_statement(*, user: User | AnonymousUser, provider: Provider) -> bool:
    """A business's fee statement: its owner, the network manager and the town's
    administrators (who are moderators too)."""
    if not isinstance(user, User) or not user.can_participate:
        return False
    return provider.owner_id == user.pk or is_network_manager(user)
