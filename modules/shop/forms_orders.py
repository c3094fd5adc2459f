"""Forms of the request and the order pages; the services check everything again (times in
the past or in the wrong order, lengths, markup) and their messages land on these forms."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MAX_WINDOWS, NEED_MAX, NOTE_MAX, PLACE_MAX, REASON_MAX, ContactBy

WINDOW_ROWS = range(1, MAX_WINDOWS + 1)
OTHER_TIME = "other"


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _time_field(label: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def local_moment(day: date, at: time) -> datetime:
    """A date and a wall-clock time as people in the town mean them (the town's zone)."""
    return timezone.make_aware(datetime.combine(day, at))


def window_pair(day: date | None, start: time | None, end: time | None) -> dict[str, str] | None:
    """{"start", "end"} as the services take them; None when the row is left empty."""
    if day is None or start is None or end is None:
        return None
    return {
        "start": local_moment(day, start).isoformat(),
        "end": local_moment(day, end).isoformat(),
    }


class EuroField(forms.DecimalField):
    """An amount in euros as typed ("120" or "120,50"), cleaned to integer cents."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_digits=10, decimal_places=2, localize=True, **kwargs)

    def clean(self, value: Any) -> int | None:
        amount = super().clean(value)
        if amount is None:
            return None
        return int((Decimal(amount) * 100).to_integral_value())


class RequestForm(forms.Form):
    """A resident's request: what, when (up to three windows), where, how to be reached."""

    need = forms.CharField(
        label=_("What do you need?"),
        max_length=NEED_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    place = forms.CharField(
        label=_("Where should the job be done?"),
        max_length=PLACE_MAX,
        help_text=_("Street, house number and place. The business sees it only once it accepts."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact_by = forms.ChoiceField(
        label=_("How may the business contact you?"),
        choices=ContactBy.choices,
        initial=ContactBy.EMAIL,
        widget=forms.RadioSelect,
    )
    contact_phone = forms.CharField(
        label=_("Phone number (if by phone)"), required=False, max_length=40
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in WINDOW_ROWS:
            self.fields[f"window_{n}_date"] = _date_field(_("Time %(n)d: date") % {"n": n})
            self.fields[f"window_{n}_start"] = _time_field(_("Time %(n)d: from") % {"n": n})
            self.fields[f"window_{n}_end"] = _time_field(_("Time %(n)d: until") % {"n": n})

    def window_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        """(number, [date, from, until]) per row, for the template's fieldsets."""
        return [
            (n, [self[f"window_{n}_{part}"] for part in ("date", "start", "end")])
            for n in WINDOW_ROWS
        ]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("need", "place", "note", "contact_by", "contact_phone")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        windows = []
        for n in WINDOW_ROWS:
            parts = [data.get(f"window_{n}_{part}") for part in ("date", "start", "end")]
            if all(part is None for part in parts):
                continue  # an empty row is ignored
            pair = window_pair(*parts)
            if pair is None:
                if not self.has_error(f"window_{n}_date"):
                    self.add_error(
                        f"window_{n}_date",
                        _("Please give the date and both times, or leave the row empty."),
                    )
                continue
            windows.append(pair)
        data["windows"] = windows
        return data


class AppointmentForm(forms.Form):
    """The business accepts: one of the resident's windows or another time, and a value."""

    choice = forms.ChoiceField(label=_("Appointment"), widget=forms.RadioSelect)
    other_date = _date_field(_("Another time: date"))
    other_start = _time_field(_("Another time: from"))
    other_end = _time_field(_("Another time: until"))
    value = EuroField(
        label=_("Order value in euros, incl. VAT (optional)"),
        help_text=_("If the town's fee is a share of the order's value, please state it."),
    )
    text = forms.CharField(
        label=_("Message to the customer (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, windows: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["choice"]
        field.choices = [*windows, (OTHER_TIME, _("Another time:"))]
        if windows:
            field.initial = windows[0][0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("choice") == OTHER_TIME:
            pair = window_pair(
                data.get("other_date"), data.get("other_start"), data.get("other_end")
            )
            if pair is None:
                self.add_error("other_date", _("Please give the date and both times."))
            data["appointment"] = pair
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Your question to the customer"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CompleteForm(forms.Form):
    """The business marks the job done and may state the final value."""

    value = EuroField(label=_("Final order value in euros, incl. VAT (optional)"))
