"""An offer's photos: adding (with a short description), deleting (after a confirmation
page), and the file itself, private until the offer is public."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.permissions import participation_required
from portal.files import private_file_response, public_file_response
from portal.requests import TownRequest
from portal.validation import add_service_errors

from .. import services
from ..forms import OfferPhotoForm
from ..models import OfferPhoto
from ..selectors_offers import may_maintain, photo_for
from .offers import _maintained


@participation_required
@require_http_methods(["GET", "POST"])
def offer_photos(request: TownRequest, public_id: UUID) -> HttpResponse:
    offer = _maintained(request, public_id)
    form = OfferPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            services.add_offer_photo(
                offer=offer,
                by=request.user,
                upload=upload,
                size=upload.size,
                alt_text=form.cleaned_data["alt_text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect("shop:offer_photos", public_id=offer.public_id)
    return render(
        request,
        "shop/offer_photos.html",
        {
            "offer": offer,
            "form": form,
            "photos": list(offer.photos.all()),
            "max": services.MAX_PHOTOS,
        },
        status=400 if form.errors else 200,
    )


def _maintained_photo(request: TownRequest, public_id: UUID) -> OfferPhoto:
    photo = photo_for(public_id)
    if photo is None:
        raise Http404
    if not may_maintain(user=request.user, offer=photo.offer):
        # Someone who may see the offer learns they may not change it; others learn nothing.
        if photo.offer.is_public:
            raise PermissionDenied
        raise Http404
    return photo


@participation_required
@require_http_methods(["GET", "POST"])
def offer_photo_delete(request: TownRequest, public_id: UUID) -> HttpResponse:
    photo = _maintained_photo(request, public_id)
    back = reverse("shop:offer_photos", args=[photo.offer.public_id])
    if request.method == "POST":
        services.delete_offer_photo(photo=photo, by=request.user)
        messages.success(request, _("The photo has been removed."))
        return redirect("shop:offer_photos", public_id=photo.offer.public_id)
    return render(
        request,
        "portal/confirm.html",
        {
            "title": _("Remove this photo?"),
            "consequences": [
                _("The photo of “%(offer)s” is deleted for good.") % {"offer": photo.offer.title}
            ],
            "confirm_label": _("Yes, remove the photo"),
            "back": back,
        },
    )


@require_GET
def offer_photo_file(request: TownRequest, public_id: UUID) -> FileResponse:
    """Cacheable while the offer is public; otherwise only for whoever maintains it."""
    photo = photo_for(public_id)
    if photo is None:
        raise Http404
    name = str(photo.image.name)
    if photo.offer.is_public:
        return public_file_response(path=name)
    user = request.user
    allowed = user.is_authenticated and (
        user.is_moderator or photo.offer.provider.owner_id == user.pk
    )
    return private_file_response(request, path=name, allowed=allowed)
