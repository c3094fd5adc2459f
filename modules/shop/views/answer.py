"""The business's one-click pages from its e-mail, without logging in: the signed link is
the proof (`links`). GET shows the request and the step's form and never uses the link up
(mail scanners open links); the POST that takes the step does, and only if it succeeds.

The token is in the address, so these pages send no referrer and are never cached. With
"no-referrer" a browser posts the form with `Origin: null`, which Django's CSRF check refuses;
the view is exempt from it because the signed single-use token in the address already is
what a CSRF token proves (a forged request would have to know it). No session or log-in is
read or written here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from portal.requests import TownRequest

from ..forms_answer import AcceptForm, CompleteForm, DeclineForm, OrderAnswerForm, QuestionForm
from ..links import give_back_order_link, link_order, read_order_link
from ..models import Order
from ..services.orders import (
    ByLink,
    accept_order,
    ask_question,
    complete_order,
    decline_order,
    windows_of,
)

_Step = Callable[..., object]
STEPS: dict[str, tuple[type[OrderAnswerForm], _Step]] = {
    "accept": (AcceptForm, accept_order),
    "decline": (DeclineForm, decline_order),
    "question": (QuestionForm, ask_question),
    "complete": (CompleteForm, complete_order),
}


class _LinkGone(Exception):
    """The link was used up (or the order moved on) between showing the form and sending it."""


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


def _invalid(request: TownRequest, *, status: int) -> HttpResponse:
    return _private(render(request, "shop/answer_invalid.html", {"status": status}, status=status))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def answer_order(request: TownRequest, action: str, token: str) -> HttpResponse:
    if action not in STEPS:
        return _invalid(request, status=404)
    order = read_order_link(token=token, action=action, use=False)
    if order is None:
        genuine = link_order(token=token, action=action) is not None
        return _invalid(request, status=410 if genuine else 404)
    form_class, step = STEPS[action]
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, order=order)
        if form.is_valid():
            try:
                done = _take_step(token=token, action=action, form=form, step=step)
            except _LinkGone:
                return _invalid(request, status=410)
            except ValidationError as exc:
                _show_refusal(form, exc)
            else:
                thanks = {"order": done, "action": action}
                return _private(render(request, "shop/answer_done.html", thanks))
        status = 400
    else:
        form = form_class(order=order)
    context: dict[str, Any] = {
        "order": order,
        "action": action,
        "form": form,
        "windows": windows_of(order),
    }
    return _private(render(request, "shop/answer.html", context, status=status))


def _take_step(*, token: str, action: str, form: OrderAnswerForm, step: _Step) -> Order:
    """Use the link and take the step in one transaction; a step that did not happen, for
    whatever reason (refused, not allowed, a database error, even at commit), gives it back."""
    used = False
    try:
        with transaction.atomic():
            order = read_order_link(token=token, action=action, use=True)
            if order is None:
                raise _LinkGone
            used = True
            step(order=order, by=ByLink(order.provider), **form.step_arguments())
    except BaseException:
        if used:
            give_back_order_link(token=token)
        raise
    order.refresh_from_db()
    return order


def _show_refusal(form: OrderAnswerForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for argument, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(form.error_field(argument), error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
