"""Forms of the account pages; the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from tenants.models import Town

from .models import User


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _(
            "E-mail address or password is not right. Please try again; letters must match "
            "exactly (capital and small)."
        ),
        "inactive": _("This account is blocked. Please contact the town's network manager."),
    }


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
        district.choices = [("", _("– please choose –"))] + [(d, d) for d in town.districts]
        if not town.districts:
            del self.fields["district"]
        if town.residency_policy == "postcode":
            self.fields["postcode"].required = True
        if town.residency_policy != "invitation":
            del self.fields["invitation_code"]
        else:
            self.fields["invitation_code"].required = True


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name", "phone", "postcode", "district", "language"]

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].widget = forms.Select(
            choices=[("", _("– please choose –"))] + [(d, d) for d in town.districts]
        )
