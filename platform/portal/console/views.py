"""The town console at /manage/: what a town's administrators configure themselves.

Moderators (network managers) reach only the pending approvals; everything else is for
town administrators. Users are looked up by public id in the current town's schema only,
so another town's id is a 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts import services as account_services
from portal.accounts.models import Invitation, User
from portal.accounts.selectors import pending_users
from portal.accounts.two_factor import admins_need_two_factor, set_admins_need_two_factor
from portal.branding import services as branding_services
from portal.branding.contrast import WHITE, contrast_ratio
from portal.branding.forms import BrandingForm
from portal.branding.legal import missing_pages
from portal.branding.selectors import current_branding
from portal.forms_views import post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import selectors, services
from .forms import (
    InvitationForm,
    ModulesForm,
    RejectForm,
    ResidencyForm,
    RolesForm,
    SecurityForm,
    UserSearchForm,
)
from .permissions import moderator_required, town_admin_required

USERS_PER_PAGE = 25
AUDIT_PER_PAGE = 50


def render_console(
    request: TownRequest,
    template: str,
    section: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a console page with the navigation's state (every console page uses this,
    also those of other apps such as the e-letter)."""
    full = {
        "section": section,
        "moderation_links": selectors.moderation_links(request.tenant),
        "missing_pages": missing_pages() if request.user.is_town_admin else [],
        **(context or {}),
    }
    return render(request, template, full, status=status)


def _posted(request: TownRequest) -> Any:
    """The form data of a POST, even when empty (all checkboxes unticked), else None."""
    return request.POST if request.method == "POST" else None


def _page(request: TownRequest, items: Any, per_page: int) -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


# --- branding ---------------------------------------------------------------------------


@town_admin_required
@require_http_methods(["GET", "POST"])
def branding(request: TownRequest) -> HttpResponse:
    current = current_branding()
    form = BrandingForm(
        _posted(request), request.FILES if request.method == "POST" else None, branding=current
    )
    preview = {
        "name": current.display_name,
        "primary": current.primary_colour,
        "accent": current.accent_colour,
        "unsaved": False,
    }
    if request.method == "POST" and "preview" in request.POST:
        # Shown, not saved: the colours passed the form's checks (hex codes, contrast).
        if form.is_valid():
            data = form.cleaned_data
            preview = {
                "name": data["display_name"],
                "primary": data["primary_colour"],
                "accent": data["accent_colour"],
                "unsaved": True,
            }
    elif request.method == "POST" and form.is_valid():
        try:
            branding_services.update_branding(
                branding=current,
                fields=form.branding_fields(),
                logo=form.clean_logo_result,
                remove_logo=bool(form.cleaned_data.get("remove_logo")),
                changed_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field=None)
        else:
            messages.success(request, _("The branding has been saved."))
            return redirect("console:branding")
    return render_console(
        request,
        "console/branding.html",
        "branding",
        {
            "form": form,
            "current": current,
            "primary_contrast": contrast_ratio(current.primary_colour, WHITE),
            "accent_contrast": contrast_ratio(current.accent_colour, WHITE),
            "preview": preview,
        },
    )


# --- town settings ----------------------------------------------------------------------


def _confirm_modules_off(
    request: TownRequest, *, leaving: list[Any], wanted: list[str]
) -> HttpResponse:
    """The shared confirmation page, posting the chosen modules again with "confirmed"."""
    lines = [
        f"{state.label}: {', '.join(str(c) for c in state.content)}"
        if state.content
        else str(state.label)
        for state in leaving
    ]
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Switch modules off?"),
            "intro": _("Residents will no longer see this content on the portal:"),
            "consequences": lines,
            "note": _(
                "Nothing is deleted. The content comes back as it was when you switch the "
                "module on again."
            ),
            "confirm_label": ngettext(
                "Yes, switch this module off", "Yes, switch these modules off", len(leaving)
            ),
            "back": reverse("console:modules"),
            "back_label": _("No, keep everything as it is"),
            "hidden": [*(("modules", key) for key in wanted), ("confirmed", "yes")],
        },
    )


@town_admin_required
@require_http_methods(["GET", "POST"])
def modules(request: TownRequest) -> HttpResponse:
    """Switch modules on and off; switching one off is confirmed first on a page that says
    what its content is (nothing is deleted: it comes back when the module is on again)."""
    form = ModulesForm(_posted(request), town=request.tenant)
    states = selectors.module_states(request.tenant, with_content=True)
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["modules"])
        leaving = [state for state in states if state.enabled and state.key not in wanted]
        if leaving and request.POST.get("confirmed") != "yes":
            return _confirm_modules_off(request, leaving=leaving, wanted=sorted(wanted))
        try:
            services.update_enabled_modules(
                town=request.tenant,
                modules=form.cleaned_data["modules"],
                changed_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="modules")
        else:
            messages.success(request, _("The modules have been saved."))
            return redirect("console:modules")
    return render_console(
        request,
        "console/modules.html",
        "modules",
        {"form": form, "states": states},
    )


