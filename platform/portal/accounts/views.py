"""Account pages of a town: register, log in and out, verify, reset password, profile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.branding.legal import has_privacy_statement
from portal.requests import TownRequest
from portal.validation import add_service_errors

from . import services, throttle
from .forms import EmailChangeForm, LoginForm, ProfileForm, RegistrationForm
from .models import User
from .tokens import check_password_token, read_verification_token

_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _link_page(response: HttpResponse) -> HttpResponse:
    # Never tell another site the address (it may hold the token); our own pages may see it.
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def register(request: TownRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if not has_privacy_statement():
        # Nobody hands over personal data before the town says what it does with it.
        return render(request, "accounts/registration_closed.html")
    form = RegistrationForm(request.POST or None, town=request.tenant)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register_resident(
                email=data["email"],
                password=data["password"],
                full_name=data["full_name"],
                postcode=data.get("postcode") or "",
                district=data.get("district") or "",
                invitation_code=data.get("invitation_code") or "",
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field="password")
        else:
            # A pending or unconfirmed resident may log in and look around at once.
            login(request, user, backend=_BACKEND)
            messages.success(
                request,
                _(
                    "Welcome! We have sent you an e-mail: please click the link in it to confirm "
                    "your address."
                ),
            )
            return redirect("home")
    return render(request, "accounts/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify(request: TownRequest, token: str) -> HttpResponse:
    # Opening the link only shows a "Confirm" button: mail scanners open links, and they must
    # not confirm an address for a person who never saw the mail.
    data = read_verification_token(token)
    user = None
    if data is not None:
        try:
            user = User.objects.filter(public_id=UUID(data[0])).first()
        except ValueError:
            user = None
    if data is None or user is None:
        return _link_page(render(request, "accounts/verify_failed.html", status=400))
    if request.method == "GET":
        return _link_page(render(request, "accounts/verify_confirm.html", {"email": data[1]}))
    try:
        services.verify_email(user=user, email=data[1])
    except ValidationError:
        return _link_page(render(request, "accounts/verify_failed.html", status=400))
    messages.success(request, _("Thank you, your e-mail address is confirmed."))
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def resend_verification(request: TownRequest) -> HttpResponse:
    if request.method == "POST" and request.user.email_verified_at is None:
        if not throttle.allow_mail("verify", request.user.email or ""):
            messages.error(
                request,
                _(
                    "We have already sent several links in the last hour. Please check your "
                    "inbox (and the spam folder), or try again later."
                ),
            )
            return redirect("home")
        services.send_verification_email(user=request.user)
        messages.success(request, _("We have sent the link again. Please check your inbox."))
        return redirect("home")
    return render(request, "accounts/resend_verification.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: TownRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, town=request.tenant, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_profile(
                user=request.user,
                full_name=data["full_name"],
                phone=data.get("phone") or "",
                postcode=data.get("postcode") or "",
                district=data.get("district") or "",
                language=data.get("language") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field=None)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request: TownRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_email(
                user=request.user,
                new_email=form.cleaned_data["new_email"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, default_field=None)
        else:
            messages.success(
                request,
                _(
                    "Your e-mail address has been changed. Please confirm it with the link we "
                    "have sent to the new address."
                ),
            )
            return redirect("accounts:profile")
    return render(request, "accounts/change_email.html", {"form": form})


class TownPasswordResetForm(PasswordResetForm):
    """Sends the reset link from a task, with the town's branding, keyed by public id."""

    def get_users(self, email: str) -> Iterator[Any]:
        # Unlike Django's form, include people who never chose a password (a town's first
        # administrator whose welcome link expired); blocked accounts get nothing.
        users = User.objects.filter(email__iexact=email.strip(), is_active=True).exclude(
            status=User.Status.BLOCKED
        )
        return iter(users)

    def save(self, *args: Any, **kwargs: Any) -> None:
        email = self.cleaned_data["email"]
        # The page says the same either way: it must not tell whether an account exists.
        if not throttle.allow_mail("reset", email):
            return
        for user in self.get_users(email):
            services.send_set_password_email(user=user)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = TownPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


# The link's token moves from the address into the session and the browser is sent to an
# address without it (Django's PasswordResetConfirmView does the same): the page a person
# submits then carries no secret, so it may send a same-origin Referer. With "no-referrer"
# Chromium posted the form with `Origin: null`, which the CSRF check refused.
_PASSWORD_TOKEN_SESSION_KEY = "_lq_password_token"  # noqa: S105 (a key name)
PASSWORD_SET_MARKER = "choose"  # noqa: S105 (stands for the token)


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: TownRequest, public_id: UUID, token: str) -> HttpResponse:
    # The public id is looked up in this town's schema only: another town's link is a 404.
    user = User.objects.filter(public_id=public_id, is_active=True).first()
    if user is None:
        raise Http404
    if token != PASSWORD_SET_MARKER:
        if not check_password_token(user, token):
            return _link_page(render(request, "accounts/password_reset_invalid.html", status=400))
        request.session[_PASSWORD_TOKEN_SESSION_KEY] = token
        return _link_page(
            redirect("accounts:password_reset_confirm", public_id, PASSWORD_SET_MARKER)
        )
    session_token = str(request.session.get(_PASSWORD_TOKEN_SESSION_KEY, ""))
    if not check_password_token(user, session_token):
        return _link_page(render(request, "accounts/password_reset_invalid.html", status=400))
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_password_from_link(user=user, password=form.cleaned_data["new_password1"])
        del request.session[_PASSWORD_TOKEN_SESSION_KEY]
        messages.success(request, _("Your new password is set. You can log in now."))
        return redirect("accounts:login")
    return _link_page(render(request, "accounts/password_reset_confirm.html", {"form": form}))
