"""Account pages of a town: register, log in and out, verify, reset password, profile."""

from __future__ import annotations

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

from portal.requests import TownRequest

from . import services
from .forms import LoginForm, ProfileForm, RegistrationForm
from .models import User
from .tokens import check_password_token, read_verification_token


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def register(request: TownRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None, town=request.tenant)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_resident(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                full_name=form.cleaned_data["full_name"],
                postcode=form.cleaned_data.get("postcode") or "",
                district=form.cleaned_data.get("district") or "",
                invitation_code=form.cleaned_data.get("invitation_code") or "",
                language=request.LANGUAGE_CODE,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _(
                    "Welcome! We have sent you an e-mail: please click the link in it to confirm "
                    "your address."
                ),
            )
            return redirect("home")
    return render(request, "accounts/register.html", {"form": form})


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        target_field = "password" if "password" in form.fields else None
        for message in exc.messages:
            form.add_error(target_field, message)


def verify(request: TownRequest, token: str) -> HttpResponse:
    data = read_verification_token(token)
    user = User.objects.filter(public_id=data[0]).first() if data else None
    if data is None or user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    try:
        services.verify_email(user=user, email=data[1])
    except ValidationError:
        return render(request, "accounts/verify_failed.html", status=400)
    messages.success(request, _("Thank you, your e-mail address is confirmed."))
    return redirect("home")


@login_required
@require_http_methods(["GET", "POST"])
def resend_verification(request: TownRequest) -> HttpResponse:
    if request.method == "POST" and request.user.email_verified_at is None:
        services.send_verification_email(user=request.user)
        messages.success(request, _("We have sent the link again. Please check your inbox."))
        return redirect("home")
    return render(request, "accounts/resend_verification.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: TownRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user, town=request.tenant)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


class TownPasswordResetForm(PasswordResetForm):
    """Sends the reset link from a task, with the town's branding, keyed by public id."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        email = self.cleaned_data["email"]
        for user in self.get_users(email):
            services.send_set_password_email(user=user)


class PasswordResetView(auth_views.PasswordResetView):
    form_class = TownPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: TownRequest, public_id: UUID, token: str) -> HttpResponse:
    try:
        user = User.objects.get(public_id=public_id, is_active=True)
    except (User.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    if not check_password_token(user, token):
        return render(request, "accounts/password_reset_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your new password is set. You can log in now."))
        return redirect("accounts:login")
    return render(request, "accounts/password_reset_confirm.html", {"form": form})
