"""A resident asks for help (or the network manager asks for them on the phone); the
request's page for resident, helper and coordinator, its steps, its printable
confirmation; the helper's and the coordinator's lists."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import User
from portal.accounts.permissions import participation_required
from portal.behalf.selectors import consent_refusal, network_managers, person_for
from portal.behalf.views import consent_refused, network_manager_required
from portal.forms_views import post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from ..access import may_coordinate
from ..demand import record_demand
from ..forms import AssignForm, DoneForm, ReasonForm, RequestForm
from ..models import DemandStep, HelpRequest, RequestStatus, Service, ServiceKind
from ..scopes import REQUESTS
from ..selectors import public_services
from ..selectors_helpers import assignable_helpers
from ..selectors_requests import (
    Parties,
    coordinated_services,
    helper_work,
    my_requests,
    service_requests,
    visible_request,
)
from ..selectors_rides import rides_of
from ..services import requests as steps
from ..services.messages import mark_seen
from ..services.requests import NotEligible


def _public(slug: str) -> Service:
    service = public_services().filter(slug=slug).first()
    if service is None or service.is_rides:
        raise Http404
    return service


def alternatives(service: Service) -> list[Service]:
    """Other public services of the same kind, else any (for a refused person)."""
    others = public_services().exclude(pk=service.pk).order_by("title", "pk")
    return list(others.filter(kind=service.kind)[:5]) or list(others[:5])


def _request_page(
    request: TownRequest, *, service: Service, person: User, for_someone: bool
) -> HttpResponse:
    profile = getattr(person, "managed_profile", None)
    initial = {  # what the portal knows already, so that nobody types it twice
        "district": person.district,
        "phone": person.phone,
        "address": getattr(profile, "address", "") or "",
    }
    form = RequestForm(request.POST or None, service=service, initial=initial)
    if request.method == "GET":
        record_demand(service=service, step=DemandStep.STARTED, who=f"user:{person.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            help_request = steps.send_request(
                service=service,
                by=request.user,
                fields=form.request_fields(),
                on_behalf_of=person if for_someone else None,
            )
        except NotEligible as refused:
            return render(
                request,
                "volunteer/request_refused.html",
                {
                    "service": service,
                    "refusals": refused.refusals,
                    "alternatives": alternatives(service),
                    "network_managers": network_managers(),
                    "person": person if for_someone else None,
                },
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request has been sent."))
            if for_someone:
                return redirect("volunteer:request_confirmation", help_request.public_id)
            return redirect(help_request.get_absolute_url())
    return render(
        request,
        "volunteer/request_form.html",
        {"form": form, "service": service, "person": person if for_someone else None},
        status=400 if form.errors else 200,
    )


@participation_required
@require_http_methods(["GET", "POST"])
def request_new(request: TownRequest, slug: str) -> HttpResponse:
    return _request_page(request, service=_public(slug), person=request.user, for_someone=False)


@network_manager_required
@require_http_methods(["GET", "POST"])
def request_for(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    """The network manager takes a request on the phone, with the person's consent."""
    someone = person_for(public_id=person)
    if someone is None:
        raise Http404
    reason = consent_refusal(actor=request.user, person=someone, scope=REQUESTS)
    if reason is not None:
        return consent_refused(request, person=someone, message=reason)
    return _request_page(request, service=_public(slug), person=someone, for_someone=True)


@network_manager_required
@require_GET
def behalf_services(request: TownRequest, person: UUID) -> HttpResponse:
    """The services to ask for someone who phoned (with their consent), and their requests."""
    someone = person_for(public_id=person)
    if someone is None:
        raise Http404
    reason = consent_refusal(actor=request.user, person=someone, scope=REQUESTS)
    if reason is not None:
        return consent_refused(request, person=someone, message=reason)
    return render(
        request,
        "volunteer/behalf_services.html",
        {
            "person": someone,
            "services": public_services().exclude(kind=ServiceKind.RIDES).order_by("title")[:100],
            "help_requests": my_requests(someone)[:50],
        },
    )


def _visible(request: TownRequest, public_id: UUID) -> tuple[HelpRequest, Parties]:
    found = visible_request(public_id=public_id, user=request.user)
    if found is None:
        raise Http404
    return found


