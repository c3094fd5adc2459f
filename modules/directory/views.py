"""Directory pages: search, profiles, registration, editing, representatives, moderation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal import registry
from portal.accounts.models import Role
from portal.accounts.permissions import participation_required, role_required
from portal.forms_views import form_page, post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import search, selectors, services
from .forms import (
    InvitationForm,
    OfferingForm,
    OrganisationForm,
    RejectForm,
    SearchForm,
    SettingsForm,
    profile_fields,
)
from .models import Category, Offering, Organisation, Representative

PAGE_SIZE = 20


def _editable(request: TownRequest, slug: str) -> Organisation:
    """The organisation if the user may edit it; 404 if they may not even see it."""
    organisation = selectors.visible_organisation(slug=slug, user=request.user)
    if organisation is None:
        raise Http404
    if not services.can_edit(user=request.user, organisation=organisation):
        raise PermissionDenied
    return organisation


@require_http_methods(["GET"])
def organisation_list(request: TownRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query, category = "", ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        category = form.cleaned_data["category"]
    results = selectors.find_organisations(query=query, category=category)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    settings = services.get_settings()
    items = [
        {
            "organisation": organisation,
            "headline": search.render_headline(getattr(organisation, "headline", "")),
            "outdated": organisation.may_be_outdated(settings.review_period_days),
        }
        for organisation in page.object_list
    ]
    return render(
        request,
        "directory/list.html",
        {
            "form": form if form.is_bound else SearchForm(),
            "page": page,
            "items": items,
            "query": query,
            "category": category,
            "categories": Category.choices,
            "mine": list(selectors.organisations_of(user=request.user)),
        },
    )


@require_http_methods(["GET"])
def organisation_detail(request: TownRequest, slug: str) -> HttpResponse:
    organisation = selectors.visible_organisation(slug=slug, user=request.user)
    if organisation is None:
        raise Http404
    settings = services.get_settings()
    editable = services.can_edit(user=request.user, organisation=organisation)
    return render(
        request,
        "directory/detail.html",
        {
            "organisation": organisation,
            "offerings": list(organisation.offerings.all()),
            "outdated": organisation.may_be_outdated(settings.review_period_days),
            "editable": editable,
            "changes": list(selectors.changes_of(organisation=organisation)) if editable else [],
            # Other modules' boxes (e.g. its coming events) come through the registry, so the
            # page works the same when those modules are off or not installed.
            "panels": registry.organisation_panels(organisation.slug),
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def organisation_register(request: TownRequest) -> HttpResponse:
    def register(data: dict[str, Any]) -> str:
        organisation = services.register_organisation(
            created_by=request.user, fields=profile_fields(data), logo=data.get("logo") or None
        )
        return reverse("directory:detail", args=[organisation.slug])

    return form_page(
        request,
        form_class=OrganisationForm,
        template="directory/register.html",
        action=register,
        done=_(
            "Thank you! Your organisation will be public once the town's network "
            "manager has approved it."
        ),
    )


@participation_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: TownRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    initial = {name: getattr(organisation, name) for name in services.PROFILE_FIELDS}

    def save(data: dict[str, Any]) -> object:
        logo = data.get("logo")
        return services.update_organisation(
            organisation=organisation,
            changed_by=request.user,
            fields=profile_fields(data),
            logo=logo or None,
            remove_logo=logo is False,
        )

    return form_page(
        request,
        form_class=OrganisationForm,
        template="directory/edit.html",
        action=save,
        done=_("Your changes are saved and visible now."),
        redirect_to=reverse("directory:detail", args=[organisation.slug]),
        initial=initial,
        context={"organisation": organisation},
    )


@participation_required
@require_POST
def organisation_confirm(request: TownRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    services.confirm_organisation_current(organisation=organisation, reviewed_by=request.user)
    messages.success(request, _("Thank you for confirming that the profile is up to date."))
    return redirect("directory:detail", organisation.slug)


@participation_required
@require_http_methods(["GET", "POST"])
def offering_add(request: TownRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    form = OfferingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_offering(
                organisation=organisation, added_by=request.user, fields=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The offering is saved."))
            return redirect("directory:detail", organisation.slug)
    return render(
        request, "directory/offering_form.html", {"form": form, "organisation": organisation}
    )


def _offering(organisation: Organisation, public_id: str) -> Offering:
    return get_object_or_404(Offering, organisation=organisation, public_id=public_id)


@participation_required
@require_http_methods(["GET", "POST"])
def offering_edit(request: TownRequest, slug: str, public_id: str) -> HttpResponse:
    organisation = _editable(request, slug)
    offering = _offering(organisation, public_id)
    initial = {name: getattr(offering, name) for name in services.OFFERING_FIELDS}
    form = OfferingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offering(
                offering=offering, changed_by=request.user, fields=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The offering is saved."))
            return redirect("directory:detail", organisation.slug)
    return render(
        request,
        "directory/offering_form.html",
        {"form": form, "organisation": organisation, "offering": offering},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def offering_remove(request: TownRequest, slug: str, public_id: str) -> HttpResponse:
    """Ask on a page of its own (works without JavaScript), then remove for good."""
    organisation = _editable(request, slug)
    offering = _offering(organisation, public_id)
    back = reverse("directory:detail", args=[organisation.slug])
    if request.method == "POST":
        return post_action(
            request,
            run=lambda: services.remove_offering(offering=offering, removed_by=request.user),
            success=_("The offering is removed."),
            redirect_to=back,
        )
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Remove the offering “%(title)s”?") % {"title": offering.title},
            "consequences": [
                _("Residents no longer find it on the profile of %(name)s.")
                % {"name": organisation.name},
                _("This cannot be undone; you can add it again as a new offering."),
            ],
            "confirm_label": _("Yes, remove the offering"),
            "back": back,
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def representatives(request: TownRequest, slug: str) -> HttpResponse:
    organisation = _editable(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_representative(
                organisation=organisation,
                invited_by=request.user,
                email=form.cleaned_data["email"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The invitation is on its way."))
            return redirect("directory:representatives", organisation.slug)
    return render(
        request,
        "directory/representatives.html",
        {
            "organisation": organisation,
            "form": form,
            "representatives": list(selectors.representatives_of(organisation=organisation)),
            "invitations": list(selectors.open_invitations_of(organisation=organisation)),
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def representative_remove(request: TownRequest, slug: str, user_id: str) -> HttpResponse:
    """Ask on a page of its own, then remove a representative (oneself: leave)."""
    organisation = _editable(request, slug)
    representative = get_object_or_404(
        Representative.objects.select_related("user"),
        organisation=organisation,
        user__public_id=user_id,
    )
    leaving = representative.user_id == request.user.pk
    back = reverse("directory:representatives", args=[organisation.slug])
    if request.method == "POST":
        return post_action(
            request,
            run=lambda: services.remove_representative(
                organisation=organisation, representative=representative, removed_by=request.user
            ),
            success=_("You no longer represent %(name)s.") % {"name": organisation.name}
            if leaving
            else _("The representative is removed."),
            # Having left, the person may not see a profile that is still waiting for approval.
            redirect_to=reverse("my_area") if leaving else back,
        )
    if leaving:
        title = _("Leave %(name)s?") % {"name": organisation.name}
        consequences = [
            _("You can no longer change the profile and offerings of %(name)s.")
            % {"name": organisation.name},
            _("Another representative can invite you again."),
        ]
        confirm_label = _("Yes, leave the organisation")
    else:
        title = _("Remove %(person)s as representative of %(name)s?") % {
            "person": representative.user.full_name,
            "name": organisation.name,
        }
        consequences = [
            _("%(person)s can no longer change the profile and offerings.")
            % {"person": representative.user.full_name},
            _("You can invite them again at any time."),
        ]
        confirm_label = _("Yes, remove")
    return render(
        request,
        "portal/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "confirm_label": confirm_label,
            "back": back,
        },
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request: TownRequest, token: str) -> HttpResponse:
    invitation = services.read_invitation(token)
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    error = ""
    if invitation is None:
        error = _("This invitation link is not valid or has expired.")
    elif invitation.accepted_at is not None:
        error = _("This invitation has already been used.")
    if request.method == "POST" and not error:
        try:
            services.accept_invitation(token=token, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            assert invitation is not None
            messages.success(
                request,
                _("You now represent %(name)s.") % {"name": invitation.organisation.name},
            )
            return redirect("directory:detail", invitation.organisation.slug)
    return render(
        request,
        "directory/accept_invitation.html",
        {"invitation": invitation, "error": error},
        status=400 if error else 200,
    )


@role_required(Role.MODERATOR)
@require_http_methods(["GET"])
def moderation(request: TownRequest) -> HttpResponse:
    return render(
        request,
        "directory/moderation.html",
        {"pending": list(selectors.pending_organisations()), "reject_form": RejectForm()},
    )


def _pending(slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=slug)


@role_required(Role.MODERATOR)
@require_POST
def moderation_approve(request: TownRequest, slug: str) -> HttpResponse:
    organisation = _pending(slug)
    return post_action(
        request,
        run=lambda: services.approve_organisation(
            organisation=organisation, approved_by=request.user
        ),
        success=_("%(name)s is public now.") % {"name": organisation.name},
        redirect_to=reverse("directory:moderation"),
    )


@role_required(Role.MODERATOR)
@require_http_methods(["GET", "POST"])
def moderation_reject(request: TownRequest, slug: str) -> HttpResponse:
    organisation = _pending(slug)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reject_organisation(
                organisation=organisation,
                rejected_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was rejected.") % {"name": organisation.name})
            return redirect("directory:moderation")
    return render(
        request,
        "directory/moderation_reject.html",
        {"organisation": organisation, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(Role.TOWN_ADMIN)
@require_http_methods(["GET", "POST"])
def moderation_settings(request: TownRequest) -> HttpResponse:
    current = services.get_settings()
    form = SettingsForm(
        request.POST or None,
        initial={
            "review_period_days": current.review_period_days,
            "reminder_interval_days": current.reminder_interval_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(changed_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("directory:moderation_settings")
    return render(request, "directory/settings.html", {"form": form})
