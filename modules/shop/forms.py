"""Forms of the shop's pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .images import MAX_UPLOAD_BYTES
from .models import Provider, Trade

_meta: Any = Provider._meta


def _max(name: str) -> int:
    return int(_meta.get_field(name).max_length)


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=_max("name"))
    trade = forms.ChoiceField(label=_("Trade"), choices=Trade.choices)
    description = forms.CharField(
        label=_("What your business does"),
        max_length=_max("description"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    request_email = forms.EmailField(
        label=_("E-mail for requests"),
        help_text=_("Requests from residents are sent here; it may differ from your login."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=_max("phone"), required=False)
    address = forms.CharField(label=_("Address"), max_length=_max("address"), required=False)
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=_max("opening_hours"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    districts = forms.CharField(
        label=_("Districts served"),
        max_length=2000,
        required=False,
        help_text=_("Separated by commas, e.g. Merklingen, Schafhausen."),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 3 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The logo is too large; please upload at most 3 MB."))
        return logo

    def profile_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.fields if name != "logo"}
        data["districts"] = [d.strip() for d in data["districts"].split(",") if d.strip()]
        return data