@participation_required
@require_GET
def request_detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    help_request, parties = _visible(request, public_id)
    mark_seen(request.user, help_request)
    helpers = (
        [h.user for h in assignable_helpers(help_request.service, day=help_request.needed_on)]
        if parties.is_coordinator and help_request.status == RequestStatus.OPEN
        else []
    )
    response = render(
        request,
        "volunteer/request_detail.html",
        {
            "help_request": help_request,
            "parties": parties,
            "assign_form": AssignForm(helpers=helpers) if helpers else None,
            "done_form": DoneForm(),
            # two forms with a reason on one page: their own ids, the same field name
            "refuse_form": ReasonForm(auto_id="refuse_%s"),
            "cancel_form": ReasonForm(auto_id="cancel_%s"),
        },
    )
    response["Cache-Control"] = "private, no-store"  # the address and phone number
    return response


@participation_required
@require_GET
def request_confirmation(request: TownRequest, public_id: UUID) -> HttpResponse:
    """A printable confirmation: what, when, who will come, whom to call."""
    help_request, parties = _visible(request, public_id)
    response = render(
        request,
        "volunteer/request_confirmation.html",
        {"help_request": help_request, "parties": parties},
    )
    response["Cache-Control"] = "private, no-store"  # the address and phone number
    return response


def _step(
    request: TownRequest,
    public_id: UUID,
    run: Callable[[HelpRequest], object],
    success: str,
) -> HttpResponse:
    """One step of the request's life from a button (the service decides; its refusal is
    shown on the request's page)."""
    help_request, _parties = _visible(request, public_id)
    return post_action(
        request,
        run=lambda: run(help_request),
        success=success,
        redirect_to=help_request.get_absolute_url(),
        show_refusal=True,
    )


@participation_required
@require_POST
def request_approve(request: TownRequest, public_id: UUID) -> HttpResponse:
    return _step(
        request,
        public_id,
        lambda r: steps.approve_request(help_request=r, by=request.user),
        _("The request is approved."),
    )


@participation_required
@require_POST
def request_refuse(request: TownRequest, public_id: UUID) -> HttpResponse:
    return _step(
        request,
        public_id,
        lambda r: steps.refuse_request(
            help_request=r, by=request.user, reason=request.POST.get("reason", "")
        ),
        _("The request is not approved; the resident is told why."),
    )


@participation_required
@require_POST
def request_assign(request: TownRequest, public_id: UUID) -> HttpResponse:
    def run(help_request: HelpRequest) -> object:
        chosen = _uuid(request.POST.get("helper"))
        helper = User.objects.people().filter(public_id=chosen).first() if chosen else None
        if helper is None:
            raise ValidationError(_("Please choose a helper."))
        return steps.assign_helper(help_request=help_request, by=request.user, helper=helper)

    return _step(request, public_id, run, _("The helper is assigned and the resident is told."))


def _uuid(value: object) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


@participation_required
@require_POST
def request_accept(request: TownRequest, public_id: UUID) -> HttpResponse:
    return _step(
        request,
        public_id,
        lambda r: steps.accept_request(help_request=r, helper=request.user),
        _("You have taken this request. Thank you!"),
    )


@participation_required
@require_POST
def request_done(request: TownRequest, public_id: UUID) -> HttpResponse:
    def run(help_request: HelpRequest) -> object:
        form = DoneForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Please give the hours spent, more than 0 and at most 24."))
        hours: Decimal = form.cleaned_data["hours"]
        return steps.complete_request(help_request=help_request, by=request.user, hours=hours)

    return _step(request, public_id, run, _("Thank you! The request is marked as done."))


@participation_required
@require_POST
def request_cancel(request: TownRequest, public_id: UUID) -> HttpResponse:
    return _step(
        request,
        public_id,
        lambda r: steps.cancel_request(
            help_request=r, by=request.user, reason=request.POST.get("reason", "")
        ),
        _("The request is cancelled."),
    )


@participation_required
@require_GET
def my_requests_page(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "volunteer/my_requests.html",
        {
            "help_requests": my_requests(request.user)[:100],
            "rides": rides_of(request.user)[:100],
        },
    )


@participation_required
@require_GET
def my_work(request: TownRequest) -> HttpResponse:
    mine, open_pool = helper_work(request.user)
    return render(request, "volunteer/my_work.html", {"mine": mine, "open_pool": open_pool})


@participation_required
@require_GET
def coordination(request: TownRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service.objects.select_related("organisation"), slug=slug)
    if not may_coordinate(request.user, service):
        raise PermissionDenied(_("Only the service's coordinator can do this."))
    return render(
        request,
        "volunteer/coordination.html",
        {"service": service, "help_requests": service_requests(service)[:200]},
    )


@participation_required
@require_GET
def coordinated(request: TownRequest) -> HttpResponse:
    return render(
        request, "volunteer/coordinated.html", {"services": coordinated_services(request.user)}
    )
