"""The demo's 30 orders, in every state, made through the state machine by the demo's
residents and its businesses (who answer from their e-mail links: `ByLink`), with the fee
postings that follow from the town's rule.

The story: the town started with the fee due at confirmation and later moved it to
completion (the default), both through `update_shop_settings`; the oldest orders keep the
first rule (orders copy it), so one of them, cancelled after confirmation, shows a reversal.

The state machine works in the present (an appointment must lie ahead), so each order is
made now and then moved into the past with a queryset update of its timestamps and those of
its events, here in the demo only. The ledger's rows cannot be backdated (PostgreSQL refuses
any change to them), so the steps that post or reverse a fee are given their moment
(`now=`): each fee is dated when its order was confirmed or completed. Every event is
marked as mailed, so the mail tasks queued on commit send nothing for this history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from billing.fees.rules import FeeDue
from portal.accounts.models import Role, User

from .models import ContactBy, Offer, Order, OrderEvent, OrderStatus, PriceModel, ShopSettings
from .services.orders import (
    ByLink,
    accept_order,
    cancel_order,
    complete_order,
    confirm_order,
    decline_order,
    expire_order,
    request_offer,
)
from .services.settings import update_shop_settings

S = OrderStatus
Action = OrderEvent.Action


@dataclass(frozen=True)
class DemoOrder:
    offer: str  # the offer's title
    state: str  # the state it ends in
    days_ago: float  # when it was requested
    need: str
    cancelled_by: str = ""  # "resident" or "provider", for a cancelled one
    early: bool = False  # requested under the first rule (fee due at confirmation)


# Oldest first. Open ones are recent (a request waits 48 hours for its answer).
ORDERS: list[DemoOrder] = [
    DemoOrder("Fenster putzen", S.COMPLETED, 80, "Sechs Fenster im Erdgeschoss.", early=True),
    DemoOrder("Rasen mähen", S.COMPLETED, 76, "Rasen hinter dem Haus, etwa 200 m².", early=True),
    DemoOrder(
        "Zimmer streichen",
        S.CANCELLED,
        72,
        "Kinderzimmer in Hellgrün.",
        cancelled_by="resident",
        early=True,
    ),
    DemoOrder("Fahrrad-Inspektion", S.COMPLETED, 66, "Damenrad, Bremsen quietschen."),
    DemoOrder("Medizinische Fußpflege", S.COMPLETED, 58, "Bitte mit Hausbesuch-Beratung."),
    DemoOrder("Hecke schneiden", S.DECLINED, 55, "Thujahecke, 25 m lang, 2,50 m hoch."),
    DemoOrder("Hilfe am Computer und Handy", S.COMPLETED, 49, "Videoanruf mit den Enkeln."),
    DemoOrder("Elektro-Reparatur", S.EXPIRED, 45, "Zwei Steckdosen in der Küche ohne Strom."),
    DemoOrder("Frühstücksbrötchen ans Haus", S.COMPLETED, 40, "Sechs Brötchen, Mo–Sa."),
    DemoOrder("Fahrt zum Arzt", S.COMPLETED, 34, "Zur Hausärztin und zurück."),
    DemoOrder("Haarschnitt zu Hause (Damen)", S.DECLINED, 30, "Waschen und Schneiden."),
    DemoOrder(
        "Wohnung putzen", S.CANCELLED, 27, "Drei Zimmer, Küche, Bad.", cancelled_by="provider"
    ),
    DemoOrder("Türen und Fenster reparieren", S.EXPIRED, 24, "Haustür schließt nicht mehr."),
    DemoOrder("Hose kürzen", S.COMPLETED, 20, "Zwei Anzughosen um 3 cm."),
    DemoOrder("Neues Handy einrichten", S.DECLINED, 16, "Kontakte vom alten Handy."),
    DemoOrder("Gemüsekiste vom Hof", S.EXPIRED, 12, "Jede Woche eine Kiste."),
    DemoOrder("E-Check für Wohnungen", S.CONFIRMED, 9, "Dreizimmerwohnung, Baujahr 1972."),
    DemoOrder("Hauswirtschaftliche Hilfe", S.CONFIRMED, 8, "Zweimal pro Woche zwei Stunden."),
    DemoOrder("Pedelec-Check", S.CONFIRMED, 6, "Akku hält nicht mehr lange."),
    DemoOrder("Haarschnitt zu Hause (Herren)", S.CONFIRMED, 5, "Für meinen Vater im Heim."),
    DemoOrder("Begleitung zum Arzt", S.CONFIRMED, 4, "Termin beim Augenarzt."),
    DemoOrder(
        "Malerarbeiten nach Stunden",
        S.CANCELLED,
        3.5,
        "Heizkörper lackieren.",
        cancelled_by="resident",
    ),
    DemoOrder("Laub räumen im Herbst", S.ACCEPTED, 3, "Vorgarten und Einfahrt."),
    DemoOrder("Fensterreinigung Einfamilienhaus", S.ACCEPTED, 2.5, "Zwölf Fenster."),
    DemoOrder("Drucker und WLAN einrichten", S.ACCEPTED, 2, "Drucker druckt nicht mehr."),
    DemoOrder("Einkaufsfahrt", S.ACCEPTED, 1.5, "Jeden Donnerstag zum Markt."),
    DemoOrder("Fassadenanstrich", S.REQUESTED, 1.2, "Einfamilienhaus, etwa 180 m² Fassade."),
    DemoOrder("Wallbox installieren", S.REQUESTED, 0.9, "Garage mit Starkstrom vorhanden."),
    DemoOrder("Betreuung zu Hause", S.REQUESTED, 0.6, "Für meine Mutter, nachmittags."),
    DemoOrder("Brötchen-Lieferdienst", S.REQUESTED, 0.3, "Auch die Zeitung mitbringen?"),
]
STREETS = ["Lindenweg", "Keplerstraße", "Stuttgarter Straße", "Am Stadtgraben", "Hausener Weg"]


def _residents() -> list[User]:
    """The demo's plain residents who can take part (not staff, not businesses)."""
    people = User.objects.people().filter(
        is_active=True, is_managed=False, email_verified_at__isnull=False
    )
    return [
        person
        for person in people.order_by("pk")
        if person.can_participate
        and not (person.is_town_admin or person.is_moderator or person.has_role(Role.PROVIDER))
    ]


