"""A provider's photos and video clip: the page that lists them, adding, removing, setting
the video. For the owner and the town's moderators (the same check as editing the profile)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts.permissions import participation_required
from portal.forms_views import form_page, post_action
from portal.requests import TownRequest

from .. import services
from ..forms import ClipForm, PhotoForm
from ..models import Provider
from ..models_media import MAX_PHOTOS, ProviderPhoto
from ..selectors_media import media_of
from ..videos import max_video_bytes
from .providers import editable_provider


def _media_url(provider: Provider) -> str:
    return reverse("shop:media", args=[provider.slug])


@participation_required
@require_http_methods(["GET"])
def provider_media(request: TownRequest, slug: str) -> HttpResponse:
    provider = editable_provider(request, slug)
    media = media_of(provider)
    return render(
        request,
        "shop/media.html",
        {
            "provider": provider,
            "media": media,
            "max_photos": MAX_PHOTOS,
            "may_add_photo": len(media.photos) < MAX_PHOTOS,
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def photo_add(request: TownRequest, slug: str) -> HttpResponse:
    provider = editable_provider(request, slug)

    def add(data: dict[str, Any]) -> object:
        upload = data["image"]
        return services.add_provider_photo(
            provider=provider,
            by=request.user,
            upload=upload,
            size=upload.size,
            alt_text=data["alt_text"],
        )

    return form_page(
        request,
        form_class=PhotoForm,
        template="shop/photo_form.html",
        action=add,
        done=_("The photo has been added."),
        redirect_to=_media_url(provider),
        context={"provider": provider},
    )


def _photo(provider: Provider, public_id: UUID) -> ProviderPhoto:
    photo = provider.photos.filter(public_id=public_id).first()
    if photo is None:
        raise Http404
    return photo


@participation_required
@require_http_methods(["GET", "POST"])
def photo_remove(request: TownRequest, slug: str, public_id: UUID) -> HttpResponse:
    provider = editable_provider(request, slug)
    photo = _photo(provider, public_id)
    if request.method == "POST":
        return post_action(
            request,
            run=lambda: services.remove_provider_photo(photo=photo, by=request.user),
            success=_("The photo has been removed."),
            redirect_to=_media_url(provider),
        )
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Remove this photo?"),
            "intro": photo.alt_text or None,
            "consequences": [_("The photo is no longer shown on the business's page.")],
            "confirm_label": _("Yes, remove the photo"),
            "back": _media_url(provider),
        },
    )


@participation_required
@require_http_methods(["GET", "POST"])
def clip_set(request: TownRequest, slug: str) -> HttpResponse:
    provider = editable_provider(request, slug)

    def save(data: dict[str, Any]) -> object:
        upload = data.get("file") or None
        return services.set_provider_clip(
            provider=provider,
            by=request.user,
            upload=upload,
            size=upload.size if upload is not None else None,
            link=data["link"],
            description=data["description"],
        )

    return form_page(
        request,
        form_class=ClipForm,
        template="shop/clip_form.html",
        action=save,
        done=_("The video has been saved."),
        redirect_to=_media_url(provider),
        context={"provider": provider, "clip": media_of(provider).clip},
        form_kwargs={"max_mb": max_video_bytes() // (1024 * 1024)},
    )


@participation_required
@require_http_methods(["GET", "POST"])
def clip_remove(request: TownRequest, slug: str) -> HttpResponse:
    provider = editable_provider(request, slug)
    if media_of(provider).clip is None:
        messages.info(request, _("This business has no video."))
        return HttpResponseRedirect(_media_url(provider))
    if request.method == "POST":
        return post_action(
            request,
            run=lambda: services.remove_provider_clip(provider=provider, by=request.user),
            success=_("The video has been removed."),
            redirect_to=_media_url(provider),
        )
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Remove the video?"),
            "consequences": [_("The video is no longer shown on the business's page.")],
            "confirm_label": _("Yes, remove the video"),
            "back": _media_url(provider),
        },
    )
