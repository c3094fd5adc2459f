"""Forms of the info pages; the services decide, the forms only read the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX, TITLE_MAX, EventCategory, LinkCategory, Recurrence

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LinkForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=LinkCategory.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    url = forms.CharField(
        label=_("Web address"),
        max_length=500,
        widget=forms.URLInput,
        help_text=_("Starting with https:// or http://"),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    description = forms.CharField(label=_("Short description"), max_length=300, required=False)
    position = forms.IntegerField(
        label=_("Position in its category"), min_value=0, max_value=999, required=False, initial=0
    )


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    body = forms.CharField(label=_("Text"), max_length=TEXT_MAX, widget=forms.Textarea)
    publish_at = forms.DateTimeField(label=_("Show from"), widget=DATETIME)
    expire_at = forms.DateTimeField(
        label=_("Show until"),
        widget=DATETIME,
        required=False,
        help_text=_("Leave empty to show it until you remove it."),
    )


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"), max_length=TEXT_MAX, widget=forms.Textarea, required=False
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=EventCategory.choices,
        initial=EventCategory.OTHER,
        required=False,  # "other" when left out (e.g. by an older client)
    )
    organiser_slug = forms.ChoiceField(
        label=_("Organisation"),
        choices=[],
        required=False,
        help_text=_(
            "The organisation's page and its calendar feed show the event. Only the "
            "organisations you represent are offered."
        ),
    )
    organiser_name = forms.CharField(
        label=_("Organiser"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the organisation's name."),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    district = forms.ChoiceField(label=_("District"), choices=[], required=False)
    start = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    end = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=Recurrence.choices, initial=Recurrence.NONE
    )
    recurrence_until = forms.DateField(
        label=_("Last date of the series"), widget=DATE, required=False
    )
    recurrence_count = forms.IntegerField(
        label=_("Number of dates in the series"), min_value=1, max_value=104, required=False
    )

    # What the page offers; `event_form_class` fills them in for one person in one town.
    organisers: tuple[tuple[str, str], ...] = ()
    districts: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organiser = self.fields["organiser_slug"]
        organiser.choices = [("", _("No organisation")), *self.organisers]  # type: ignore[attr-defined]
        if not self.organisers:
            # The directory is off, or the person represents none: only a name. The field
            # stays (hidden), so a forged short name is refused rather than ignored.
            organiser.widget = forms.HiddenInput()
        district = self.fields["district"]
        if self.districts:
            district.choices = [  # type: ignore[attr-defined]
                ("", _("The whole town")),
                *((name, name) for name in self.districts),
            ]
        else:
            del self.fields["district"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.fields["organiser_slug"].widget.is_hidden and "organiser_slug" in self.errors:
            # A hidden field's error would not show next to any field.
            self.add_error(
                None, _("You can only announce events for an organisation you represent.")
            )
        slug = data.get("organiser_slug") or ""
        if slug and not data.get("organiser_name"):
            data["organiser_name"] = dict(self.organisers).get(slug, "")
        if not data.get("organiser_name") and "organiser_name" not in self.errors:
            self.add_error(
                "organiser_name",
                _("Please choose an organisation or enter the organiser's name."),
            )
        return data


class TownEventForm(EventForm):
    is_town_event = forms.BooleanField(label=_("An event of the town itself"), required=False)


def event_form_class(
    *, organisers: list[tuple[str, str]], districts: list[str], town_event: bool
) -> type[EventForm]:
    """The event form offering these organisations (slug, name) and the town's districts."""
    base = TownEventForm if town_event else EventForm
    return type(
        "ChosenEventForm",
        (base,),
        {"organisers": tuple(organisers), "districts": tuple(districts)},
    )


class EventFilterForm(forms.Form):
    """The filters above the events list (GET, so they stay in the address)."""

    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All categories")), *EventCategory.choices],
        required=False,
    )
    organiser = forms.ChoiceField(label=_("Organiser"), choices=[], required=False)
    district = forms.ChoiceField(label=_("District"), choices=[], required=False)
    when = forms.ChoiceField(
        label=_("When"),
        choices=[
            ("", _("All coming dates")),
            ("week", _("This week")),
            ("month", _("This month")),
        ],
        required=False,
    )

    def __init__(
        self, *args: Any, organisers: list[tuple[str, str]], districts: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = [("", _("All organisers")), *organisers]  # type: ignore[attr-defined]
        self.fields["district"].choices = [  # type: ignore[attr-defined]
            ("", _("All districts")),
            *((name, name) for name in districts),
        ]


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_("Shown with the event, so that nobody comes in vain."),
    )


class MenuForm(forms.Form):
    restaurant = forms.CharField(label=_("Restaurant"), max_length=120)
    dishes = forms.CharField(
        label=_("Dishes"),
        max_length=3000,
        widget=forms.Textarea,
        help_text=_("One dish per line, with its price if you like."),
    )
    note = forms.CharField(label=_("Note (prices, opening hours)"), max_length=300, required=False)
    address = forms.CharField(label=_("Address of the restaurant"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone number for reservations"),
        max_length=40,
        required=False,
        help_text=_("With the area code, for example 07033 12345."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until (including this day)"), widget=DATE)


class SettingsForm(forms.Form):
    link_failures_before_flag = forms.IntegerField(
        label=_("Failed checks before a link counts as dead"), min_value=1, max_value=10
    )
    menu_max_days = forms.IntegerField(
        label=_("Longest validity of a lunch menu (days)"), min_value=1, max_value=31
    )
    event_weeks_ahead = forms.IntegerField(
        label=_("Weeks of upcoming events shown"), min_value=1, max_value=52
    )
    nudge_providers = forms.BooleanField(
        label=_("Remind restaurants by e-mail when their menu has expired"), required=False
    )