def _rule_arguments(row: ShopSettings, **changes: Any) -> dict[str, Any]:
    rule = row.rule()
    return {
        "fee_kind": rule.kind,
        "fee_due": rule.due,
        "flat_cents": rule.flat_cents,
        "basis_points": rule.basis_points,
        "minimum_cents": rule.minimum_cents,
        "maximum_cents": rule.maximum_cents,
        "request_expiry_hours": row.request_expiry_hours,
        "providers_need_approval": row.providers_need_approval,
        **changes,
    }


def _window(start: datetime, hours: int = 2) -> dict[str, str]:
    start = start.replace(minute=0, second=0, microsecond=0)
    return {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}


OPEN = (S.REQUESTED, S.ACCEPTED, S.CONFIRMED)


def _past_appointment(spec: DemoOrder, now: datetime) -> datetime:
    requested = now - timedelta(days=spec.days_ago)
    return (requested + timedelta(days=4)).replace(hour=9, minute=0, second=0)


def _moments(
    spec: DemoOrder, now: datetime, *, appointment: datetime | None, confirmed: bool
) -> dict[str, datetime]:
    """When each step of the order happened in the demo's story."""
    requested = now - timedelta(days=spec.days_ago)
    answered = requested + timedelta(hours=5)
    confirmed_at = answered + timedelta(hours=20)
    return {
        Action.REQUESTED: requested,
        Action.ACCEPTED: answered,
        Action.DECLINED: answered,
        Action.EXPIRED: requested + timedelta(hours=48, minutes=10),
        Action.CONFIRMED: confirmed_at,
        Action.COMPLETED: (appointment or confirmed_at) + timedelta(hours=3),
        Action.CANCELLED: (confirmed_at if confirmed else answered) + timedelta(days=1),
    }


def _backdate(order: Order, spec: DemoOrder, now: datetime) -> None:
    """Move the order and its events into the past (see the module's note); an open order
    keeps its appointment ahead and stays within its answer time."""
    keep = order.status in OPEN
    appointment = order.appointment_start
    if appointment is not None and not keep:
        appointment = _past_appointment(spec, now)
    times = _moments(spec, now, appointment=appointment, confirmed=bool(order.confirmed_at))
    requested, answered = times[Action.REQUESTED], times[Action.ACCEPTED]
    happened = set(order.events.values_list("action", flat=True))
    fields: dict[str, Any] = {
        "requested_at": requested,
        "expires_at": requested + timedelta(hours=48),
        "updated_at": max(times[action] for action in happened if action in times),
    }
    if order.answered_at:
        fields["answered_at"] = answered
    if not keep:
        if appointment is not None:
            fields["appointment_start"] = appointment
            fields["appointment_end"] = appointment + timedelta(hours=2)
        fields["windows"] = [_window(appointment or requested + timedelta(days=3))]
    step: str
    for name, step in (
        ("confirmed_at", Action.CONFIRMED),
        ("completed_at", Action.COMPLETED),
        ("cancelled_at", Action.CANCELLED),
    ):
        if getattr(order, name):
            fields[name] = times[step]
    Order.objects.filter(pk=order.pk).update(**fields)
    for done in happened:
        if done in times:
            OrderEvent.objects.filter(order=order, action=done).update(created_at=times[done])


