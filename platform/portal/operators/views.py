"""The operator site on the bare base domain (public schema)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.parser import BytesParser
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tenants.utils import get_public_schema_name

from portal.accounts.forms import LoginForm
from portal.accounts.models import User
from tenants.addresses import town_host
from tenants.current import current_schema
from tenants.models import Town
from tenants.selectors import towns
from tenants.support import make_support_token

from . import selectors, services
from .forms import OnboardTownForm, TownSearchForm, TownStatusForm

View = Callable[..., HttpResponseBase]


def operator_required(view: View) -> View:
    """Only operators (active staff users of the public schema) reach the operator site."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if current_schema() != get_public_schema_name():
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "operators:login")
        if not (request.user.is_active and request.user.is_staff):
            # Not a redirect: the login page would send a signed-in user straight back.
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class OperatorLoginView(auth_views.LoginView):
    # The town login form: e-mail as user name, case-insensitive, failed attempts limited.
    form_class = LoginForm
    template_name = "operators/login.html"
    redirect_authenticated_user = True
    # LOGIN_REDIRECT_URL names the town home page, which the operator site does not have.
    next_page = "operators:town_list"

    def form_valid(self, form: Any) -> HttpResponse:
        if not form.get_user().is_staff:
            form.add_error(None, _("Only operators can log in here."))
            return self.form_invalid(form)
        return super().form_valid(form)


TOWNS_PER_PAGE = 50


@operator_required
def town_list(request: HttpRequest) -> HttpResponse:
    """The towns, searched, filtered and paged: the same few queries at 10 or 10,000 towns."""
    search = TownSearchForm(request.GET or None)
    context: dict[str, Any] = {"search": search}
    status = 200
    if search.is_bound and not search.is_valid():
        # No list under a wrong filter: it would look as if the filter had been applied.
        status = 400
    else:
        query = search.cleaned_data["q"] if search.is_bound else ""
        chosen = search.cleaned_data["status"] if search.is_bound else ""
        page = Paginator(selectors.find_towns(query=query, status=chosen), TOWNS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            search_is_valid=True,
            page=page,
            summaries=selectors.summarise_towns(page.object_list),
            filtered=bool(query or chosen),
            page_query=urlencode({k: v for k, v in (("q", query), ("status", chosen)) if v}),
        )
    response = render(request, "operators/town_list.html", context, status=status)
    # The support buttons post here and are redirected to a town's host; browsers apply
    # form-action to that redirect, so this page (only) may send forms on to the towns.
    port = request.get_port()
    port_part = "" if port in {"80", "443"} else f":{port}"
    town_hosts = f"{request.scheme}://*.{settings.LQ_BASE_DOMAIN}{port_part}"
    response._csp_update = {"form-action": [town_hosts]}  # type: ignore[attr-defined]
    return response


@operator_required
def onboard(request: HttpRequest) -> HttpResponse:
    form = OnboardTownForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            town = services.provision_town(
                slug=data["slug"],
                name=data["name"],
                admin_email=data["admin_email"],
                admin_name=data["admin_name"],
                contact_email=data["contact_email"],
                postcodes=data["postcodes"],
                districts=data["districts"],
                default_language=data["default_language"],
                residency_policy=data["residency_policy"],
                enabled_modules=data["enabled_modules"],
            )
        except ValidationError as exc:
            field = {
                "reserved": "slug",
                "taken": "slug",
                "too_long": "slug",
                "empty": "slug",
                "not_dns_safe": "slug",
                "admin_email": "admin_email",
                "contact_email": "contact_email",
                "empty_name": "name",
            }.get(exc.code or "")
            for message in exc.messages:
                form.add_error(field, message)
        else:
            messages.success(
                request,
                _("%(name)s is ready at %(host)s; the administrator has been e-mailed a link.")
                % {"name": town.name, "host": town_host(town.slug)},
            )
            return redirect("operators:town_list")
    return render(request, "operators/onboard.html", {"form": form})


@dataclass(frozen=True)
class LifecycleStep:
    change: Callable[..., Town]
    title: StrPromise
    consequence: StrPromise
    button: StrPromise
    danger: bool


