"""The town's shop rules: the fund fee, how long a request waits, whether new businesses need
approval, and the categories residents browse by. Town administrators only; audited.

A new fee rule applies to requests made after the change: every order copied the rule it
was requested under (`Order.fee_rule`), so an open order keeps its own.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from billing.fees.rules import FeeDue, FeeKind, FeeRule
from portal.accounts.audit import record_audit
from portal.accounts.models import User
from portal.validation import Errors

from ..models import Category, ShopSettings
from ._slugs import unique_slug

MIN_EXPIRY_HOURS = 1
MAX_EXPIRY_HOURS = 14 * 24
CATEGORY_NAME_MAX = 80
MAX_POSITION = 1000


def _require_town_admin(by: User) -> None:
    if not by.is_authenticated or not by.is_active or not by.is_town_admin:
        raise PermissionDenied(_("Only town administrators can change the shop's rules."))


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_part(errors: Errors, field: str, **rule: Any) -> None:
    """Let `FeeRule` judge one amount on its own, so that each bad amount gets its message."""
    try:
        FeeRule(**rule)
    except ValidationError as exc:
        for message in exc.messages:
            errors.add(field, message)


def _fee_rule(
    errors: Errors,
    *,
    kind: str,
    due: str,
    flat_cents: int | None,
    basis_points: int | None,
    minimum_cents: int | None,
    maximum_cents: int | None,
) -> FeeRule | None:
    """The rule the fields describe, or None with every problem recorded under its field.
    The amounts the chosen kind does not use are ignored (the form keeps them)."""
    if kind not in FeeKind.values:
        errors.add("fee_kind", _("Choose a flat fee or a percentage fee."))
        return None
    if due not in FeeDue.values:
        errors.add("fee_due", _("Choose whether the fee is due at confirmation or completion."))
    if kind == FeeKind.FLAT:
        if flat_cents is None:
            errors.add("flat_cents", _("Enter the flat fee per order."))
        else:
            _check_part(errors, "flat_cents", kind=kind, flat_cents=flat_cents)
        parts: dict[str, Any] = {"flat_cents": flat_cents}
    else:
        if basis_points is None:
            errors.add("basis_points", _("Enter the percentage of the order value."))
        else:
            # a minimum of one cent keeps "0 % and no minimum" out of this one check
            _check_part(
                errors, "basis_points", kind=kind, basis_points=basis_points, minimum_cents=1
            )
        for field, value in (("minimum_cents", minimum_cents), ("maximum_cents", maximum_cents)):
            if value is not None:
                _check_part(errors, field, kind=kind, basis_points=1, **{field: value})
        parts = {
            "basis_points": basis_points,
            "minimum_cents": minimum_cents,
            "maximum_cents": maximum_cents,
        }
    if errors.errors:
        return None
    try:
        return FeeRule(kind=kind, due=due, **parts)
    except ValidationError as exc:  # what only the amounts together can break
        together = "minimum_cents" if minimum_cents is not None else "basis_points"
        errors.collect(exc, field="flat_cents" if kind == FeeKind.FLAT else together)
        return None


@transaction.atomic
def update_shop_settings(
    *,
    by: User,
    fee_kind: str,
    fee_due: str,
    flat_cents: int | None = None,
    basis_points: int | None = None,
    minimum_cents: int | None = None,
    maximum_cents: int | None = None,
    request_expiry_hours: int,
    providers_need_approval: bool,
) -> ShopSettings:
    """Set the town's fee rule (for requests from now on), the answer time and whether new
    businesses wait for approval; every problem is reported at once."""
    _require_town_admin(by)
    errors = Errors()
    rule = _fee_rule(
        errors,
        kind=fee_kind,
        due=fee_due,
        flat_cents=flat_cents,
        basis_points=basis_points,
        minimum_cents=minimum_cents,
        maximum_cents=maximum_cents,
    )
    if not _whole(request_expiry_hours) or not (
        MIN_EXPIRY_HOURS <= request_expiry_hours <= MAX_EXPIRY_HOURS
    ):
        errors.add(
            "request_expiry_hours",
            _("A request waits between %(low)d and %(high)d hours for an answer.")
            % {"low": MIN_EXPIRY_HOURS, "high": MAX_EXPIRY_HOURS},
        )
    if not isinstance(providers_need_approval, bool):
        errors.add("providers_need_approval", _("Please answer yes or no."))
    errors.raise_if_any()
    assert rule is not None
    row = ShopSettings.locked()
    before = {
        "fee_rule": row.fee_rule,
        "request_expiry_hours": row.request_expiry_hours,
        "providers_need_approval": row.providers_need_approval,
    }
    row.fee_rule = rule.as_dict()
    row.request_expiry_hours = request_expiry_hours
    row.providers_need_approval = providers_need_approval
    row.save(
        update_fields=["fee_rule", "request_expiry_hours", "providers_need_approval", "updated_at"]
    )
    after = {
        "fee_rule": row.fee_rule,
        "request_expiry_hours": row.request_expiry_hours,
        "providers_need_approval": row.providers_need_approval,
    }
    if after != before:
        record_audit(
            actor=by, action="shop_settings_changed", detail={"before": before, "after": after}
        )
    return row


def _category_name(errors: Errors, name: object, *, category: Category | None) -> str:
    cleaned = errors.text("name", name, max_length=CATEGORY_NAME_MAX)
    if cleaned and "name" not in errors.errors:
        taken = Category.objects.filter(name__iexact=cleaned)
        if category is not None:
            taken = taken.exclude(pk=category.pk)
        if taken.exists():
            errors.add("name", _("A category of this name exists already."))
    return cleaned


def _position(errors: Errors, position: object) -> int:
    if not _whole(position) or not 0 <= position <= MAX_POSITION:  # type: ignore[operator]
        errors.add(
            "position",
            _("The position is a whole number from 0 to %(max)d.") % {"max": MAX_POSITION},
        )
        return 0
    assert isinstance(position, int)
    return position


@transaction.atomic
def create_category(*, by: User, name: str, position: int | None = None) -> Category:
    """A new category, offered for new offers at once; without a position, it comes last."""
    _require_town_admin(by)
    errors = Errors()
    cleaned = _category_name(errors, name, category=None)
    if position is None:
        last = Category.objects.order_by("-position").values_list("position", flat=True).first()
        position = min((last or 0) + 1, MAX_POSITION)
    place = _position(errors, position)
    errors.raise_if_any()
    category = Category.objects.create(
        slug=unique_slug(Category, cleaned, max_length=50, fallback="kategorie"),
        name=cleaned,
        position=place,
    )
    record_audit(
        actor=by, action="shop_category_created", target=category, detail={"name": cleaned}
    )
    return category


@transaction.atomic
def update_category(
    *, by: User, category: Category, name: str, position: int, is_active: bool
) -> Category:
    """Rename, move or retire (or bring back) a category. A retired one keeps its offers,
    but is not offered for new ones; its slug stays, so addresses keep working."""
    _require_town_admin(by)
    category = Category.objects.select_for_update().get(pk=category.pk)
    errors = Errors()
    cleaned = _category_name(errors, name, category=category)
    place = _position(errors, position)
    if not isinstance(is_active, bool):
        errors.add("is_active", _("Please answer yes or no."))
    errors.raise_if_any()
    before = {"name": category.name, "position": category.position, "active": category.is_active}
    category.name, category.position, category.is_active = cleaned, place, is_active
    after = {"name": category.name, "position": category.position, "active": category.is_active}
    if after != before:
        category.save(update_fields=["name", "position", "is_active"])
        record_audit(
            actor=by,
            action="shop_category_changed",
            target=category,
            detail={"before": before, "after": after},
        )
    return category
