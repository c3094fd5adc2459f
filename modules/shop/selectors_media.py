"""Reads of a provider's photos and video clip."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from portal.accounts.models import User

from .models import Provider
from .models_media import ProviderClip, ProviderPhoto
from .selectors import visible_provider


@dataclass(frozen=True)
class ProviderMedia:
    """What the profile page shows besides the text: the gallery and the video."""

    photos: list[ProviderPhoto]
    clip: ProviderClip | None


def media_of(provider: Provider) -> ProviderMedia:
    """The provider's photos in their order and its clip (two queries)."""
    photos = list(provider.photos.all())
    for photo in photos:
        photo.provider = provider  # alt() needs the name; no query per photo
    clip = ProviderClip.objects.filter(provider=provider).first()
    if clip is not None:
        clip.provider = provider
    return ProviderMedia(photos=photos, clip=clip)


def photo_for(*, public_id: str) -> ProviderPhoto | None:
    """A photo with its provider, by its public id."""
    return ProviderPhoto.objects.select_related("provider").filter(public_id=public_id).first()


def uploaded_clip_of(*, slug: str) -> ProviderClip | None:
    """The provider's clip if it is an uploaded file."""
    return (
        ProviderClip.objects.select_related("provider")
        .filter(provider__slug=slug)
        .exclude(file="")
        .first()
    )


def may_see_files(*, provider: Provider, user: User | AnonymousUser) -> bool:
    """Whoever may see the profile may see its files (owner and moderators before approval)."""
    return visible_provider(slug=provider.slug, user=user) is not None
