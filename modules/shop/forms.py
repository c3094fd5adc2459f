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
        return profile_fields(self.cleaned_data)


def profile_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The profile's fields from a valid ProviderForm's data, as the services take them."""
    data = {name: value for name, value in cleaned.items() if name != "logo"}
    data["districts"] = [d.strip() for d in data.get("districts", "").split(",") if d.strip()]
    return data


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("PNG, JPEG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What the photo shows"),
        max_length=200,
        required=False,
        help_text=_(
            "A short sentence for people who cannot see the photo, e.g. "
            '"Our workshop from the street".'
        ),
    )


class ClipForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a video"),
        required=False,
        help_text=_("MP4 or WebM, at most %(max)d MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    link = forms.CharField(
        label=_("Or the address of a video on YouTube or Vimeo"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    description = forms.CharField(
        label=_("What the video shows"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown beside the video for people who cannot watch it."),
    )

    def __init__(self, *args: Any, max_mb: int = 50, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("MP4 or WebM, at most %(max)d MB.") % {"max": max_mb}