@town_admin_required
@require_http_methods(["GET", "POST"])
def residency(request: TownRequest) -> HttpResponse:
    form = ResidencyForm(_posted(request), town=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_residency_policy(
                town=request.tenant,
                policy=form.cleaned_data["policy"],
                postcodes=form.cleaned_data["postcodes"],
                districts=form.cleaned_data["districts"],
                changed_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field=None)
        else:
            messages.success(request, _("The residency policy has been saved."))
            return redirect("console:residency")
    return render_console(request, "console/residency.html", "residency", {"form": form})


@town_admin_required
@require_http_methods(["GET", "POST"])
def security(request: TownRequest) -> HttpResponse:
    form = SecurityForm(
        _posted(request), initial={"admins_need_two_factor": admins_need_two_factor()}
    )
    if request.method == "POST" and form.is_valid():
        set_admins_need_two_factor(
            required=form.cleaned_data["admins_need_two_factor"], changed_by=request.user
        )
        messages.success(request, _("The security settings have been saved."))
        return redirect("console:security")
    return render_console(request, "console/security.html", "security", {"form": form})


# --- invitations ------------------------------------------------------------------------


@town_admin_required
@require_http_methods(["GET", "POST"])
def invitations(request: TownRequest) -> HttpResponse:
    form = InvitationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = account_services.create_invitation(
                created_by=request.user,
                max_uses=form.cleaned_data["max_uses"],
                days_valid=form.cleaned_data["days_valid"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field=None)
        else:
            messages.success(
                request,
                _("The invitation code is %(code)s. Give it to the people you invite.")
                % {"code": invitation.code},
            )
            return redirect("console:invitations")
    return render_console(
        request,
        "console/invitations.html",
        "invitations",
        {"form": form, "page": _page(request, selectors.invitations(), USERS_PER_PAGE)},
    )


@town_admin_required
@require_POST
def revoke_invitation(request: TownRequest, code: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, code=code)
    return post_action(
        request,
        run=lambda: services.revoke_invitation(invitation=invitation, revoked_by=request.user),
        success=_("The invitation %(code)s can no longer be used.") % {"code": code},
        redirect_to=reverse("console:invitations"),
    )


# --- users ------------------------------------------------------------------------------


@town_admin_required
@require_http_methods(["GET"])
def users(request: TownRequest) -> HttpResponse:
    search = UserSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    return render_console(
        request,
        "console/users.html",
        "users",
        {
            "search": search,
            "query": query,
            "page": _page(request, selectors.search_users(query), USERS_PER_PAGE),
        },
    )


@town_admin_required
@require_http_methods(["GET", "POST"])
def user_detail(request: TownRequest, public_id: UUID) -> HttpResponse:
    person = get_object_or_404(User.objects.people(), public_id=public_id)
    form = RolesForm(_posted(request), user=person)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.set_user_roles(
                user=person, roles=form.cleaned_data["roles"], changed_by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="roles")
        else:
            messages.success(
                request, _("The roles of %(name)s have been saved.") % {"name": person}
            )
            return redirect("console:user", public_id=person.public_id)
    return render_console(request, "console/user.html", "users", {"person": person, "form": form})


@town_admin_required
@require_POST
def block(request: TownRequest, public_id: UUID) -> HttpResponse:
    person = get_object_or_404(User.objects.people(), public_id=public_id)
    return post_action(
        request,
        run=lambda: account_services.block_user(
            user=person, blocked_by=request.user, reason=request.POST.get("reason", "")
        ),
        success=_("%(name)s is blocked.") % {"name": person},
        redirect_to=reverse("console:user", args=[person.public_id]),
    )


@town_admin_required
@require_POST
def unblock(request: TownRequest, public_id: UUID) -> HttpResponse:
    person = get_object_or_404(User.objects.people(), public_id=public_id)
    return post_action(
        request,
        run=lambda: account_services.unblock_user(user=person, unblocked_by=request.user),
        success=_("%(name)s is no longer blocked.") % {"name": person},
        redirect_to=reverse("console:user", args=[person.public_id]),
    )


# --- approvals (moderators too) ---------------------------------------------------------


@moderator_required
@require_http_methods(["GET"])
def approvals(request: TownRequest) -> HttpResponse:
    return render_console(
        request,
        "console/approvals.html",
        "approvals",
        {"page": _page(request, pending_users(), USERS_PER_PAGE)},
    )


@moderator_required
@require_POST
def approve(request: TownRequest, public_id: UUID) -> HttpResponse:
    person = get_object_or_404(User.objects.people(), public_id=public_id)
    return post_action(
        request,
        run=lambda: account_services.approve_user(user=person, approved_by=request.user),
        success=_("%(name)s can now take part.") % {"name": person},
        redirect_to=reverse("console:approvals"),
    )


@moderator_required
@require_http_methods(["GET", "POST"])
def reject(request: TownRequest, public_id: UUID) -> HttpResponse:
    person = get_object_or_404(
        User.objects.people(), public_id=public_id, status=User.Status.PENDING
    )
    form = RejectForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            account_services.reject_user(
                user=person, rejected_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="reason")
        else:
            messages.success(
                request,
                _("The registration of %(name)s has been rejected and the person informed.")
                % {"name": person.full_name},
            )
            return redirect("console:approvals")
    return render_console(
        request, "console/reject.html", "approvals", {"person": person, "form": form}
    )


# --- audit log --------------------------------------------------------------------------


@town_admin_required
@require_http_methods(["GET"])
def audit(request: TownRequest) -> HttpResponse:
    page = _page(request, selectors.audit_entries(), AUDIT_PER_PAGE)
    rows = selectors.audit_rows(page.object_list)
    return render_console(request, "console/audit.html", "audit", {"page": page, "rows": rows})
