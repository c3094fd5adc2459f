"""The ride service's forms: booking (one ride or a series), vehicles, driving hours, and
the dispatcher's assignment. Plain fields; the services check the rules."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User

from .models import Service
from .models_rides import Frequency, Vehicle
from .ride_hours import WEEKDAYS, at_wall_clock, missing_time_problem, weekday_name


def _district_field(service: Service, label: Any) -> forms.Field:
    if service.eligible_districts:
        return forms.ChoiceField(
            label=label,
            choices=[("", "—")] + [(d, d) for d in service.eligible_districts],
            required=False,
        )
    return forms.CharField(label=label, max_length=80, required=False)


class TripForm(forms.Form):
    pickup_address = forms.CharField(
        label=_("Where should we pick you up? (street, number)"), max_length=300
    )
    destination_address = forms.CharField(label=_("Where do you want to go?"), max_length=300)
    passengers = forms.IntegerField(
        label=_("How many people travel?"), min_value=1, max_value=20, initial=1
    )
    wheelchair = forms.BooleanField(label=_("I travel in a wheelchair"), required=False)
    companion = forms.BooleanField(label=_("A companion comes along"), required=False)
    phone = forms.CharField(
        label=_("Your phone number, for the driver"), max_length=40, required=False
    )
    note = forms.CharField(
        label=_("Anything the driver should know"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    birth_date = forms.DateField(
        label=_("Your date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["pickup_district"] = _district_field(service, _("District of the pick-up"))
        self.fields["destination_district"] = _district_field(
            service, _("District of the destination")
        )
        if not service.min_age:
            del self.fields["birth_date"]
        self.order_fields(
            ["pickup_address", "pickup_district", "destination_address", "destination_district"]
        )

    def trip(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "pickup_address": data["pickup_address"],
            "pickup_district": data.get("pickup_district", ""),
            "destination_address": data["destination_address"],
            "destination_district": data.get("destination_district", ""),
            "passengers": data["passengers"],
            "wheelchair": data["wheelchair"],
            "companion": data["companion"],
            "note": data["note"],
            "phone": data["phone"],
            "birth_date": data.get("birth_date"),
        }


def at_town_time(day: Any, clock: time) -> datetime:
    """The moment of a cleaned `BookRideForm` (its `clean` refused a time that does not exist)."""
    return at_wall_clock(day, clock)


class BookRideForm(TripForm):
    day = forms.DateField(label=_("On which day?"), widget=forms.DateInput(attrs={"type": "date"}))
    pickup_time = forms.TimeField(
        label=_("At what time should we pick you up?"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    return_time = forms.TimeField(
        label=_("Way back: at what time? (leave empty for no way back)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["day", "pickup_time", "return_time"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day = data.get("day")
        for name in ("pickup_time", "return_time"):
            clock = data.get(name)
            problem = missing_time_problem(day, clock) if day and clock else None
            if problem:
                self.add_error(name, problem)
        return data


class BookSeriesForm(TripForm):
    frequency = forms.ChoiceField(label=_("How often?"), choices=Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("On which weekday?"),
        coerce=int,
        choices=[(d, weekday_name(d)) for d in WEEKDAYS],
    )
    pickup_time = forms.TimeField(
        label=_("At what time should we pick you up?"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    return_time = forms.TimeField(
        label=_("Way back: at what time? (leave empty for no way back)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    first_day = forms.DateField(
        label=_("From which day?"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(
        label=_("Until which day? (at most 12 months)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(
            ["frequency", "weekday", "pickup_time", "return_time", "first_day", "last_day"]
        )


class VehicleForm(forms.Form):
    name = forms.CharField(label=_("Name of the vehicle"), max_length=80)
    seats = forms.IntegerField(label=_("Seats for passengers"), min_value=1, max_value=20)
    wheelchair_places = forms.IntegerField(
        label=_("Wheelchair places"), min_value=0, max_value=4, initial=0
    )
    is_active = forms.BooleanField(label=_("In service"), required=False, initial=True)


class RideSettingsForm(forms.Form):
    districts = forms.CharField(
        label=_("Districts served (one per line; empty = everywhere)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    ride_minutes = forms.IntegerField(
        label=_("Minutes a ride takes, for planning"), min_value=5, max_value=600
    )
    buffer_minutes = forms.IntegerField(
        label=_("Minutes between two rides"), min_value=0, max_value=240
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for weekday in WEEKDAYS:
            name = weekday_name(weekday)
            self.fields[f"start_{weekday}"] = forms.TimeField(
                label=_("%(day)s from") % {"day": name},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"end_{weekday}"] = forms.TimeField(
                label=_("%(day)s until") % {"day": name},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for weekday in WEEKDAYS:
            if bool(data.get(f"start_{weekday}")) != bool(data.get(f"end_{weekday}")):
                self.add_error(f"end_{weekday}", _("Please give both times, or neither."))
        return data


class AssignForm(forms.Form):
    driver = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Driver"))
    vehicle = forms.ModelChoiceField(queryset=Vehicle.objects.none(), label=_("Vehicle"))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


def hours_from(data: dict[str, Any]) -> dict[int, tuple[str, str] | None]:
    """The driving hours of a cleaned `RideSettingsForm`: one window per weekday or None."""
    found: dict[int, tuple[str, str] | None] = {}
    for weekday in WEEKDAYS:
        start = data.get(f"start_{weekday}")
        end = data.get(f"end_{weekday}")
        found[weekday] = (f"{start:%H:%M}", f"{end:%H:%M}") if start and end else None
    return found
