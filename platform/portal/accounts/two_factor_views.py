"""Pages of the second log-in step, on the operator site and on every town's host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from tenants.current import current_town

from . import two_factor
from .models import User


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from your app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=gettext_lazy("Six digits; a new code appears every 30 seconds."),
    )


def _base_template() -> str:
    return "base.html" if current_town() is not None else "operators/base.html"


def _home() -> str:
    return reverse("home") if current_town() is not None else reverse("operators:town_list")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _home()


def _login_first(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_authenticated:
        return None
    login = "accounts:login" if current_town() is not None else "operators:login"
    # With `next=`, so that who logs in first comes back to this step, not to the home page.
    return redirect_to_login(request.get_full_path(), reverse(login))


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context = {"base_template": _base_template(), "next": _next(request), **context}
    return render(request, template, context)


def _show_errors(form: CodeForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for errors in exc.error_dict.values():
            for error in errors:
                form.add_error("code", error)
    else:
        for message in exc.messages:
            form.add_error("code", message)


@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    if (refused := _login_first(request)) is not None:
        return refused
    user: User = request.user  # type: ignore[assignment]
    if two_factor.confirmed_device(user) is not None and not user.is_verified():  # type: ignore[attr-defined]
        # A password alone must not replace the authenticator: the code comes first.
        query = urlencode({"next": reverse("two_factor:setup")})
        return redirect(f"{reverse('two_factor:verify')}?{query}")
    device = two_factor.start_two_factor_setup(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.confirm_two_factor_setup(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-step log-in is on. Keep your app at hand."))
            return redirect(_next(request))
    return _page(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_of(device),
            "uri": two_factor.setup_uri(device),
            "mandatory": two_factor.two_factor_mandatory(user),
        },
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if (refused := _login_first(request)) is not None:
        return refused
    user: User = request.user  # type: ignore[assignment]
    if two_factor.confirmed_device(user) is None:
        return redirect(f"{reverse('two_factor:setup')}?{urlencode({'next': _next(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.check_two_factor_code(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    return _page(request, "accounts/two_factor_verify.html", {"form": form})


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """The profile's part: is it on, set it up, turn it off."""
    if (refused := _login_first(request)) is not None:
        return refused
    user: User = request.user  # type: ignore[assignment]
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.turn_off_two_factor(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            _show_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Two-step log-in is off."))
            return redirect("two_factor:manage")
    return _page(
        request,
        "accounts/two_factor_manage.html",
        {
            "form": form,
            "is_on": two_factor.confirmed_device(user) is not None,
            "mandatory": two_factor.two_factor_mandatory(user),
        },
    )
