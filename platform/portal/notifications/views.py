"""The inbox, the e-mail preferences and the one-click unsubscribe page."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.forms_views import post_action
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import selectors, services
from .forms import PreferencesForm
from .unsubscribe import unsubscribe_target

PER_PAGE = 20


@login_required
@require_GET
def inbox(request: TownRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread": selectors.unread_count(request.user)},
    )


def _back_to_inbox(request: TownRequest) -> str:
    page = request.POST.get("page", "")
    suffix = f"?page={page}" if page.isdigit() else ""
    return reverse("notifications:inbox") + suffix


@login_required
@require_POST
def mark_read(request: TownRequest, public_id: UUID) -> HttpResponse:
    if not selectors.inbox(request.user).filter(public_id=public_id).exists():
        raise Http404  # another person's, another town's, or none at all
    return post_action(
        request,
        run=lambda: services.mark_read(user=request.user, public_id=str(public_id)),
        success=_("Marked as read."),
        redirect_to=_back_to_inbox(request),
    )


@login_required
@require_POST
def mark_all_read(request: TownRequest) -> HttpResponse:
    return post_action(
        request,
        run=lambda: services.mark_all_read(user=request.user),
        success=_("All notifications are marked as read."),
        redirect_to=reverse("notifications:inbox"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: TownRequest) -> HttpResponse:
    if request.method != "POST":
        form = PreferencesForm(user=request.user)
        return render(request, "notifications/preferences.html", {"form": form})
    form = PreferencesForm(request.POST, user=request.user)
    if form.is_valid():
        # Every posted name is passed on, so a kind that does not exist is refused, not ignored.
        chosen = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
        try:
            services.set_preferences(user=request.user, choices=chosen)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your choices are saved."))
            return HttpResponseRedirect(reverse("notifications:preferences"))
    return render(request, "notifications/preferences.html", {"form": form}, status=400)


# A mail program's one-click unsubscribe (RFC 8058) POSTs "List-Unsubscribe=One-Click" to the
# link without a session or a CSRF token, so this one view is exempt. That is safe: the
# signed token in the address is the proof, and all it can do is switch its one kind off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: TownRequest, token: str) -> HttpResponse:
    found = unsubscribe_target(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    person, kind = found
    context = {"kind": kind, "token": token}
    if request.method == "POST":
        changed = services.unsubscribe(user=person, kind_key=kind.key)
        return render(request, "notifications/unsubscribed.html", {**context, "changed": changed})
    already = services.is_unsubscribed(user=person, kind_key=kind.key)
    return render(request, "notifications/unsubscribe.html", {**context, "already": already})
