"""Forms of the directory pages; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .images import MAX_UPLOAD_BYTES
from .models import Category, Kind, Offering, Organisation

_org = Organisation._meta
_off = Offering._meta


def _max(meta: Any, name: str) -> int:
    return int(meta.get_field(name).max_length)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *Category.choices],
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=_max(_org, "name"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    description = forms.CharField(
        label=_("What you are and what you do"),
        max_length=_max(_org, "description"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose up to five."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=_max(_org, "contact_name"), required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=_max(_org, "phone"), required=False)
    website = forms.URLField(
        label=_("Website"), max_length=_max(_org, "website"), required=False, assume_scheme="https"
    )
    address = forms.CharField(label=_("Address"), max_length=_max(_org, "address"), required=False)
    meeting_times = forms.CharField(
        label=_("Meeting or opening times"),
        max_length=_max(_org, "meeting_times"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
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
    """The profile's fields from a valid OrganisationForm's data, as the services take them."""
    data = {k: v for k, v in cleaned.items() if k != "logo"}
    data["categories"] = list(data.get("categories") or [])
    return data


class OfferingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=_max(_off, "title"))
    description = forms.CharField(
        label=_("Description"),
        max_length=_max(_off, "description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    schedule = forms.CharField(
        label=_("When"),
        max_length=_max(_off, "schedule"),
        required=False,
        help_text=_("For example: every first Saturday, 10 to 13 o'clock"),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the new representative"))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class SettingsForm(forms.Form):
    review_period_days = forms.IntegerField(
        label=_("Review period in days"),
        min_value=30,
        max_value=1825,
        help_text=_(
            "Representatives are reminded when their profile has not been confirmed for this "
            "long, and residents see that it may be out of date."
        ),
    )
    reminder_interval_days = forms.IntegerField(
        label=_("Days between reminders"), min_value=7, max_value=365
    )