def _declared_value(offer: Offer) -> int | None:
    """What the business declares when it accepts (a percentage fee is taken of it): the
    flat price as it is, two hours at an hourly rate, a typical quote."""
    if offer.price_model == PriceModel.FLAT:
        return None  # the request copied the flat price already
    if offer.price_model == PriceModel.HOURLY and offer.price_cents:
        return offer.price_cents * 2
    return 25000


def _make(spec: DemoOrder, offer: Offer, resident: User, number: int, now: datetime) -> Order:
    place = f"{STREETS[number % len(STREETS)]} {number + 2}, 71263 Weil der Stadt"
    ahead = now + timedelta(days=2 + number % 9, hours=number % 5)
    phone = number % 4 == 0
    order = request_offer(
        offer=offer,
        by=resident,
        need=spec.need,
        windows=[_window(ahead), _window(ahead + timedelta(days=1))],
        place=place,
        contact_by=ContactBy.PHONE if phone else ContactBy.EMAIL,
        contact_phone=f"07033 {60100 + number}" if phone else "",
    )
    business = ByLink(provider=offer.provider)
    if spec.state == S.EXPIRED:
        Order.objects.filter(pk=order.pk).update(expires_at=now - timedelta(minutes=1))
        expire_order(order=order)
    elif spec.state == S.DECLINED:
        decline_order(order=order, by=business, reason="Leider in diesem Zeitraum ausgebucht.")
    elif spec.state != S.REQUESTED:
        window = _window(ahead)
        accept_order(
            order=order,
            by=business,
            start=window["start"],
            end=window["end"],
            declared_value_cents=_declared_value(offer),
        )
        confirmed = spec.state in (S.CONFIRMED, S.COMPLETED) or spec.early
        # An open order keeps its appointment ahead (see _backdate); the rest lie in the past.
        appointment = None if spec.state in OPEN else _past_appointment(spec, now)
        when = _moments(spec, now, appointment=appointment, confirmed=confirmed)
        if confirmed:
            confirm_order(order=order, by=resident, now=when[Action.CONFIRMED])
        if spec.state == S.COMPLETED:
            complete_order(order=order, by=business, now=when[Action.COMPLETED])
        elif spec.state == S.CANCELLED and spec.cancelled_by == "resident":
            cancel_order(
                order=order,
                by=resident,
                reason="Wir ziehen um, der Auftrag entfällt.",
                now=when[Action.CANCELLED],
            )
        elif spec.state == S.CANCELLED:
            cancel_order(
                order=order,
                by=business,
                reason="Krankheitsbedingt, bitte entschuldigen Sie.",
                now=when[Action.CANCELLED],
            )
    order.refresh_from_db()
    _backdate(order, spec, now)
    return order


def load_orders() -> int:
    """Make the demo's orders once (none if the town has orders or lacks people); how many."""
    if Order.objects.exists():
        return 0
    residents = _residents()
    admin = User.objects.people().filter(roles__contains=[Role.TOWN_ADMIN]).order_by("pk").first()
    offers = {offer.title: offer for offer in Offer.objects.select_related("provider")}
    if not residents or any(spec.offer not in offers for spec in ORDERS):
        return 0
    now = timezone.now()
    start = ShopSettings.current()
    story = admin is not None and start.rule().due == FeeDue.COMPLETION
    if story:
        assert admin is not None
        update_shop_settings(by=admin, **_rule_arguments(start, fee_due=FeeDue.CONFIRMATION))
    for number, spec in enumerate(ORDERS):
        if story and not spec.early:
            assert admin is not None
            update_shop_settings(by=admin, **_rule_arguments(start))
            story = False
        _make(spec, offers[spec.offer], residents[number % len(residents)], number, now)
    # The history is not mailed again: the tasks queued on commit find nothing to send.
    OrderEvent.objects.filter(mailed_at__isnull=True).update(mailed_at=now)
    return len(ORDERS)
