"""Forms of joining and vetting; the services check everything again (dates in the wrong
order or in the future, lengths, markup) and their messages land on these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .models import CheckKind
from .services.helpers import MOTIVATION_MAX, REASON_MAX


class JoinForm(forms.Form):
    motivation = forms.CharField(
        label=_("A few words about you (optional)"),
        help_text=_("For example what you can do well, and when you have time."),
        required=False,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReasonForm(forms.Form):
    # Not required here: the service names an empty reason in its own words.
    reason = forms.CharField(
        label=_("Reason (the volunteer is told it)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _day(label: StrOrPromise, *, required: bool, help_text: StrOrPromise = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class CheckForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which check"), choices=CheckKind.choices)
    seen_on = _day(_("Seen on"), required=True)
    valid_until = _day(
        _("Valid until"),
        required=False,
        help_text=_("Leave empty if the document does not expire."),
    )
