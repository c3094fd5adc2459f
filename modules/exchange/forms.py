"""Forms of the exchange pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.formatting import hours_minutes

from .models import (
    DESCRIPTION_MAX,
    MESSAGE_MAX,
    NOTE_MAX,
    REASON_MAX,
    TITLE_MAX,
    TRANSFER_MAX_MINUTES,
    Listing,
)


def duration_choices(maximum: int = 10 * 60) -> list[tuple[int, str]]:
    return [(m, hours_minutes(m, style="clock")) for m in range(15, maximum + 1, 15)]


class ListingForm(forms.Form):
    listing_type = forms.ChoiceField(
        label=_("What is it?"), choices=Listing.Type.choices, widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label=_("What do you want to do?"), choices=Listing.Kind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    minutes = forms.TypedChoiceField(
        label=_("How much time (for time and skills)"),
        choices=[("", _("— not given —")), *duration_choices()],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["listing_type"]


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Camera and location data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("What does the photo show? (for people who cannot see it)"),
        max_length=200,
        required=False,
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferForm(forms.Form):
    DIRECTIONS = [
        ("i_helped", _("I helped: I receive the time")),
        ("i_was_helped", _("I was helped: I give the time")),
    ]
    direction = forms.ChoiceField(
        label=_("Who helped whom?"), choices=DIRECTIONS, widget=forms.RadioSelect
    )
    minutes = forms.TypedChoiceField(
        label=_("Time"), choices=duration_choices(TRANSFER_MAX_MINUTES), coerce=int
    )
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """One of the people a search found, as radio buttons: name, district and address."""

    widget = forms.RadioSelect

    def label_from_instance(self, obj: Any) -> str:
        return " · ".join(part for part in (obj.full_name, obj.district, obj.email) if part)


class RecordTransferForm(forms.Form):
    payer = PersonChoiceField(
        label=_("Who was helped (gives the time)"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        error_messages={"required": _("Search for the person who was helped and choose them.")},
    )
    payee = PersonChoiceField(
        label=_("Who helped (receives the time)"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        error_messages={"required": _("Search for the helper and choose them.")},
    )
    on_behalf_of = forms.ChoiceField(
        label=_("You act for"),
        choices=[("payer", _("the person who was helped")), ("payee", _("the helper"))],
        widget=forms.RadioSelect,
    )
    minutes = forms.TypedChoiceField(
        label=_("Time"), choices=duration_choices(TRANSFER_MAX_MINUTES), coerce=int
    )
    note = forms.CharField(label=_("How was it agreed? (for the log)"), max_length=NOTE_MAX)

    def __init__(self, *args: Any, payers: Any, payees: Any, **kwargs: Any) -> None:
        """`payers` and `payees`: the people each search found; only they can be chosen."""
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = payers  # type: ignore[attr-defined]
        self.fields["payee"].queryset = payees  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("payer") and data.get("payer") == data.get("payee"):
            raise ValidationError(_("You cannot transfer time to yourself."))
        return data


class SettingsForm(forms.Form):
    listing_days = forms.IntegerField(
        label=_("Days a listing stays online"), min_value=1, max_value=365
    )
    reminder_days = forms.IntegerField(
        label=_("Days before expiry to remind the owner"), min_value=1, max_value=60
    )
    allow_negative = forms.BooleanField(label=_("Time balances may go below zero"), required=False)
    negative_limit_minutes = forms.IntegerField(
        label=_("Lowest balance allowed, in minutes below zero"),
        help_text=_("In quarter hours, for example 600 for ten hours."),
        min_value=0,
        max_value=6000,
    )
