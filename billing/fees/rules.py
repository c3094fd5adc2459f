"""The fee rule a town sets for the shop, and the fee an order pays under it (integer cents).

Two kinds: a flat amount per order, or a percentage (in basis points, 1 bp = 0.01 %) of the
order value the provider declares, with an optional minimum and maximum. The fee is due at
the order's confirmation or at its completion.

Rounding: a percentage fee is value x bp / 10,000 rounded half up to whole cents
("kaufmännisch": 0.5 cent and more rounds up), then raised to the minimum and capped at the
maximum. Everything is integer arithmetic; no floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Limits beyond which a value is a typo, not a fee: 10,000 EUR per order, 50 %, and a
# declared order value of 10 million EUR.
MAX_FEE_CENTS = 1_000_000
MAX_BASIS_POINTS = 5_000
MAX_DECLARED_VALUE_CENTS = 1_000_000_000
BASIS = 10_000


class FeeKind(models.TextChoices):
    FLAT = "flat", gettext_lazy("flat amount per order")
    PERCENTAGE = "percentage", gettext_lazy("percentage of the order value")


class FeeDue(models.TextChoices):
    CONFIRMATION = "confirmation", gettext_lazy("when the resident confirms the order")
    COMPLETION = "completion", gettext_lazy("when the order is completed")


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _cents(value: object, *, label: str, allow_zero: bool) -> None:
    if not _whole(value):
        raise ValidationError(_("%(label)s must be a whole number of cents.") % {"label": label})
    assert isinstance(value, int)
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(
            _("%(label)s must be more than zero.") % {"label": label}
            if not allow_zero
            else _("%(label)s must not be negative.") % {"label": label}
        )
    if value > MAX_FEE_CENTS:
        raise ValidationError(_("%(label)s must be at most 10,000.00 EUR.") % {"label": label})


@dataclass(frozen=True)
class FeeRule:
    """A validated fee rule; building one with bad values raises ValidationError."""

    kind: str
    due: str = FeeDue.COMPLETION
    flat_cents: int | None = None
    basis_points: int | None = None
    minimum_cents: int | None = None
    maximum_cents: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in FeeKind.values:
            raise ValidationError(_("Choose a flat fee or a percentage fee."))
        if self.due not in FeeDue.values:
            raise ValidationError(_("Choose whether the fee is due at confirmation or completion."))
        if self.kind == FeeKind.FLAT:
            self._check_flat()
        else:
            self._check_percentage()

    def _check_flat(self) -> None:
        if (
            self.basis_points is not None
            or self.minimum_cents is not None
            or (self.maximum_cents is not None)
        ):
            raise ValidationError(_("A flat fee has no percentage, minimum or maximum."))
        if self.flat_cents is None:
            raise ValidationError(_("Enter the flat fee per order."))
        _cents(self.flat_cents, label=_("The flat fee"), allow_zero=False)

    def _check_percentage(self) -> None:
        if self.flat_cents is not None:
            raise ValidationError(_("A percentage fee has no flat amount."))
        points = self.basis_points
        if not _whole(points):
            raise ValidationError(_("Enter the percentage in basis points (1 = 0.01 %)."))
        assert isinstance(points, int)
        if points < 0:
            raise ValidationError(_("The percentage must not be negative."))
        if points > MAX_BASIS_POINTS:
            raise ValidationError(_("The percentage must be at most 50 %."))
        if self.minimum_cents is not None:
            _cents(self.minimum_cents, label=_("The minimum fee"), allow_zero=True)
        if self.maximum_cents is not None:
            _cents(self.maximum_cents, label=_("The maximum fee"), allow_zero=False)
        if points == 0 and not self.minimum_cents:
            raise ValidationError(
                _("A percentage of zero with no minimum would never charge a fee.")
            )
        if (
            self.minimum_cents is not None
            and self.maximum_cents is not None
            and self.minimum_cents > self.maximum_cents
        ):
            raise ValidationError(_("The minimum fee must not be more than the maximum fee."))

    @property
    def needs_declared_value(self) -> bool:
        return self.kind == FeeKind.PERCENTAGE

    def as_dict(self) -> dict[str, Any]:
        """For a settings row's JSON field; `from_dict` reads it back (and validates)."""
        return {
            "kind": self.kind,
            "due": self.due,
            "flat_cents": self.flat_cents,
            "basis_points": self.basis_points,
            "minimum_cents": self.minimum_cents,
            "maximum_cents": self.maximum_cents,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeeRule:
        known = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        if "kind" not in known:
            raise ValidationError(_("Choose a flat fee or a percentage fee."))
        return cls(**known)


def fee_for(rule: FeeRule, declared_value_cents: int | None = None) -> int:
    """The fee in integer cents an order pays under `rule` (0 means nothing to post).

    A flat rule ignores the declared value. A percentage rule needs it (whole cents, not
    negative, at most 10 million EUR); without one it is refused."""
    if rule.kind == FeeKind.FLAT:
        assert rule.flat_cents is not None
        return rule.flat_cents
    if declared_value_cents is None:
        raise ValidationError(_("A percentage fee needs the declared order value."))
    if not _whole(declared_value_cents) or declared_value_cents < 0:
        raise ValidationError(_("The declared order value must be whole cents, not negative."))
    if declared_value_cents > MAX_DECLARED_VALUE_CENTS:
        raise ValidationError(_("The declared order value must be at most 10,000,000.00 EUR."))
    assert rule.basis_points is not None
    fee = (declared_value_cents * rule.basis_points + BASIS // 2) // BASIS
    if rule.minimum_cents is not None:
        fee = max(fee, rule.minimum_cents)
    if rule.maximum_cents is not None:
        fee = min(fee, rule.maximum_cents)
    # No order pays more than the ledger's fee limit, also under a rule without a maximum
    # (5 % of a 250,000 EUR order would otherwise be refused when it falls due).
    return min(fee, MAX_FEE_CENTS)
