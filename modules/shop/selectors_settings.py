"""Reads of the shop's settings: the categories (all, or those open for new offers) and
the fee rule in words."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from billing.fees.rules import FeeDue, FeeKind, FeeRule
from portal.formatting import euros

from .models import Category


def all_categories() -> QuerySet[Category]:
    """Every category, retired ones too, in the residents' order, with its offer count."""
    return Category.objects.annotate(offer_count=Count("offers")).order_by("position", "name")


def open_categories() -> QuerySet[Category]:
    """The categories a new offer may be put in (not retired)."""
    return Category.objects.filter(is_active=True).order_by("position", "name")


def fee_rule_text(rule: FeeRule) -> str:
    """The fee rule in one plain sentence ("2,00 € per order, due when … completed.")."""
    if rule.kind == FeeKind.FLAT:
        amount = _("%(fee)s per order") % {"fee": euros(rule.flat_cents)}
    else:
        percent = number_format(Decimal(rule.basis_points or 0) / 100, decimal_pos=2)
        amount = _("%(percent)s %% of the order value") % {"percent": percent}
        if rule.minimum_cents is not None:
            amount += ", " + _("at least %(fee)s") % {"fee": euros(rule.minimum_cents)}
        if rule.maximum_cents is not None:
            amount += ", " + _("at most %(fee)s") % {"fee": euros(rule.maximum_cents)}
    due = FeeDue(rule.due).label
    return _("%(amount)s; due %(due)s.") % {"amount": amount, "due": due}
