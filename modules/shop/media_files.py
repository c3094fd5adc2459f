"""Serving a provider's photos and uploaded video: public (cacheable) once the provider is
approved; before that only for its owner and the moderators, never cached."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, Http404, HttpResponseBase
from django.views.decorators.http import require_safe

from portal.file_ranges import ranged_file_response
from portal.files import private_file_response, public_file_response
from portal.requests import TownRequest

from .selectors_media import may_see_files, photo_for, uploaded_clip_of


@require_safe
def provider_photo(request: TownRequest, public_id: UUID) -> FileResponse:
    photo = photo_for(public_id=str(public_id))
    if photo is None:
        raise Http404
    name = str(photo.image.name)
    if photo.provider.is_public:
        return public_file_response(path=name)
    allowed = may_see_files(provider=photo.provider, user=request.user)
    return private_file_response(request, path=name, allowed=allowed)


@require_safe
def provider_video(request: TownRequest, slug: str) -> HttpResponseBase:
    clip = uploaded_clip_of(slug=slug)
    if clip is None:
        raise Http404
    public = clip.provider.is_public
    allowed = public or may_see_files(provider=clip.provider, user=request.user)
    return ranged_file_response(request, path=str(clip.file.name), allowed=allowed, public=public)