LIFECYCLE_STEPS = {
    "suspend": LifecycleStep(
        change=services.suspend_town,
        title=gettext_lazy("Suspend %(name)s"),
        consequence=gettext_lazy(
            "Residents will see a page saying that the portal is temporarily unavailable. "
            "Nothing is deleted; you can still open the town as support."
        ),
        button=gettext_lazy("Yes, suspend the town"),
        danger=True,
    ),
    "reactivate": LifecycleStep(
        change=services.reactivate_town,
        title=gettext_lazy("Reactivate %(name)s"),
        consequence=gettext_lazy("Residents can use the portal again at once."),
        button=gettext_lazy("Yes, reactivate the town"),
        danger=False,
    ),
    "archive": LifecycleStep(
        change=services.archive_town,
        title=gettext_lazy("Archive %(name)s"),
        consequence=gettext_lazy(
            "The portal closes: its address shows “page not found” to everyone, support "
            "included. The data is kept for export, and the town can be restored."
        ),
        button=gettext_lazy("Yes, archive the town"),
        danger=True,
    ),
    "restore": LifecycleStep(
        change=services.restore_town,
        title=gettext_lazy("Restore %(name)s"),
        consequence=gettext_lazy(
            "The portal opens again at its address, with everything it had when it was archived."
        ),
        button=gettext_lazy("Yes, restore the town"),
        danger=False,
    ),
}


@operator_required
def change_status(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    """A confirmation page with a required reason, then the lifecycle change (audited)."""
    step = LIFECYCLE_STEPS.get(action)
    if step is None:
        raise Http404
    town = get_object_or_404(towns(), slug=slug)
    operator = request.user
    if not isinstance(operator, User):
        raise PermissionDenied
    if town.status not in services.ALLOWED_FROM[action]:
        messages.error(
            request,
            _("This cannot be done while %(name)s has the status “%(status)s”.")
            % {"name": town.name, "status": town.get_status_display()},
        )
        return redirect("operators:town_list")
    form = TownStatusForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            step.change(town=town, operator=operator, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s is now %(status)s.")
                % {"name": town.name, "status": town.get_status_display()},
            )
        return redirect("operators:town_list")
    return render(
        request,
        "operators/change_status.html",
        {
            "town": town,
            "step": step,
            "title": str(step.title) % {"name": town.name},
            "form": form,
            "history": selectors.town_history(town),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@operator_required
def support_enter(request: HttpRequest, slug: str) -> HttpResponse:
    town: Town = get_object_or_404(towns().exclude(status=Town.Status.ARCHIVED), slug=slug)
    token = make_support_token(schema_name=town.schema_name, operator_email=request.user.email)  # type: ignore[union-attr, arg-type]
    port = request.get_port()
    port_part = "" if port in {"80", "443"} else f":{port}"
    host = town_host(town.slug)
    return HttpResponseRedirect(f"{request.scheme}://{host}{port_part}/support/enter/{token}/")


def _sent_at(message: Any) -> datetime | None:
    """The Date header as an aware datetime (the template shows it in Europe/Berlin)."""
    header = message["Date"]
    return getattr(header, "datetime", None) if header is not None else None


@operator_required
def outbox(request: HttpRequest, name: str = "") -> HttpResponse:
    """Local development only: the e-mails the OutboxBackend wrote to disk."""
    folder = settings.LQ_OUTBOX_DIR
    if settings.EMAIL_BACKEND != "portal.mail.OutboxBackend":
        raise Http404
    files = sorted(folder.glob("*.eml"), reverse=True) if folder.exists() else []
    parser = BytesParser(policy=policy.default)
    if name:
        match = [f for f in files if f.name == name]
        if not match:
            raise Http404
        message = parser.parsebytes(match[0].read_bytes())
        body = message.get_body(preferencelist=("plain",))
        return render(
            request,
            "operators/outbox_message.html",
            {
                "message": message,
                "sent_at": _sent_at(message),
                "body": body.get_content() if body else "",
            },
        )
    items = []
    for path in files[:200]:
        message = parser.parsebytes(path.read_bytes(), headersonly=True)
        items.append(
            {
                "name": path.name,
                "to": message["To"],
                "subject": message["Subject"],
                "sent_at": _sent_at(message),
            }
        )
    return render(request, "operators/outbox.html", {"items": items})
