"""Forms of the shop's pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms_fields import EuroField

from .images import MAX_UPLOAD_BYTES, PHOTO_MAX_BYTES
from .models import (
    AVAILABILITY_MAX,
    OFFER_DESCRIPTION_MAX,
    OFFER_TITLE_MAX,
    Category,
    PriceModel,
    Provider,
    Trade,
)

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

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("The photo is too large; please upload at most 5 MB."))
        return image


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


class OfferForm(forms.Form):
    """An offer as its business describes it; the price in euros, gross (incl. VAT)."""

    title = forms.CharField(label=_("Title"), max_length=OFFER_TITLE_MAX)
    description = forms.CharField(
        label=_("Description"),
        max_length=OFFER_DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    category = forms.ChoiceField(label=_("Category"))
    price_model = forms.ChoiceField(
        label=_("How is the price given?"), choices=PriceModel.choices, widget=forms.RadioSelect
    )
    price_cents = EuroField(
        label=_("Price in euros, incl. VAT"),
        required=False,
        help_text=_(
            'The gross price residents pay, including VAT, e.g. "39,50". For an hourly rate, '
            "the price per hour. Leave empty for 'price on request'."
        ),
    )
    duration_minutes = forms.IntegerField(
        label=_("Estimated duration in minutes"), required=False, min_value=1
    )
    districts = forms.CharField(
        label=_("Districts"),
        max_length=2000,
        required=False,
        help_text=_("Separated by commas, e.g. Merklingen, Schafhausen."),
    )
    availability_note = forms.CharField(
        label=_("When you are available"),
        max_length=AVAILABILITY_MAX,
        required=False,
        help_text=_("e.g. Mondays to Fridays from 8 to 17 o'clock."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category: Any = self.fields["category"]
        category.choices = [
            ("", _("Please choose")),
            *Category.objects.filter(is_active=True).values_list("slug", "name"),
        ]

    def clean(self) -> dict[str, Any]:
        # Said here too, so that one answer names it beside the form's own problems.
        data = super().clean() or {}
        model, cents = data.get("price_model"), data.get("price_cents")
        if model == PriceModel.QUOTE and cents is not None:
            self.add_error(
                "price_cents",
                _("With 'price on request' there is no price; please leave the amount empty."),
            )
        elif model in (PriceModel.HOURLY, PriceModel.FLAT) and "price_cents" not in self.errors:
            if cents is None:
                self.add_error("price_cents", _("Please enter the price in euros, including VAT."))
            elif cents <= 0:
                self.add_error("price_cents", _("The price must be more than 0 euros."))
        return data

    def offer_fields(self) -> dict[str, Any]:
        """The cleaned values as `services.create_offer` / `update_offer` take them."""
        return self.offer_fields_of(self.cleaned_data)

    @staticmethod
    def offer_fields_of(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": data["title"],
            "description": data["description"],
            "category": data["category"],
            "price_model": data["price_model"],
            "price_cents": data["price_cents"],
            "duration_minutes": data["duration_minutes"],
            "districts": data["districts"],
            "availability_note": data["availability_note"],
        }

    @staticmethod
    def initial_of(offer: Any) -> dict[str, Any]:
        return {
            "title": offer.title,
            "description": offer.description,
            "category": offer.category.slug,
            "price_model": offer.price_model,
            "price_cents": offer.price_cents,
            "duration_minutes": offer.duration_minutes,
            "districts": ", ".join(offer.districts),
            "availability_note": offer.availability_note,
        }


# An offer's photo is asked for as a profile's is.
OfferPhotoForm = PhotoForm


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this offer?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
