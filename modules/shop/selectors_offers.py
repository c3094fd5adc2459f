"""Reads of offers: what is public, and who may see a draft."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from portal.accounts.models import User

from .models import Offer, Provider


def public_offers() -> QuerySet[Offer]:
    """Published, not hidden offers of approved businesses."""
    return Offer.objects.filter(
        status=Offer.Status.PUBLISHED,
        is_hidden=False,
        provider__status=Provider.Status.APPROVED,
    ).select_related("provider", "category")


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
