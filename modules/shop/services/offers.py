"""Offers: creating (as a draft, shown as a preview), editing, publishing, withdrawing;
reporting, hiding and restoring through the moderation kit."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from portal.accounts.models import User
from portal.moderation import services as kit
from portal.moderation.models import Report
from portal.validation import Errors

from ..models import (
    AVAILABILITY_MAX,
    MAX_DURATION_MINUTES,
    MAX_PRICE_CENTS,
    OFFER_DESCRIPTION_MAX,
    OFFER_TITLE_MAX,
    Category,
    Offer,
    PriceModel,
    Provider,
)
from ..selectors import can_edit
from ._fields import district_names

__all__ = [
    "create_offer",
    "hide_offer",
    "publish_offer",
    "report_offer",
    "restore_offer",
    "update_offer",
    "withdraw_offer",
]


def require_editor(provider: Provider, by: User) -> None:
    if not can_edit(user=by, provider=provider):
        raise PermissionDenied(_("Only the business's owner or the network manager may do this."))


def _category(errors: Errors, value: Category | str | None) -> Category | None:
    slug = value.slug if isinstance(value, Category) else value
    found = Category.objects.filter(slug=slug, is_active=True).first() if slug else None
    if found is None:
        errors.add("category", _("Please choose one of the categories."))
    return found


def _price(errors: Errors, price_model: str, price_cents: int | None) -> int | None:
    if price_model not in PriceModel.values:
        errors.add("price_model", _("Please choose how the price is given."))
        return None
    if price_model == PriceModel.QUOTE:
        if price_cents is not None:
            errors.add(
                "price_cents",
                _("With 'price on request' there is no price; please leave the amount empty."),
            )
        return None
    if price_cents is None:
        errors.add("price_cents", _("Please enter the price in euros, including VAT."))
    elif price_cents <= 0:
        errors.add("price_cents", _("The price must be more than 0 euros."))
    elif price_cents > MAX_PRICE_CENTS:
        errors.add(
            "price_cents",
            _("The price may be at most %(max)d euros; please check the amount.")
            % {"max": MAX_PRICE_CENTS // 100},
        )
    return price_cents


def _duration(errors: Errors, minutes: int | None) -> int | None:
    if minutes is not None and not 1 <= minutes <= MAX_DURATION_MINUTES:
        errors.add(
            "duration_minutes",
            _("The estimated duration must be between 1 minute and %(days)d days.")
            % {"days": MAX_DURATION_MINUTES // (24 * 60)},
        )
    return minutes


def _apply(
    offer: Offer,
    *,
    title: str,
    description: str,
    category: Category | str | None,
    price_model: str,
    price_cents: int | None,
    duration_minutes: int | None,
    districts: Sequence[str] | str,
    availability_note: str,
) -> list[str]:
    """Check every field (all problems at once) and set them; the names that changed."""
    errors = Errors()
    values: dict[str, object] = {
        "title": errors.text("title", title, max_length=OFFER_TITLE_MAX),
        "description": errors.text(
            "description", description, max_length=OFFER_DESCRIPTION_MAX, multiline=True
        ),
        "category": _category(errors, category),
        "price_model": price_model,
        "price_cents": _price(errors, price_model, price_cents),
        "duration_minutes": _duration(errors, duration_minutes),
        "availability_note": errors.text(
            "availability_note", availability_note, max_length=AVAILABILITY_MAX, required=False
        ),
    }
    try:
        values["districts"] = district_names(
            list(districts) if not isinstance(districts, str) else districts
        )
    except ValidationError as exc:
        errors.collect(exc, field="districts")
    errors.raise_if_any()
    chosen = values.pop("category")
    assert isinstance(chosen, Category)
    changed = [name for name, value in values.items() if getattr(offer, name) != value]
    for name in changed:
        setattr(offer, name, values[name])
    if offer.category_id != chosen.pk:
        offer.category = chosen
        changed.append("category")
    return changed


@transaction.atomic
def create_offer(
    *,
    provider: Provider,
    by: User,
    title: str,
    description: str,
    category: Category | str | None,
    price_model: str,
    price_cents: int | None = None,
    duration_minutes: int | None = None,
    districts: Sequence[str] | str = (),
    availability_note: str = "",
) -> Offer:
    """A new offer as a draft: its provider (or the network manager) previews it, then
    publishes it. Prices are gross, incl. VAT, in cents."""
    require_editor(provider, by)
    offer = Offer(provider=provider)
    _apply(
        offer,
        title=title,
        description=description,
        category=category,
        price_model=price_model,
        price_cents=price_cents,
        duration_minutes=duration_minutes,
        districts=districts,
        availability_note=availability_note,
    )
    offer.save()
    return offer


def _locked(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().select_related("provider").get(pk=offer.pk)


@transaction.atomic
def update_offer(
    *,
    offer: Offer,
    by: User,
    title: str,
    description: str,
    category: Category | str | None,
    price_model: str,
    price_cents: int | None = None,
    duration_minutes: int | None = None,
    districts: Sequence[str] | str = (),
    availability_note: str = "",
) -> Offer:
    """Change an offer; a published one stays published (orders keep what was agreed)."""
    require_editor(offer.provider, by)
    offer = _locked(offer)
    changed = _apply(
        offer,
        title=title,
        description=description,
        category=category,
        price_model=price_model,
        price_cents=price_cents,
        duration_minutes=duration_minutes,
        districts=districts,
        availability_note=availability_note,
    )
    if changed:
        offer.updated_at = timezone.now()
        offer.save(update_fields=[*changed, "updated_at"])
    return offer


@transaction.atomic
def publish_offer(*, offer: Offer, by: User) -> Offer:
    """Make a previewed draft (or a withdrawn offer) public; public once its business is
    approved and as long as no moderator hides it."""
    require_editor(offer.provider, by)
    offer = _locked(offer)
    if offer.status == Offer.Status.PUBLISHED:
        raise ValidationError(_("This offer is already published."), code="state")
    if not offer.category.is_active:
        raise ValidationError(
            {"category": _("This category is no longer offered; please choose another.")}
        )
    now = timezone.now()
    offer.status = Offer.Status.PUBLISHED
    offer.published_at = now
    offer.updated_at = now
    offer.save(update_fields=["status", "published_at", "updated_at"])
    return offer


@transaction.atomic
def withdraw_offer(*, offer: Offer, by: User) -> Offer:
    """Take an offer off the shop; orders already made go on."""
    require_editor(offer.provider, by)
    offer = _locked(offer)
    if offer.status != Offer.Status.PUBLISHED:
        raise ValidationError(_("Only a published offer can be withdrawn."), code="state")
    offer.status = Offer.Status.WITHDRAWN
    offer.updated_at = timezone.now()
    offer.save(update_fields=["status", "updated_at"])
    return offer


def report_offer(*, offer: Offer, reporter: User, reason: str) -> Report:
    """Anyone logged in asks the moderators to look at a public offer."""
    if not offer.is_public:
        raise ValidationError(_("This offer is not public."), code="state")
    return kit.report(target=offer, reporter=reporter, reason=reason, what=gettext_noop("Offer"))


def hide_offer(*, offer: Offer, moderator: User, reason: str) -> Offer:
    """Take an offer out of lists, search and comparison; its business sees it with the
    reason."""
    return kit.hide(target=offer, moderator=moderator, reason=reason)


def restore_offer(*, offer: Offer, moderator: User, reason: str = "") -> Offer:
    """Show a hidden offer again."""
    return kit.restore(target=offer, moderator=moderator, reason=reason)
