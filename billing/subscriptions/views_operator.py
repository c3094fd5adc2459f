"""The operator site's billing pages (/billing/ on the bare base domain): every town's plan,
subscription state, next invoice, open and paid invoices and dunning flag; a town's page with
the form that attaches a plan (and "send to Stripe again" after a failure); the plans; the
webhook events; the mismatches the reconciliation could not repair. Without STRIPE_API_KEY
billing is off and every page says so."""

from __future__ import annotations

import logging
from typing import Any

import stripe
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.operators.views import operator_required
from portal.validation import add_service_errors
from tenants.selectors import towns

from . import selectors, services
from .forms import AttachPlanForm, PlanForm, ResolveMismatchForm
from .models import Mismatch, TownSubscription, WebhookEvent
from .stripe_client import BillingOff, billing_enabled

logger = logging.getLogger(__name__)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    full = {
        "billing_on": billing_enabled(),
        "attention": selectors.attention_counts(),
        **context,
    }
    response: HttpResponse = render(request, template, full, status=status)
    return response


@operator_required
def overview(request: HttpRequest) -> HttpResponse:
    return _render(request, "billing/overview.html", {"rows": selectors.billing_overview()})


def _stripe_failed(request: HttpRequest, town_name: str, error: Exception) -> None:
    logger.warning("Stripe refused or failed for %s: %s", town_name, error)
    messages.error(
        request,
        _(
            "Stripe could not be reached or refused the request (%(error)s). Nothing was "
            "created twice; send the subscription to Stripe again when it is reachable."
        )
        % {"error": type(error).__name__},
    )


@operator_required
@require_http_methods(["GET", "POST"])
def town(request: HttpRequest, slug: str) -> HttpResponse:
    the_town = get_object_or_404(towns().filter(is_template=False), slug=slug)
    billing = selectors.town_billing(the_town)
    form = AttachPlanForm(
        request.POST if request.method == "POST" else None,
        plans=selectors.active_plans(),
        initial={"billing_email": the_town.contact_email} if the_town.contact_email else None,
    )
    if request.method == "POST":
        if not billing_enabled():
            messages.error(request, _("Billing is switched off: no STRIPE_API_KEY is set."))
            return redirect("billing_town", slug=slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.attach_plan(
                    town=the_town,
                    plan=data["plan"],
                    inhabitants=data["inhabitants"],
                    billing_email=data["billing_email"],
                    days_until_due=data["days_until_due"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except (stripe.StripeError, BillingOff, OSError) as error:
                _stripe_failed(request, the_town.name, error)
                return redirect("billing_town", slug=slug)
            else:
                messages.success(
                    request,
                    _("%(town)s now has the plan %(plan)s; Stripe has the subscription.")
                    % {"town": the_town.name, "plan": data["plan"].name},
                )
                return redirect("billing_town", slug=slug)
    return _render(
        request,
        "billing/town.html",
        {"billing": billing, "form": form, "town": the_town},
        status=400 if form.errors else 200,
    )


@operator_required
@require_POST
def push_again(request: HttpRequest, slug: str) -> HttpResponse:
    the_town = get_object_or_404(towns().filter(is_template=False), slug=slug)
    subscription = get_object_or_404(TownSubscription, town=the_town)
    if subscription.stripe_subscription_id:
        messages.info(request, _("Stripe has this subscription already."))
        return redirect("billing_town", slug=slug)
    try:
        services.push_subscription(subscription)
    except (stripe.StripeError, BillingOff, OSError) as error:
        _stripe_failed(request, the_town.name, error)
    else:
        messages.success(
            request, _("Stripe now has the subscription of %(town)s.") % {"town": the_town.name}
        )
    return redirect("billing_town", slug=slug)


@operator_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(**form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, _plan_errors(error))
        else:
            messages.success(
                request, _("The plan %(name)s has been created.") % {"name": plan.name}
            )
            return redirect("billing_plans")
    return _render(
        request,
        "billing/plans.html",
        {"plans": selectors.plans(), "form": form},
        status=400 if form.errors else 200,
    )


def _plan_errors(error: ValidationError) -> ValidationError:
    """The service names cents, the form euros."""
    if not hasattr(error, "error_dict"):
        return error
    names = {"base_cents": "base_euros", "band_cents": "band_euros"}
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


@operator_required
def events(request: HttpRequest) -> HttpResponse:
    outcome = request.GET.get("outcome", "")
    if outcome not in WebhookEvent.Outcome.values:
        outcome = ""
    return _render(
        request,
        "billing/events.html",
        {
            "events": selectors.recent_events(outcome=outcome),
            "outcome": outcome,
            "outcomes": WebhookEvent.Outcome.choices,
        },
    )


@operator_required
def mismatches(request: HttpRequest) -> HttpResponse:
    rows = [
        (mismatch, ResolveMismatchForm(prefix=f"m{mismatch.pk}"))
        for mismatch in selectors.open_mismatches()
    ]
    return _render(request, "billing/mismatches.html", {"rows": rows})


@operator_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    mismatch = get_object_or_404(Mismatch, pk=pk)
    form = ResolveMismatchForm(request.POST, prefix=f"m{mismatch.pk}")
    if not form.is_valid():
        messages.error(request, _("Say what was done about it before you mark it resolved."))
        return redirect("billing_mismatches")
    try:
        services.resolve_mismatch(
            mismatch_id=mismatch.pk,
            by_email=str(getattr(request.user, "email", "")),
            resolution=form.cleaned_data["resolution"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The mismatch %(id)s is marked resolved.") % {"id": mismatch.stripe_id}
        )
    return redirect("billing_mismatches")
