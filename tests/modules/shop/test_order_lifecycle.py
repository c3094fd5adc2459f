"""The order's whole life, table-driven over `STEPS`: every step from every state (allowed
or refused with a message and no change), who may take each step, bad input in every text
and time, and concurrency with real threads (accept vs. cancel, two accepts, 20 completions
of one order → one fee)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from billing.fees.selectors import contributing_orders, fund_balance
from modules.shop.models import Offer, Order, OrderEvent, OrderStatus, Provider
from modules.shop.services import orders as steps
from modules.shop.services.orders import (
    STEPS,
    ByLink,
    accept_order,
    ask_question,
    cancel_order,
    check_windows,
    complete_order,
    confirm_order,
    decline_order,
    expire_order,
)
from portal.accounts.models import Role, User
from portal.validation import Errors
from tests.factories import UserFactory
from tests.factories.shop import (
    OfferFactory,
    ProviderFactory,
    make_order,
    requests_consent,
    soon,
)

S = OrderStatus
A = OrderEvent.Action


@pytest.fixture
def offer(painter: Provider) -> Offer:
    return OfferFactory(provider=painter)


# --- getting an order into each state -------------------------------------------------------


def _order_in(status: str, *, offer: Offer, resident: User) -> Order:
    order = make_order(offer=offer, resident=resident)
    link = ByLink(offer.provider)
    window = order.windows[0]
    if status in (S.ACCEPTED, S.CONFIRMED, S.COMPLETED):
        accept_order(order=order, by=link, start=window["start"], end=window["end"])
    if status in (S.CONFIRMED, S.COMPLETED):
        confirm_order(order=order, by=resident)
    if status == S.COMPLETED:
        complete_order(order=order, by=link)
    if status == S.DECLINED:
        decline_order(order=order, by=link, reason="Keine Zeit")
    if status == S.CANCELLED:
        cancel_order(order=order, by=resident, reason="Umzug")
    if status == S.EXPIRED:
        Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(hours=1))
        expire_order(order=order)
    order.refresh_from_db()
    assert order.status == status
    return order


def _take(action: str, order: Order, resident: User) -> Any:
    """Take `action` as the side that normally takes it."""
    link = ByLink(order.provider)
    if action == A.ACCEPTED:
        return accept_order(order=order, by=link, **soon(days=9))
    if action == A.DECLINED:
        return decline_order(order=order, by=link, reason="Ausgebucht")
    if action == A.EXPIRED:
        # The answer time is over and a proposed time (if any) has begun: due either way.
        past = timezone.now() - timedelta(hours=1)
        Order.objects.filter(pk=order.pk).update(expires_at=past)
        Order.objects.filter(pk=order.pk, appointment_start__isnull=False).update(
            appointment_start=past
        )
        return expire_order(order=order)
    if action == A.CONFIRMED:
        return confirm_order(order=order, by=resident)
    if action == A.COMPLETED:
        return complete_order(order=order, by=link)
    if action == A.CANCELLED:
        return cancel_order(order=order, by=resident, reason="Doch nicht nötig")
    raise AssertionError(action)


EVERY_STEP_FROM_EVERY_STATE = [
    (action, status) for action in STEPS for status in OrderStatus.values
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), EVERY_STEP_FROM_EVERY_STATE)
def test_every_step_from_every_state(action, status, offer, resident) -> None:
    # given an order in `status`
    order = _order_in(status, offer=offer, resident=resident)
    events_before = order.events.count()
    sources, target = STEPS[action]
    if status in sources:
        # when the step is allowed, the order moves and the event says who did it
        _take(action, order, resident)
        order.refresh_from_db()
        assert order.status == target
        event = order.events.last()
        assert event is not None
        assert (event.action, event.from_status, event.to_status) == (action, status, target)
        assert order.events.count() == events_before + 1
    elif action == A.EXPIRED:
        # the expiry task finds nothing to do
        assert _take(action, order, resident) is None
        order.refresh_from_db()
        assert order.status == status
    else:
        # else it is refused with a message and nothing changes
        with pytest.raises(ValidationError) as refused:
            _take(action, order, resident)
        assert refused.value.messages and refused.value.messages[0].endswith(".")
        order.refresh_from_db()
        assert order.status == status
        assert order.events.count() == events_before


@pytest.mark.django_db
@pytest.mark.parametrize("status", OrderStatus.values)
def test_a_question_only_while_the_request_is_open(status, offer, resident) -> None:
    order = _order_in(status, offer=offer, resident=resident)
    if status == S.REQUESTED:
        ask_question(order=order, by=ByLink(order.provider), question="Welcher Stock?")
        assert order.events.filter(action=A.QUESTION).count() == 1
    else:
        with pytest.raises(ValidationError):
            ask_question(order=order, by=ByLink(order.provider), question="Welcher Stock?")
        assert not order.events.filter(action=A.QUESTION).exists()


# --- who may take each step -----------------------------------------------------------------


@pytest.fixture
def people(offer: Offer, resident: User, owner: User, other_provider: User, moderator: User):
    ProviderFactory(owner=other_provider, name="Andere Firma", slug="andere-firma")
    helper = UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="helfer@example.org")
    requests_consent(person=resident, recorded_by=moderator)
    return {
        "resident": (resident, None),
        "network manager with consent": (helper, resident),
        "network manager without consent": (moderator, UserFactory(email="ohne@example.org")),
        "owner": (owner, None),
        "own link": (ByLink(offer.provider), None),
        "other business": (other_provider, None),
        "other business's link": (ByLink(ProviderFactory()), None),
        "stranger": (UserFactory(email="fremd@example.org"), None),
    }


BUSINESS = {"owner", "own link"}
RESIDENT_SIDE = {"resident", "network manager with consent"}
WHO_MAY = {
    A.ACCEPTED: (S.REQUESTED, BUSINESS),
    A.DECLINED: (S.REQUESTED, BUSINESS),
    A.QUESTION: (S.REQUESTED, BUSINESS),
    A.CONFIRMED: (S.ACCEPTED, RESIDENT_SIDE),
    A.COMPLETED: (S.CONFIRMED, BUSINESS | RESIDENT_SIDE),
    A.CANCELLED: (S.ACCEPTED, BUSINESS | RESIDENT_SIDE),
}
ACTORS = [
    "resident",
    "network manager with consent",
    "network manager without consent",
    "owner",
    "own link",
    "other business",
    "other business's link",
    "stranger",
]


def _as(action: str, order: Order, by: Any, for_whom: User | None) -> None:
    behalf = {"on_behalf_of": for_whom} if for_whom is not None else {}
    if action == A.ACCEPTED:
        accept_order(order=order, by=by, **soon(days=9))
    elif action == A.DECLINED:
        decline_order(order=order, by=by, reason="Keine Zeit")
    elif action == A.QUESTION:
        ask_question(order=order, by=by, question="Welcher Stock?")
    elif action == A.CONFIRMED:
        # A link cannot confirm: the service refuses it even where the types would not.
        confirm_order(order=order, by=by, **behalf)
    elif action == A.COMPLETED:
        complete_order(order=order, by=by, **behalf)
    elif action == A.CANCELLED:
        cancel_order(order=order, by=by, reason="Geht nicht", **behalf)


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(WHO_MAY))
def test_who_may_take_each_step(action, actor, people, offer, resident) -> None:
    start, allowed = WHO_MAY[action]
    order = _order_in(start, offer=offer, resident=resident)
    before = order.events.count()
    by, for_whom = people[actor]
    if actor in allowed:
        _as(action, order, by, for_whom)
        assert order.events.count() == before + 1
        event = order.events.last()
        assert event is not None
        if actor == "network manager with consent":
            assert (event.side, event.actor, event.on_behalf_of) == (
                OrderEvent.Side.NETWORK_MANAGER,
                by,
                resident,
            )
        if actor == "own link":
            assert event.via_link and event.actor is None
    else:
        with pytest.raises(PermissionDenied):
            _as(action, order, by, for_whom)
        order.refresh_from_db()
        assert order.status == start
        assert order.events.count() == before


@pytest.mark.django_db
def test_the_network_manager_acts_for_a_business_nobody_claimed(moderator, resident) -> None:
    unclaimed = ProviderFactory(owner=None)
    order = make_order(offer=OfferFactory(provider=unclaimed), resident=resident)
    decline_order(order=order, by=moderator, reason="Inhaber im Urlaub")
    order.refresh_from_db()
    assert order.status == S.DECLINED


@pytest.mark.django_db
def test_only_the_business_states_the_value(offer, resident) -> None:
    order = _order_in(S.CONFIRMED, offer=offer, resident=resident)
    with pytest.raises(PermissionDenied):
        complete_order(order=order, by=resident, declared_value_cents=100)
    order.refresh_from_db()
    assert order.status == S.CONFIRMED


# --- bad input ------------------------------------------------------------------------------

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"need": ""}, "need"),
        ({"need": "   "}, "need"),
        ({"need": "x" * 2001}, "need"),
        ({"place": ""}, "place"),
        ({"place": "x" * 301}, "place"),
        ({"place": "Zeile\nZwei"}, "place"),
        ({"note": "x" * 1001}, "note"),
        ({"need": "\u200b\u200b"}, "need"),
        ({"need": "a\x00b"}, "need"),
        ({"windows": []}, "windows"),
        ({"windows": [soon(days=2), soon(days=3), soon(days=4), soon(days=5)]}, "windows"),
        ({"windows": [soon(days=-2)]}, "windows"),
        ({"windows": [soon(days=400)]}, "windows"),
        ({"windows": [{"start": soon()["end"], "end": soon()["start"]}]}, "windows"),
        ({"windows": [{"start": "2027-02-30T10:00:00+01:00", "end": "x"}]}, "windows"),
        ({"windows": [{"start": 5, "end": None}]}, "windows"),
        ({"windows": "morgen"}, "windows"),
        ({"contact_by": "pigeon"}, "contact_by"),
        ({"contact_by": "phone"}, "contact_phone"),
        ({"contact_phone": SCRIPT}, "contact_phone"),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_stored(changes, field, offer, resident) -> None:
    with pytest.raises(ValidationError) as refused:
        make_order(offer=offer, resident=resident, **changes)
    assert field in refused.value.message_dict
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_every_problem_is_reported_at_once(offer, resident) -> None:
    with pytest.raises(ValidationError) as refused:
        make_order(offer=offer, resident=resident, need="", place="", windows=[])
    assert {"need", "place", "windows"} <= set(refused.value.message_dict)


@pytest.mark.django_db
def test_markup_is_stored_as_text_and_kept_as_typed(offer, resident) -> None:
    order = make_order(offer=offer, resident=resident, need=SCRIPT, note=SCRIPT, place=SCRIPT)
    decline_order(order=order, by=ByLink(offer.provider), reason=SCRIPT)
    order.refresh_from_db()
    assert order.need == order.note == order.place == order.reason == SCRIPT


@pytest.mark.django_db
@pytest.mark.parametrize(
    "times",
    [
        {"start": soon(days=-1)["start"], "end": soon(days=-1)["end"]},
        {"start": soon()["end"], "end": soon()["start"]},
        soon(days=3, hours=24 * 15),
        {"start": "2027-13-01T10:00:00", "end": "2027-13-01T11:00:00"},
    ],
)
def test_a_bad_appointment_is_refused(times, offer, resident) -> None:
    order = make_order(offer=offer, resident=resident)
    with pytest.raises(ValidationError) as refused:
        accept_order(order=order, by=ByLink(offer.provider), **times)
    assert "appointment" in refused.value.message_dict
    order.refresh_from_db()
    assert (order.status, order.appointment_start) == (S.REQUESTED, None)


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "  ", "x" * 501, "\x07"])
def test_a_decline_or_cancel_needs_a_short_reason(reason, offer, resident) -> None:
    order = make_order(offer=offer, resident=resident)
    for call in (
        lambda: decline_order(order=order, by=ByLink(offer.provider), reason=reason),
        lambda: cancel_order(order=order, by=resident, reason=reason),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert "reason" in refused.value.message_dict
    order.refresh_from_db()
    assert order.status == S.REQUESTED


@pytest.mark.django_db
@pytest.mark.parametrize("value", [0, -5, True, "12", 10**12])
def test_a_bad_declared_value_is_refused(value, offer, resident) -> None:
    order = make_order(offer=offer, resident=resident)
    with pytest.raises(ValidationError) as refused:
        accept_order(order=order, by=ByLink(offer.provider), declared_value_cents=value, **soon())
    assert "declared_value_cents" in refused.value.message_dict
    order.refresh_from_db()
    assert order.status == S.REQUESTED


def test_check_windows_names_each_bad_window() -> None:
    errors = Errors()
    check_windows([soon(days=-1), {"start": "x", "end": "y"}], errors)
    assert errors.errors["windows"] == [
        "Time 1 lies in the past.",
        "Time 2 needs a start and an end.",
    ]


# --- concurrency ----------------------------------------------------------------------------

SCHEMA = "scratch_shop_order_races"


def _in_threads(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run each call in its own thread and connection, released at once; results or errors."""
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[Any] = [None] * len(calls)

    def worker(number: int) -> None:
        try:
            connection.set_schema(SCHEMA)
            barrier.wait()
            results[number] = calls[number]()
        except BaseException as failure:  # the refusals are the point
            results[number] = failure
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _winners(results: list[Any]) -> list[Any]:
    unexpected = [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, ValidationError)
    ]
    assert not unexpected, unexpected
    return [r for r in results if not isinstance(r, BaseException)]


