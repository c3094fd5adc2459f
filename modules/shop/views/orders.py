"""Order pages for the order's parties (and the network manager): one order with its history
and the steps the person may take now, each step as a POST on `post_action`/`form_page`, and
the resident's list "My orders".

An order is looked up among those the person is a party to (`visible_order`), so another
business's or another resident's order is a 404. Which side a person acts on is decided
here: the resident (or the network manager for them: `on_behalf_of`, consent checked by the
service) or the business (its owner; the network manager for a profile nobody claimed yet).
The service decides whether the step is allowed; a refusal is shown and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing.fees.rules import FeeDue, FeeRule
from portal.accounts.models import User
from portal.accounts.permissions import participation_required
from portal.forms_views import form_page, post_action
from portal.requests import TownRequest

from ..forms_orders import OTHER_TIME, AppointmentForm, CompleteForm, QuestionForm, ReasonForm
from ..models import Order, OrderStatus
from ..selectors_orders import my_orders, order_events, order_parties, visible_order
from ..services import orders as steps

S = OrderStatus
RESIDENT, BUSINESS = "resident", "business"


def order_or_404(request: TownRequest, public_id: UUID | str) -> Order:
    """The order if the user is a party to it (or acts for one); a 404 otherwise."""
    order = visible_order(public_id=public_id, user=request.user)
    if order is None:
        raise Http404
    return order


def _for_resident(request: TownRequest, order: Order) -> User | None:
    """`on_behalf_of` for a resident's step: None when the resident acts themselves."""
    return None if request.user.pk == order.resident_id else order.resident


def _side(request: TownRequest, order: Order) -> str:
    """The side of a step either party may take (cancel, complete), as the form says."""
    asked = request.POST.get("side")
    if asked in (RESIDENT, BUSINESS):
        return asked
    return RESIDENT if request.user.pk == order.resident_id else BUSINESS


def _refusal_as_message(call: Callable[[], object]) -> Callable[[], object]:
    """A PermissionDenied shown like a ValidationError: on the form, nothing changed."""

    def run() -> object:
        try:
            return call()
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc

    return run


def _window_choices(order: Order) -> list[tuple[str, str]]:
    choices = []
    for n, window in enumerate(steps.windows_of(order)):
        start = formats.date_format(window.start, "l, j. F Y, H:i")
        choices.append((str(n), f"{start} – {formats.time_format(window.end, 'H:i')}"))
    return choices


# --- pages ----------------------------------------------------------------------------------


@participation_required
@require_GET
def order_detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    order = order_or_404(request, public_id)
    parties = order_parties(request.user, order)
    context: dict[str, Any] = {
        "order": order,
        "events": list(order_events(order)),
        "parties": parties,
        "sees_place": parties.sees_place(order),
        "windows": steps.windows_of(order),
    }
    if parties.is_business and order.status == S.REQUESTED:
        context["accept_form"] = AppointmentForm(windows=_window_choices(order))
        context["decline_form"] = ReasonForm(auto_id="decline_%s")
        context["question_form"] = QuestionForm()
    if order.status in steps.OPEN_STATES:
        context["cancel_form"] = ReasonForm(auto_id="cancel_%s")
        context["cancel_business_form"] = ReasonForm(auto_id="cancel_business_%s")
    # A share of a value nobody stated yet, due at completion: only the business can mark
    # it done (it states the value then), so the resident is not offered the button.
    context["value_for_business"] = _value_still_open(order)
    if parties.is_business and order.status == S.CONFIRMED:
        context["complete_form"] = CompleteForm(
            initial={"value": _euros_initial(order.declared_value_cents)}
        )
    return render(request, "shop/order_detail.html", context)


def _value_still_open(order: Order) -> bool:
    rule = FeeRule.from_dict(order.fee_rule)
    return (
        rule.due == FeeDue.COMPLETION
        and rule.needs_declared_value
        and order.declared_value_cents is None
    )


def _euros_initial(cents: int | None) -> str:
    if cents is None:
        return ""
    return formats.number_format(cents / 100, decimal_pos=2, use_l10n=True)


@participation_required
@require_GET
def my_orders_page(request: TownRequest) -> HttpResponse:
    orders = list(my_orders(request.user))
    return render(
        request,
        "shop/my_orders.html",
        {
            "open_orders": [order for order in orders if order.status in steps.OPEN_STATES],
            "closed_orders": [order for order in orders if order.status not in steps.OPEN_STATES],
        },
    )


# --- the resident's steps -------------------------------------------------------------------


@participation_required
@require_POST
def order_confirm(request: TownRequest, public_id: UUID) -> HttpResponse:
    order = order_or_404(request, public_id)
    return post_action(
        request,
        run=lambda: steps.confirm_order(
            order=order, by=request.user, on_behalf_of=_for_resident(request, order)
        ),
        success=_("The appointment is confirmed. The order has been given."),
        redirect_to=order.get_absolute_url(),
        show_refusal=True,
    )


# --- either side ----------------------------------------------------------------------------


