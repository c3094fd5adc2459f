"""Forms of the info pages; the services decide, the forms only read the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX, TITLE_MAX, LinkCategory, Recurrence

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
    organiser_name = forms.CharField(label=_("Organiser"), max_length=120)
    organiser_slug = forms.CharField(
        label=_("Organiser's short name"),
        max_length=80,
        required=False,
        help_text=_(
            "The short name of the organisation in the directory (e.g. musikverein); "
            "its calendar feed collects its events."
        ),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
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


class TownEventForm(EventForm):
    is_town_event = forms.BooleanField(label=_("An event of the town itself"), required=False)


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
