"""The administrators' forms of the fund: settings, a new round, a round's dates and rules,
the step to the next phase and the bank transfer. The services check every value again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms_fields import EuroField

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

from .models import MAX_SHORTLIST, REFERENCE_MAX, TITLE_MAX, AmountMode, Phase, TieRule, VoteMethod


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _number(label: str | _StrPromise, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=low, max_value=high)


class RulesForm(forms.Form):
    """The rules a round is voted by (the settings' for new rounds, a round's own)."""

    method = forms.ChoiceField(label=_("Voting method"), choices=VoteMethod.choices)
    max_choices = _number(
        _("How many projects a voter may choose (approval voting)"), 1, MAX_SHORTLIST
    )
    shortlist_size = _number(_("Projects on the shortlist"), 1, MAX_SHORTLIST)
    tie_rule = forms.ChoiceField(
        label=_("When two projects have as many votes, the winner is"), choices=TieRule.choices
    )
    amount_mode = forms.ChoiceField(label=_("Amount to distribute"), choices=AmountMode.choices)
    fixed_amount_cents = EuroField(
        label=_("Fixed sum in euros"), required=False, help_text=_("Only for a fixed sum.")
    )


def rules_from(data: dict[str, Any]) -> dict[str, Any]:
    """The rules out of a valid form's cleaned data."""
    return {
        "method": data["method"],
        "max_choices": data["max_choices"],
        "shortlist_size": data["shortlist_size"],
        "tie_rule": data["tie_rule"],
        "amount_mode": data["amount_mode"],
        "fixed_amount_cents": data.get("fixed_amount_cents") or 0,
    }


class SettingsForm(RulesForm):
    auto_rounds = forms.BooleanField(
        label=_("Start a new round on the schedule by itself"), required=False
    )
    round_months = _number(_("Months between rounds"), 1, 24)
    proposal_days = _number(_("Days for proposals"), 1, 365)
    review_days = _number(_("Days for the committee's review"), 1, 365)
    voting_days = _number(_("Days of voting"), 1, 90)
    closing_hour = _number(_("Hour at which voting closes on its last day (town time)"), 0, 23)
    impact_days = _number(_("Days after the payout for the impact report"), 1, 730)
    reminder_days = _number(_("Days before the impact report is due for a reminder"), 1, 90)
    approve_proposals = forms.BooleanField(
        label=_("A moderator approves each proposal before it is public"), required=False
    )
    field_order = [
        "auto_rounds",
        "round_months",
        "proposal_days",
        "review_days",
        "voting_days",
        "closing_hour",
        "impact_days",
        "reminder_days",
        "approve_proposals",
    ]


class NewRoundForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Leave empty for “Round 1 of 2027” and so on."),
    )
    opens_on = forms.DateField(label=_("Proposals open on"), widget=_date_input())


class RoundForm(RulesForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    proposals_open_on = forms.DateField(label=_("Proposals open on"), widget=_date_input())
    review_on = forms.DateField(label=_("The committee's review starts on"), widget=_date_input())
    voting_on = forms.DateField(label=_("Voting starts on"), widget=_date_input())
    last_voting_day = forms.DateField(label=_("Last day of voting"), widget=_date_input())
    closing_hour = _number(_("Hour at which voting closes on its last day (town time)"), 0, 23)
    field_order = [
        "title",
        "proposals_open_on",
        "review_on",
        "voting_on",
        "last_voting_day",
        "closing_hour",
    ]


class AdvanceForm(forms.Form):
    # The phase the page offered: a form sent twice (a double click, a browser's retry)
    # names a phase the round has already entered and is refused, instead of moving the
    # round a second step.
    to = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why do you move the round on by hand?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferForm(forms.Form):
    transferred_on = forms.DateField(label=_("Date of the bank transfer"), widget=_date_input())
    reference = forms.CharField(label=_("Reference of the bank transfer"), max_length=REFERENCE_MAX)
