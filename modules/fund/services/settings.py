"""The town's fund settings and a round's dates and rules, changed by a town administrator
(audited); a round's rules are frozen once voting opens."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.letters.periods import start_of_day, town_zone
from portal.validation import Errors

from ..access import require_administrator
from ..models import (
    MAX_AMOUNT_CENTS,
    MAX_SHORTLIST,
    TITLE_MAX,
    AmountMode,
    FundSettings,
    Phase,
    Round,
    TieRule,
    VoteMethod,
    phase_index,
)

# name -> (lowest, highest) of the settings' whole numbers
NUMBERS: dict[str, tuple[int, int]] = {
    "round_months": (1, 24),
    "proposal_days": (1, 365),
    "review_days": (1, 365),
    "voting_days": (1, 90),
    "closing_hour": (0, 23),
    "impact_days": (1, 730),
    "reminder_days": (1, 90),
    "shortlist_size": (1, MAX_SHORTLIST),
    "max_choices": (1, MAX_SHORTLIST),
}
RULES = ("method", "max_choices", "shortlist_size", "tie_rule", "amount_mode", "fixed_amount_cents")


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_rules(errors: Errors, values: dict[str, Any]) -> None:
    for name, (low, high) in NUMBERS.items():
        if name in values and (not _whole(values[name]) or not low <= values[name] <= high):
            errors.add(
                name,
                _("Please give a whole number from %(low)d to %(high)d.")
                % {"low": low, "high": high},
            )
    choices = {"method": VoteMethod, "tie_rule": TieRule, "amount_mode": AmountMode}
    for name, kind in choices.items():
        if name in values and values[name] not in kind.values:
            errors.add(name, _("Please choose one of the options."))
    if "fixed_amount_cents" in values:
        cents = values["fixed_amount_cents"]
        if not _whole(cents) or not 0 <= cents <= MAX_AMOUNT_CENTS:
            errors.add("fixed_amount_cents", _("The fixed sum is at most 1,000,000.00 €."))
        elif values.get("amount_mode") == AmountMode.FIXED and cents == 0:
            errors.add("fixed_amount_cents", _("Please give the fixed sum to distribute."))
    if (
        values.get("method") == VoteMethod.APPROVAL
        and _whole(values.get("max_choices"))
        and _whole(values.get("shortlist_size"))
        and values["max_choices"] > values["shortlist_size"]
    ):
        errors.add("max_choices", _("A voter cannot choose more projects than are on the ballot."))


@transaction.atomic
def change_fund_settings(*, by: User, **values: Any) -> FundSettings:
    """Change the town's fund settings (the schedule and the rules of new rounds)."""
    require_administrator(by)
    allowed = {*NUMBERS, *RULES, "auto_rounds", "approve_proposals"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(_("Unknown settings: %(names)s") % {"names": ", ".join(unknown)})
    errors = Errors()
    _check_rules(errors, values)
    for name in ("auto_rounds", "approve_proposals"):
        if name in values and not isinstance(values[name], bool):
            errors.add(name, _("Please answer yes or no."))
    errors.raise_if_any()
    row = FundSettings.locked()
    before = {name: getattr(row, name) for name in values}
    for name, value in values.items():
        setattr(row, name, value)
    row.save(update_fields=[*values, "updated_at"])
    if before != values:
        record_audit(
            actor=by, action="fund_settings_changed", detail={"before": before, "after": values}
        )
    return row


def _text(value: datetime) -> str:
    return value.astimezone(town_zone()).isoformat()


@transaction.atomic
def change_round(
    *,
    fund_round: Round,
    by: User,
    title: str,
    proposals_open_on: date,
    review_on: date,
    voting_on: date,
    last_voting_day: date,
    closing_hour: int,
    rules: dict[str, Any],
) -> Round:
    """Change a round's title, dates (days in the town's time zone) and rules, until voting
    opens. A date of a phase already begun stays as it is."""
    require_administrator(by)
    fund_round = Round.objects.select_for_update().get(pk=fund_round.pk)
    if phase_index(fund_round.phase) >= phase_index(Phase.VOTING):
        raise ValidationError(_("Voting has opened: the round's dates and rules stay as they are."))
    errors = Errors()
    cleaned_title = errors.text("title", title, max_length=TITLE_MAX)
    _check_rules(errors, {**rules, "closing_hour": closing_hour})
    days = [proposals_open_on, review_on, voting_on, last_voting_day]
    if not all(isinstance(day, date) for day in days):
        errors.add("proposals_open_on", _("Please give every date."))
    else:
        if not proposals_open_on < review_on:
            errors.add("review_on", _("The review starts after the proposals open."))
        if not review_on <= voting_on:
            errors.add("voting_on", _("Voting starts on or after the day the review starts."))
        if not voting_on <= last_voting_day:
            errors.add("last_voting_day", _("Voting ends on or after the day it starts."))
    errors.raise_if_any()
    new = {
        "proposals_open_at": start_of_day(proposals_open_on),
        "review_starts_at": start_of_day(review_on),
        "voting_starts_at": start_of_day(voting_on),
        "voting_ends_at": datetime.combine(last_voting_day, time(closing_hour), tzinfo=town_zone()),
    }
    begun = {
        "proposals_open_at": Phase.PROPOSALS,
        "review_starts_at": Phase.REVIEW,
    }
    for name, phase in begun.items():
        if phase_index(fund_round.phase) >= phase_index(phase):
            old_day = getattr(fund_round, name).astimezone(town_zone()).date()
            if start_of_day(old_day) != new[name]:
                errors.add(
                    "proposals_open_on" if name == "proposals_open_at" else "review_on",
                    _("This phase has begun; its first day cannot change."),
                )
            new[name] = getattr(fund_round, name)
    if new["voting_ends_at"] <= new["voting_starts_at"]:
        errors.add("last_voting_day", _("Voting ends after it starts."))
    errors.raise_if_any()
    before = {name: _text(getattr(fund_round, name)) for name in new}
    before.update({name: getattr(fund_round, name) for name in rules})
    before["title"] = fund_round.title
    fund_round.title = cleaned_title
    for name, value in {**new, **rules}.items():
        setattr(fund_round, name, value)
    if fund_round.method == VoteMethod.SINGLE:
        fund_round.max_choices = 1
    fund_round.save(update_fields=["title", *new, *rules, "max_choices"])
    after = {name: _text(getattr(fund_round, name)) for name in new}
    after.update({name: getattr(fund_round, name) for name in rules})
    after["title"] = fund_round.title
    record_audit(
        actor=by,
        action="fund_round_changed",
        target=fund_round,
        detail={"round": fund_round.slug, "before": before, "after": after},
    )
    return fund_round