def _action_page(
    request: TownRequest,
    order: Order,
    *,
    form_class: type[Any],
    action: Callable[[dict[str, Any]], object],
    done: str,
    title: str,
    submit: str,
    side: str = "",
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    """One step's form on a page of its own: shown again with the errors or the refusal."""
    if form_kwargs:
        form_class = _bound_form_class(form_class, form_kwargs)
    return form_page(
        request,
        form_class=form_class,
        template="shop/order_step.html",
        action=lambda data: _refusal_as_message(lambda: action(data))(),
        done=done,
        redirect_to=order.get_absolute_url(),
        context={"order": order, "title": title, "submit": submit, "side": side},
    )


def _bound_form_class(form_class: type[Any], kwargs: dict[str, Any]) -> type[Any]:
    """`form_class` with keyword arguments fixed (form_page builds forms by class)."""

    class Fixed(form_class):
        def __init__(self, *args: Any, **more: Any) -> None:
            super().__init__(*args, **kwargs, **more)

    return Fixed


@participation_required
@require_http_methods(["GET", "POST"])
def order_cancel(request: TownRequest, public_id: UUID) -> HttpResponse:
    order = order_or_404(request, public_id)
    side = _side(request, order)

    def cancel(data: dict[str, Any]) -> object:
        if side == RESIDENT:
            return steps.cancel_order(
                order=order,
                by=request.user,
                reason=data["reason"],
                on_behalf_of=_for_resident(request, order),
            )
        if request.user.pk == order.resident_id:
            raise PermissionDenied(_("Only the business this order was sent to can do this."))
        return steps.cancel_order(order=order, by=request.user, reason=data["reason"])

    return _action_page(
        request,
        order,
        form_class=ReasonForm,
        action=cancel,
        done=_("The order has been cancelled."),
        title=_("Cancel the order"),
        submit=_("Cancel the order"),
        side=side,
    )


@participation_required
@require_http_methods(["GET", "POST"])
def order_complete(request: TownRequest, public_id: UUID) -> HttpResponse:
    order = order_or_404(request, public_id)
    side = _side(request, order)
    if side == RESIDENT:
        if request.method == "GET":
            raise Http404  # the resident's button needs no form of its own
        return post_action(
            request,
            run=lambda: steps.complete_order(
                order=order, by=request.user, on_behalf_of=_for_resident(request, order)
            ),
            success=_("Thank you. The order is marked as done."),
            redirect_to=order.get_absolute_url(),
            show_refusal=True,
        )

    def complete(data: dict[str, Any]) -> object:
        if request.user.pk == order.resident_id:
            raise PermissionDenied(_("Only the business this order was sent to can do this."))
        return steps.complete_order(
            order=order, by=request.user, declared_value_cents=data["value"]
        )

    return _action_page(
        request,
        order,
        form_class=CompleteForm,
        action=complete,
        done=_("The order is marked as done."),
        title=_("Mark the job as done"),
        submit=_("Mark as done"),
        side=BUSINESS,
    )


# --- the business's steps -------------------------------------------------------------------


@participation_required
@require_http_methods(["GET", "POST"])
def order_accept(request: TownRequest, public_id: UUID) -> HttpResponse:
    order = order_or_404(request, public_id)
    windows = steps.windows_of(order)

    def accept(data: dict[str, Any]) -> object:
        if data["choice"] == OTHER_TIME:
            appointment = data["appointment"]
            start, end = appointment["start"], appointment["end"]
        else:
            index = int(data["choice"])
            start, end = windows[index].start, windows[index].end
        return steps.accept_order(
            order=order,
            by=request.user,
            start=start,
            end=end,
            declared_value_cents=data["value"],
            text=data["text"],
        )

    return _action_page(
        request,
        order,
        form_class=AppointmentForm,
        form_kwargs={"windows": _window_choices(order)},
        action=accept,
        done=_("You have accepted. The customer is asked to confirm the appointment."),
        title=_("Accept and propose an appointment"),
        submit=_("Accept"),
    )


@participation_required
@require_http_methods(["GET", "POST"])
def order_decline(request: TownRequest, public_id: UUID) -> HttpResponse:
    order = order_or_404(request, public_id)
    return _action_page(
        request,
        order,
        form_class=ReasonForm,
        action=lambda data: steps.decline_order(
            order=order, by=request.user, reason=data["reason"]
        ),
        done=_("You have declined the request. The customer is told your reason."),
        title=_("Decline the request"),
        submit=_("Decline"),
    )


@participation_required
@require_http_methods(["GET", "POST"])
def order_question(request: TownRequest, public_id: UUID) -> HttpResponse:
    order = order_or_404(request, public_id)
    return _action_page(
        request,
        order,
        form_class=QuestionForm,
        action=lambda data: steps.ask_question(
            order=order, by=request.user, question=data["question"]
        ),
        done=_("Your question has been sent to the customer."),
        title=_("Ask the customer a question"),
        submit=_("Send the question"),
    )
