"""Vetting pages: a volunteer joins or leaves a service and sees their own helping; the
coordinator sees the service's helpers, one helper's checks and log, and decides (each
decision a POST on `post_action`/`form_page`; the service checks the rules again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.permissions import participation_required
from portal.forms_views import form_page, post_action
from portal.letters.periods import town_today
from portal.requests import TownRequest

from ..access import require_coordinator
from ..forms_vetting import CheckForm, JoinForm, ReasonForm
from ..models import CheckKind, Helper, HelperStatus, Service, VolunteerSettings
from ..models_rides import Ride, RideStatus
from ..selectors_vetting import (
    check_states,
    helper_by_person,
    helper_groups,
    helping_of,
    vetting_log,
)
from ..services import checks as check_steps
from ..services import helpers as steps

S = HelperStatus


def _service(slug: str) -> Service:
    return get_object_or_404(Service.objects.select_related("organisation"), slug=slug)


def _coordinated(request: TownRequest, slug: str) -> Service:
    service = _service(slug)
    require_coordinator(request.user, service)
    return service


def _helper(request: TownRequest, slug: str, person: UUID) -> Helper:
    service = _coordinated(request, slug)
    helper = helper_by_person(service, person)
    if helper is None:
        raise Http404
    return helper


def _helper_url(helper: Helper) -> str:
    return reverse("volunteer:helper", args=[helper.service.slug, helper.user.public_id])


def _as_message(call: Callable[[], object]) -> Callable[[], object]:
    """A refusal shown on the form like a ValidationError: nothing changed."""

    def run() -> object:
        try:
            return call()
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from exc

    return run


# --- the volunteer ---------------------------------------------------------------------------


@participation_required
@require_http_methods(["GET", "POST"])
def join(request: TownRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(
        Service.objects.select_related("organisation"), slug=slug, is_hidden=False
    )
    current = Helper.objects.filter(service=service, user=request.user).first()
    return form_page(
        request,
        form_class=JoinForm,
        template="volunteer/join.html",
        action=lambda data: _as_message(
            lambda: steps.join_service(
                service=service, user=request.user, motivation=data["motivation"]
            )
        )(),
        done=_("Thank you! The coordinator has been told and will get in touch with you."),
        redirect_to=reverse("volunteer:my_helping"),
        context={
            "service": service,
            "current": current,
            "required": [CheckKind(kind).label for kind in service.required_checks],
        },
    )


@participation_required
@require_POST
def leave(request: TownRequest, slug: str) -> HttpResponse:
    service = _service(slug)
    helper = Helper.objects.filter(service=service, user=request.user).first()
    if helper is None:
        raise Http404
    return post_action(
        request,
        run=lambda: steps.leave_service(helper=helper, by=request.user),
        success=_("You have left “%(service)s”. Thank you for your help!")
        % {"service": service.title},
        redirect_to=reverse("volunteer:my_helping"),
        show_refusal=True,
    )


@participation_required
@require_GET
def my_helping(request: TownRequest) -> HttpResponse:
    today = town_today()
    warning_days = VolunteerSettings.current().check_warning_days
    rows: list[dict[str, Any]] = []
    # The rides still to drive, of every service (one query): the area links here.
    to_drive: dict[int, list[Ride]] = {}
    for ride in (
        Ride.objects.filter(
            driver_id=request.user.pk, status=RideStatus.ASSIGNED, starts_at__gte=timezone.now()
        )
        .select_related("service")
        .order_by("starts_at", "pk")[:200]
    ):
        to_drive.setdefault(ride.service_id, []).append(ride)
    for helper in helping_of(request.user):
        rows.append(
            {
                "helper": helper,
                "rides": to_drive.get(helper.service_id, []),
                "checks": check_states(helper, day=today, warning_days=warning_days),
                "may_leave": helper.status in (S.APPLIED, S.VETTED, S.SUSPENDED),
            }
        )
    # Ongoing helping first; refused and left ones at the end.
    rows.sort(key=lambda row: row["helper"].status in (S.REFUSED, S.LEFT))
    return render(request, "volunteer/my_helping.html", {"rows": rows})


# --- the coordinator -------------------------------------------------------------------------


@participation_required
@require_GET
def helpers(request: TownRequest, slug: str) -> HttpResponse:
    service = _coordinated(request, slug)
    today = town_today()
    warning_days = VolunteerSettings.current().check_warning_days
    return render(
        request,
        "volunteer/helpers.html",
        {
            "service": service,
            "groups": helper_groups(service, day=today, warning_days=warning_days),
            "today": today,
        },
    )


@participation_required
@require_GET
def helper_detail(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    helper = _helper(request, slug, person)
    today = town_today()
    warning_days = VolunteerSettings.current().check_warning_days
    context: dict[str, Any] = {
        "helper": helper,
        "service": helper.service,
        "checks": check_states(helper, day=today, warning_days=warning_days),
        "log": list(vetting_log(helper)),
        "missing": steps.missing_checks(helper, day=today),
        "is_self": helper.user_id == request.user.pk,
        "check_form": CheckForm(initial={"seen_on": today}),
    }
    return render(request, "volunteer/helper.html", context)


@participation_required
@require_POST
def vet(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    helper = _helper(request, slug, person)
    return post_action(
        request,
        run=lambda: steps.vet_helper(helper=helper, by=request.user),
        success=_("%(name)s is now a vetted helper.") % {"name": helper.user.full_name},
        redirect_to=_helper_url(helper),
        show_refusal=True,
    )


@participation_required
@require_POST
def reinstate(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    helper = _helper(request, slug, person)
    return post_action(
        request,
        run=lambda: steps.reinstate_helper(helper=helper, by=request.user),
        success=_("%(name)s can help again.") % {"name": helper.user.full_name},
        redirect_to=_helper_url(helper),
        show_refusal=True,
    )


def _reason_page(
    request: TownRequest,
    helper: Helper,
    *,
    run: Callable[[str], object],
    title: str,
    submit: str,
    done: str,
) -> HttpResponse:
    return form_page(
        request,
        form_class=ReasonForm,
        template="volunteer/helper_step.html",
        action=lambda data: _as_message(lambda: run(data["reason"]))(),
        done=done,
        redirect_to=_helper_url(helper),
        context={"helper": helper, "title": title, "submit": submit},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def refuse(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    helper = _helper(request, slug, person)
    return _reason_page(
        request,
        helper,
        run=lambda reason: steps.refuse_helper(helper=helper, by=request.user, reason=reason),
        title=_("Do not accept %(name)s") % {"name": helper.user.full_name},
        submit=_("Do not accept"),
        done=_("The offer was not accepted; %(name)s has been told.")
        % {"name": helper.user.full_name},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def suspend(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    helper = _helper(request, slug, person)
    return _reason_page(
        request,
        helper,
        run=lambda reason: steps.suspend_helper(helper=helper, by=request.user, reason=reason),
        title=_("Pause the help of %(name)s") % {"name": helper.user.full_name},
        submit=_("Pause"),
        done=_("%(name)s is paused and gets no requests.") % {"name": helper.user.full_name},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def record_check(request: TownRequest, slug: str, person: UUID) -> HttpResponse:
    helper = _helper(request, slug, person)
    return form_page(
        request,
        form_class=CheckForm,
        template="volunteer/check_form.html",
        action=lambda data: _as_message(
            lambda: check_steps.record_check(
                helper=helper,
                by=request.user,
                kind=data["kind"],
                seen_on=data["seen_on"],
                valid_until=data["valid_until"],
            )
        )(),
        done=_("The check has been recorded."),
        redirect_to=_helper_url(helper),
        initial={"seen_on": town_today()},
        context={"helper": helper},
    )