@pytest.mark.django_db(transaction=True)
def test_concurrent_steps_have_exactly_one_winner(monkeypatch) -> None:
    from tests.scratch_schema import scratch_schema

    # The e-mails' task runs in a registered town; this scratch schema is none, and the
    # races are about the order's row, so the mails are not queued here.
    monkeypatch.setattr(steps, "enqueue_on_commit", lambda *args, **kwargs: None)
    with scratch_schema(SCHEMA):
        resident = UserFactory(email="kundin@example.org")
        painter = ProviderFactory(
            owner=UserFactory(email="maler@example.org", roles=[Role.PROVIDER])
        )
        offer = OfferFactory(provider=painter)
        link = ByLink(painter)

        # accept vs. cancel at the same moment: the steps are taken one after the other
        # under the row lock. Cancelling first refuses the accept; accepting first leaves
        # an accepted order, which the resident may still cancel. Either way the order
        # ends cancelled and its history is one unbroken chain (no step lost or doubled).
        order = make_order(offer=offer, resident=resident)
        results = _in_threads(
            [
                lambda: accept_order(order=order, by=link, **soon(days=5)),
                lambda: cancel_order(order=order, by=resident, reason="Doch nicht"),
            ]
        )
        won = _winners(results)
        order.refresh_from_db()
        assert order.status == S.CANCELLED
        chain = list(order.events.values_list("from_status", "to_status"))
        assert all(after[0] == before[1] for before, after in pairwise(chain))
        assert len(chain) == 1 + len(won)
        if len(won) == 1:  # the cancel came first: the accept was refused with a message
            assert isinstance(results[0], ValidationError)
            assert "cancelled" in results[0].messages[0]

        # accept vs. decline: both start only from "requested", so exactly one wins
        order = make_order(offer=offer, resident=resident)
        results = _in_threads(
            [
                lambda: accept_order(order=order, by=link, **soon(days=5)),
                lambda: decline_order(order=order, by=painter.owner, reason="Ausgebucht"),
            ]
        )
        assert len(_winners(results)) == 1
        order.refresh_from_db()
        assert order.status in (S.ACCEPTED, S.DECLINED)
        assert order.events.exclude(action=A.REQUESTED).count() == 1

        # two accepts with different times: one appointment
        order = make_order(offer=offer, resident=resident)
        results = _in_threads(
            [
                lambda: accept_order(order=order, by=link, **soon(days=5)),
                lambda: accept_order(order=order, by=painter.owner, **soon(days=6)),
            ]
        )
        assert len(_winners(results)) == 1
        assert order.events.filter(action=A.ACCEPTED).count() == 1

        # 20 completions of one confirmed order: one completion, one fee
        window = order.windows[0]
        order.refresh_from_db()
        confirm_order(order=order, by=resident)
        assert window and fund_balance() == 0
        results = _in_threads(
            [
                (lambda n=n: complete_order(order=order, by=link if n % 2 else resident))
                for n in range(20)
            ]
        )
        assert len(_winners(results)) == 1
        assert order.events.filter(action=A.COMPLETED).count() == 1
        assert fund_balance() == 200
        assert contributing_orders() == 1
