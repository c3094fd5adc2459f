"""Reads of the shop's providers."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from portal.accounts.models import Role, User
from portal.search.matching import closest

from .models import Provider
from .selectors_offers import OfferFilters, public_offers, searched


def public_providers() -> QuerySet[Provider]:
    return Provider.objects.filter(status=Provider.Status.APPROVED).order_by("name", "id")


def find_providers(filters: OfferFilters) -> QuerySet[Provider]:
    """Approved businesses narrowed by `filters` (district: theirs; category and price
    model: one of their public offers has it); with a query, those matching it (the shared
    search: stems, compounds, typos), best first. What cannot be searched for is ignored."""
    providers = public_providers()
    if filters.district:
        providers = providers.filter(districts__contains=[filters.district])
    if filters.category or filters.price_model:
        offers = public_offers().filter(provider=OuterRef("pk"))
        if filters.category:
            offers = offers.filter(category__slug=filters.category)
        if filters.price_model:
            offers = offers.filter(price_model=filters.price_model)
        providers = providers.filter(Exists(offers))
    search = searched(filters.query)
    return closest(providers, search) if search is not None else providers


def pending_providers() -> QuerySet[Provider]:
    return (
        Provider.objects.filter(status=Provider.Status.PENDING)
        .select_related("created_by")
        .order_by("created_at")
    )


def providers_of(*, user: User | AnonymousUser) -> QuerySet[Provider]:
    if not isinstance(user, User):
        return Provider.objects.none()
    return Provider.objects.filter(owner=user).order_by("name")


def can_edit(*, user: User | AnonymousUser, provider: Provider) -> bool:
    """Its owner (who may take part) and the town's moderators may edit a profile."""
    if not isinstance(user, User) or not user.can_participate:
        return False
    return user.is_moderator or provider.owner_id == user.pk


def may_create(*, user: User | AnonymousUser) -> bool:
    """Businesses and the network manager create profiles (the page asks others to log in)."""
    if not isinstance(user, User):
        return True
    return user.is_moderator or user.has_role(Role.PROVIDER)


def may_hand_over(*, user: User | AnonymousUser, provider: Provider) -> bool:
    """A moderator may hand a profile without owner over to its business."""
    return isinstance(user, User) and user.is_moderator and provider.owner_id is None


def visible_provider(*, slug: str, user: User | AnonymousUser) -> Provider | None:
    """The provider if `user` may see it: public, or theirs, or they moderate."""
    provider = Provider.objects.filter(slug=slug).first()
    if provider is None:
        return None
    if provider.is_public:
        return provider
    if isinstance(user, User) and (user.is_moderator or provider.owner_id == user.pk):
        return provider
    return None


def content_counts() -> list[str]:
    from django.utils.translation import ngettext

    count = Provider.objects.count()
    return [ngettext("%(n)d business", "%(n)d businesses", count) % {"n": count}] if count else []
