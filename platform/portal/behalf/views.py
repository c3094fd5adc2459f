"""The network manager's "Helping residents" pages, and the resident's own list of consents.

People are looked up by public id in the current town's schema only: another town's id is
a 404. The services decide what is allowed; the views map their refusals onto the forms.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.models import Role, User
from portal.accounts.permissions import role_required
from portal.accounts.services import delete_account as delete_account_for_them
from portal.forms_views import post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import selectors, services
from .forms import ConsentForm, InvitationForm, ManagedResidentForm
from .scopes import scope_label, scopes_of_current_town

network_manager_required = role_required(Role.MODERATOR)


def _person(public_id: UUID) -> User:
    person = selectors.person_for(public_id=public_id)
    if person is None:
        raise Http404
    return person


@network_manager_required
@require_GET
def index(request: TownRequest) -> HttpResponse:
    query = str(request.GET.get("q", "")).strip()[:100]
    return render(
        request,
        "behalf/index.html",
        {"people": selectors.people_helped(query=query), "q": query},
    )


@network_manager_required
@require_http_methods(["GET", "POST"])
def create(request: TownRequest) -> HttpResponse:
    form = ManagedResidentForm(request.POST or None, districts=list(request.tenant.districts))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.create_managed_resident(
                created_by=request.user,
                full_name=data["full_name"],
                address=data["address"],
                phone=data["phone"],
                postcode=data["postcode"],
                district=data["district"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s has been added. Now record their consent.") % {"name": person}
            )
            return redirect("behalf:consent", public_id=person.public_id)
    return render(
        request,
        "behalf/form.html",
        {
            "form": form,
            "title": _("Add a person without internet"),
            "intro": _(
                "For people who have no e-mail address or are not online. You vouch that the "
                "person lives in the town. They get no password."
            ),
            "submit": _("Add the person"),
        },
        status=400 if form.errors else 200,
    )


@network_manager_required
@require_GET
def person(request: TownRequest, public_id: UUID) -> HttpResponse:
    someone = _person(public_id)
    consents = list(selectors.consents_of(someone))
    return render(
        request,
        "behalf/person.html",
        {
            "person": someone,
            "consents": [(c, [scope_label(s) for s in c.scopes]) for c in consents],
            "actions": selectors.actions_for(
                actor=request.user,
                person=someone,
                enabled_modules=list(request.tenant.enabled_modules),
            ),
            "invite_form": InvitationForm() if someone.is_managed else None,
            "may_delete": selectors.deletion_refusal(actor=request.user, person=someone) is None,
        },
    )


@network_manager_required
@require_http_methods(["GET", "POST"])
def consent(request: TownRequest, public_id: UUID) -> HttpResponse:
    someone = _person(public_id)
    form = ConsentForm(
        request.POST or None,
        scopes=scopes_of_current_town(),
        helpers=[m for m in selectors.network_managers() if m.pk != someone.pk],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(
                recorded_by=request.user,
                person=someone,
                scopes=data["scopes"],
                given_how=data["given_how"],
                helper=form.helper_user(),
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                note=data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("behalf:person", public_id=someone.public_id)
    return render(
        request,
        "behalf/form.html",
        {
            "form": form,
            "title": _("Record the consent of %(name)s") % {"name": someone.full_name},
            "intro": _(
                "The person agrees that a network manager may do these things for them. "
                "They can take it back at any time."
            ),
            "submit": _("Record the consent"),
        },
        status=400 if form.errors else 200,
    )


@network_manager_required
@require_POST
def invite(request: TownRequest, public_id: UUID) -> HttpResponse:
    someone = _person(public_id)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_managed_resident(
                person=someone, email=form.cleaned_data["email"], invited_by=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("behalf:person", public_id=someone.public_id)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("behalf:person", public_id=someone.public_id)


@network_manager_required
@require_http_methods(["GET", "POST"])
def delete_account(request: TownRequest, public_id: UUID) -> HttpResponse:
    """Delete a managed resident's account for them (they have no password): a page of its
    own asks first; the same service as "delete my account" erases, audited for them."""
    someone = _person(public_id)
    back = reverse("behalf:person", args=[someone.public_id])
    refusal = selectors.deletion_refusal(actor=request.user, person=someone)
    if refusal is not None:
        return consent_refused(request, person=someone, message=refusal)
    name = someone.full_name
    if request.method == "POST":
        try:
            delete_account_for_them(user=someone, by=request.user)
        except (ValidationError, PermissionDenied) as exc:
            problems = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            messages.error(request, " ".join(problems))
            return redirect(back)
        messages.success(
            request, _("The account of %(name)s and their data have been deleted.") % {"name": name}
        )
        return redirect("behalf:index")
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Delete the account of %(name)s?") % {"name": name},
            "consequences": [
                _("Their address, phone number, consents and everything they posted are erased."),
                _("Their time account is kept without their name, so every balance stays right."),
                _("This cannot be undone. Please only do this when the person asked for it."),
            ],
            "confirm_label": _("Yes, delete the account"),
            "back": back,
        },
    )


@login_required
@require_POST
def revoke(request: TownRequest, public_id: UUID) -> HttpResponse:
    found = selectors.consent_for(public_id=public_id)
    # A resident may revoke only their own; others' consents do not exist for them.
    if found is None or (found.person_id != request.user.pk and not request.user.is_moderator):
        raise Http404
    own = found.person_id == request.user.pk
    return post_action(
        request,
        run=lambda: services.revoke_consent(consent=found, by=request.user),
        success=_("The consent has been revoked."),
        redirect_to=reverse("accounts:profile")
        if own
        else reverse("behalf:person", args=[found.person.public_id]),
        show_refusal=True,
    )


def consent_refused(request: TownRequest, *, person: User, message: str) -> HttpResponse:
    """The page a module shows a network manager who lacks the person's consent (403)."""
    return render(
        request, "behalf/consent_refused.html", {"person": person, "message": message}, status=403
    )
