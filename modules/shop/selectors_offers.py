"""Reads of offers: what is public, who may see a draft, finding and counting."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet

from portal.accounts.models import User
from portal.search.matching import closest
from portal.search.query import BadSearch, SearchQuery, parse_query

from .models import Category, Offer, OfferPhoto, PriceModel, Provider


def public_offers() -> QuerySet[Offer]:
    """Published, not hidden offers of approved businesses."""
    return Offer.objects.filter(
        status=Offer.Status.PUBLISHED,
        is_hidden=False,
        provider__status=Provider.Status.APPROVED,
    ).select_related("provider", "category")


def may_maintain(*, user: User | AnonymousUser, offer: Offer) -> bool:
    """Whether `user` maintains the offer's business (its owner, or the network manager)."""
    return (
        isinstance(user, User)
        and user.is_authenticated
        and user.can_participate
        and (user.is_moderator or offer.provider.owner_id == user.pk)
    )


def visible_offer(*, public_id: UUID | str, user: User | AnonymousUser) -> Offer | None:
    """The offer if it is public, or `user` maintains its business, or moderates."""
    try:
        offer = (
            Offer.objects.select_related("provider", "category").filter(public_id=public_id).first()
        )
    except (ValueError, TypeError):
        return None
    if offer is None:
        return None
    if offer.is_public:
        return offer
    if (
        isinstance(user, User)
        and user.is_authenticated
        and (user.is_moderator or offer.provider.owner_id == user.pk)
    ):
        return offer
    return None


@dataclass(frozen=True)
class OfferFilters:
    """What a resident narrowed the list to (all optional; unknown values are ignored)."""

    query: str = ""
    category: str = ""
    district: str = ""
    price_model: str = ""


def searched(query: str) -> SearchQuery | None:
    """The shared search for `query`; None when there is nothing to search for (ignored)."""
    try:
        return parse_query(query)
    except BadSearch:
        return None


def _filtered(offers: QuerySet[Offer], filters: OfferFilters) -> QuerySet[Offer]:
    if filters.district:
        offers = offers.filter(districts__contains=[filters.district])
    if filters.price_model in PriceModel.values:
        offers = offers.filter(price_model=filters.price_model)
    return offers


def find_offers(filters: OfferFilters) -> QuerySet[Offer]:
    """Public offers narrowed by `filters`; with a query, those matching it through the
    shared search (stems, compounds, typos), best first."""
    offers = _filtered(public_offers(), filters)
    if filters.category:
        offers = offers.filter(category__slug=filters.category)
    search = searched(filters.query)
    if search is None:
        return offers.order_by("title", "pk")
    return closest(offers, search)


@dataclass(frozen=True)
class CategoryCount:
    slug: str
    name: str
    count: int


def category_counts(filters: OfferFilters) -> list[CategoryCount]:
    """The active categories with how many public offers each has under the other filters
    (not the search: counting search hits per category would rank every row twice)."""
    offers = _filtered(public_offers(), filters)
    counts = dict(
        offers.order_by()
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    return [
        CategoryCount(c.slug, c.name, counts.get(c.pk, 0))
        for c in Category.objects.filter(is_active=True)
    ]


def district_choices() -> list[str]:
    """Every district some public offer names, sorted (for the filter)."""
    names: set[str] = set()
    for districts in public_offers().values_list("districts", flat=True).distinct():
        names.update(districts)
    return sorted(names)


def offers_of_provider(*, provider: Provider, user: User | AnonymousUser) -> QuerySet[Offer]:
    """The provider's offers as `user` sees them: public ones, or all of them for whoever
    maintains the business (drafts, withdrawn and hidden ones too)."""
    offers = Offer.objects.filter(provider=provider).select_related("provider", "category")
    maintains = isinstance(user, User) and (
        user.is_moderator or (user.is_authenticated and provider.owner_id == user.pk)
    )
    if maintains:
        return offers.order_by("status", "title")
    if not provider.is_public:
        return offers.none()
    return offers.filter(status=Offer.Status.PUBLISHED, is_hidden=False).order_by("title")


def photo_for(public_id: UUID | str) -> OfferPhoto | None:
    """An offer photo with its offer and business."""
    return (
        OfferPhoto.objects.select_related("offer", "offer__provider")
        .filter(public_id=public_id)
        .first()
    )
