"""Forms of the account pages; the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tenants.models import ResidencyPolicy, Town

from . import throttle
from .models import User

PASSWORD_MAX_LENGTH = 200


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "E-mail address or password is not right. Please try again; letters of the "
            "password must match exactly (capital and small)."
        ),
        "inactive": _("This account is blocked. Please contact the town's network manager."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        email = str(self.cleaned_data.get("username") or "")
        ip = throttle.client_ip(self.request)
        locked = throttle.begin_attempt(email=email, ip=ip)
        if locked == throttle.Locked.ADDRESS:
            raise ValidationError(
                _(
                    "Too many wrong attempts for this address. For your safety, please wait 15 "
                    "minutes or choose a new password with “Forgot your password?”."
                ),
                code="locked",
            )
        if locked == throttle.Locked.CONNECTION:
            raise ValidationError(
                _(
                    "Too many log-in attempts from your connection. For your safety, please "
                    "wait 15 minutes and try again."
                ),
                code="locked",
            )
        cleaned: dict[str, Any] = super().clean()
        if email:
            throttle.attempt_succeeded(email=email, ip=ip)
        return cleaned

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if getattr(user, "status", None) == User.Status.BLOCKED:
            raise ValidationError(self.error_messages["inactive"], code="inactive")


def _district_choices(town: Town) -> list[tuple[str, Any]]:
    return [("", _("– please choose –")), *((d, d) for d in town.districts)]


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits and not a common password."),
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postcode has five digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    invitation_code = forms.CharField(label=_("Invitation code"), max_length=32, required=False)

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        district.choices = _district_choices(town)
        if not town.districts:
            del self.fields["district"]
        if town.residency_policy == ResidencyPolicy.POSTCODE:
            self.fields["postcode"].required = True
        if town.residency_policy != ResidencyPolicy.INVITATION:
            del self.fields["invitation_code"]
        else:
            self.fields["invitation_code"].required = True


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        required=False,
        error_messages={"invalid": _("A postcode has five digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, town: Town, user: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "full_name": user.full_name,
                "phone": user.phone,
                "postcode": user.postcode,
                "district": user.district,
                "language": user.language,
            },
        )
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        assert isinstance(district, forms.ChoiceField)
        district.choices = _district_choices(town)
        if not town.districts:
            del self.fields["district"]


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("So that nobody else can move your account to their address."),
    )
