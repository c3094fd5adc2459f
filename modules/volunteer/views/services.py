"""The volunteer area's pages about services: the list, one service, and the
representatives' form to offer or change one; the moderators hide and restore."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from modules.directory.models import Organisation
from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.forms_views import post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from ..access import may_manage
from ..demand import record_demand, who_of
from ..forms import ReasonForm, ServiceForm
from ..models import DemandStep, Service, ServiceKind
from ..selectors import find_services, public_services
from ..selectors_vetting import helper_by_person
from ..services.catalogue import (
    ServiceFields,
    create_service,
    hide_service,
    may_offer_for,
    restore_service,
    update_service,
)


@require_GET
def service_list(request: TownRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    kind = request.GET.get("kind", "")
    kind = kind if kind in ServiceKind.values else ""
    services = find_services(query=query, kind=kind)
    return render(
        request,
        "volunteer/service_list.html",
        {"services": services, "query": query, "kind": kind, "kinds": ServiceKind.choices},
    )


def _service_for(request: TownRequest, slug: str) -> Service:
    """A public service; a hidden or inactive one only for who manages it."""
    service = (
        Service.objects.select_related("organisation", "coordinator").filter(slug=slug).first()
    )
    if service is None:
        raise Http404
    public = public_services().filter(pk=service.pk).exists()
    if not public and not may_manage(
        request.user if request.user.is_authenticated else None, service
    ):
        raise Http404
    return service


@require_GET
def service_detail(request: TownRequest, slug: str) -> HttpResponse:
    service = _service_for(request, slug)
    record_demand(service=service, step=DemandStep.LOOKED, who=who_of(request))
    user = request.user if request.user.is_authenticated else None
    return render(
        request,
        "volunteer/service_detail.html",
        {
            "service": service,
            "manages": may_manage(user, service),
            "is_moderator": bool(user and user.is_moderator),
            "helper": helper_by_person(service, user.public_id) if user else None,
            "hide_form": ReasonForm(),
        },
    )


def _service_form_page(
    request: TownRequest,
    *,
    form: ServiceForm,
    save: Callable[[ServiceFields], Service],
    organisation: Organisation,
    service: Service | None,
) -> HttpResponse:
    """The form to offer or change a service; the service's problems land on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.fields_for(request.user))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The service is saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "volunteer/service_form.html",
        {"form": form, "organisation": organisation, "service": service},
        status=400 if form.errors else 200,
    )


@participation_required
@require_http_methods(["GET", "POST"])
def service_create(request: TownRequest, organisation: str) -> HttpResponse:
    org = get_object_or_404(Organisation, slug=organisation)
    if not may_offer_for(request.user, org):
        raise PermissionDenied(
            _("Only the representatives of an approved organisation can offer a service.")
        )
    return _service_form_page(
        request,
        form=ServiceForm(request.POST or None, organisation=org),
        save=lambda fields: create_service(organisation=org, by=request.user, fields=fields),
        organisation=org,
        service=None,
    )


@participation_required
@require_http_methods(["GET", "POST"])
def service_edit(request: TownRequest, slug: str) -> HttpResponse:
    service = _service_for(request, slug)
    if not may_manage(request.user, service):
        raise PermissionDenied(
            _("Only the organisation's representatives and the coordinator can do this.")
        )
    form = ServiceForm(
        request.POST or None,
        organisation=service.organisation,
        initial=ServiceForm.initial_of(service),
    )
    return _service_form_page(
        request,
        form=form,
        save=lambda fields: update_service(service=service, by=request.user, fields=fields),
        organisation=service.organisation,
        service=service,
    )


@role_required(Role.MODERATOR)
@require_POST
def service_hide(request: TownRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    return post_action(
        request,
        run=lambda: hide_service(
            service=service, moderator=request.user, reason=request.POST.get("reason", "")
        ),
        success=_("The service is hidden."),
        redirect_to=service.get_absolute_url(),
    )


@role_required(Role.MODERATOR)
@require_POST
def service_restore(request: TownRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    return post_action(
        request,
        run=lambda: restore_service(service=service, moderator=request.user),
        success=_("The service is shown again."),
        redirect_to=service.get_absolute_url(),
    )
