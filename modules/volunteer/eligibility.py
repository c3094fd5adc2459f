"""Eligibility: whether a person may use a service, and if not, why in plain words and
what else they could do. Pure functions over what the person declared; the page, the API
and the request service all ask `refusals()` (one rule set)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from .models import Rule, Service


@dataclass(frozen=True)
class Declared:
    """What a person says about themselves when asking: the district they live in, their
    date of birth (used for the check, never stored), their situation statement."""

    district: str = ""
    birth_date: date | None = None
    statement: str = ""
    confirms_situation: bool = False


@dataclass(frozen=True)
class Refusal:
    rule: str  # a Rule value
    message: str  # plain words, formal German once translated


@dataclass(frozen=True)
class Verdict:
    refusals: list[Refusal] = field(default_factory=list)
    needs_approval: bool = False

    @property
    def eligible(self) -> bool:
        return not self.refusals


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def refusals(service: Service, declared: Declared, *, today: date) -> Verdict:
    """Every rule of the service that the declaration does not meet (all are named, so the
    person learns everything at once and the figures count each rule)."""
    found: list[Refusal] = []
    if service.eligible_districts and declared.district not in service.eligible_districts:
        found.append(
            Refusal(
                Rule.DISTRICT,
                _("This service is only for people living in %(districts)s.")
                % {"districts": ", ".join(service.eligible_districts)},
            )
        )
    if service.min_age:
        if declared.birth_date is None:
            found.append(
                Refusal(
                    Rule.MIN_AGE,
                    _(
                        "Please give your date of birth: the service is for people aged %(age)d and over."
                    )
                    % {"age": service.min_age},
                )
            )
        elif age_on(declared.birth_date, today) < service.min_age:
            found.append(
                Refusal(
                    Rule.MIN_AGE,
                    _("This service is for people aged %(age)d and over.")
                    % {"age": service.min_age},
                )
            )
    if service.situation:
        if not declared.confirms_situation:
            found.append(
                Refusal(
                    Rule.SITUATION,
                    _("This service is for people in this situation: %(situation)s.")
                    % {"situation": service.situation},
                )
            )
        elif not declared.statement.strip():
            found.append(
                Refusal(
                    Rule.SITUATION,
                    _("Please describe your situation in a few words."),
                )
            )
    return Verdict(refusals=found, needs_approval=service.needs_approval)
