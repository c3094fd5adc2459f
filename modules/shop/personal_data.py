"""What the shop keeps of a person: the business profiles they own, and their orders.

Deleting the account leaves the profile to the town (the network manager can hand it over
again); it no longer points at the person. The person's open orders are cancelled (the
business is told); every order keeps its number, offer, price and dates, because the
business's fee statement and the ledger refer to it, but what the person wrote (the need,
the place, the note, the phone number) is erased."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from portal.personal_data import ExportFile, ExportPart, PersonalData

from .models import Order, OrderEvent, Provider
from .models_media import ProviderClip


def export_shop(user: Any) -> ExportPart:
    owned: list[dict[str, Any]] = []
    files: list[ExportFile] = []
    for provider in Provider.objects.filter(owner=user).prefetch_related("photos"):
        entry = {
            "name": provider.name,
            "slug": provider.slug,
            "request_email": provider.request_email,
            "phone": provider.phone,
            "address": provider.address,
            "logo": "",
        }
        if provider.logo:
            name = f"{provider.slug}/{PurePosixPath(str(provider.logo.name)).name}"
            files.append(ExportFile(storage_name=str(provider.logo.name), name=name))
            entry["logo"] = name
        entry.update(_export_media(provider, files))
        owned.append(entry)
    created = list(Provider.objects.filter(created_by=user).values("name", "slug", "created_at"))
    orders = [
        {
            "number": order.number,
            "business": order.provider.name,
            "offer": order.offer_title,
            "status": order.status,
            "need": order.need,
            "place": order.place,
            "note": order.note,
            "contact_phone": order.contact_phone,
            "requested_at": order.requested_at,
            "appointment_start": order.appointment_start,
            "appointment_end": order.appointment_end,
        }
        for order in Order.objects.filter(resident=user).select_related("provider")
    ]
    return ExportPart(
        data={"providers_owned": owned, "providers_created": created, "orders": orders},
        files=files,
    )


def _export_media(provider: Provider, files: list[ExportFile]) -> dict[str, Any]:
    """The provider's photos and video clip: their files go into the export, the rest into
    the data."""
    photos = []
    for photo in provider.photos.all():
        name = f"{provider.slug}/photos/{PurePosixPath(str(photo.image.name)).name}"
        files.append(ExportFile(storage_name=str(photo.image.name), name=name))
        photos.append({"file": name, "alt_text": photo.alt_text, "position": photo.position})
    clip = ProviderClip.objects.filter(provider=provider).first()
    video: dict[str, str] | None = None
    if clip is not None:
        video = {"description": clip.description, "file": "", "host": clip.host}
        video["video_id"] = clip.video_id
        if clip.file:
            name = f"{provider.slug}/video/{PurePosixPath(str(clip.file.name)).name}"
            files.append(ExportFile(storage_name=str(clip.file.name), name=name))
            video["file"] = name
    return {"photos": photos, "video": video}


def erase_shop(user: Any) -> None:
    # The photos and the video belong to the business's profile, like its logo: they stay
    # with the profile, which no longer points at the person.
    Provider.objects.filter(owner=user).update(owner=None)
    Provider.objects.filter(created_by=user).update(created_by=None)
    _erase_orders(user)


def _erase_orders(user: Any) -> None:
    from django.utils.translation import gettext as _

    from .services.orders import OPEN_STATES, cancel_order

    for order in Order.objects.filter(resident=user, status__in=OPEN_STATES):
        cancel_order(order=order, by=user, reason=_("The resident's account was deleted."))
    Order.objects.filter(resident=user).update(need="–", place="–", note="", contact_phone="")
    Order.objects.filter(entered_by=user).update(entered_by=None)
    OrderEvent.objects.filter(actor=user).update(actor=None)
    OrderEvent.objects.filter(on_behalf_of=user).update(on_behalf_of=None)


SHOP = PersonalData(
    key="shop",
    export=export_shop,
    erase=erase_shop,
    covers=(
        "shop.Provider.owner",
        "shop.Provider.created_by",
        "shop.Order.resident",
        "shop.Order.entered_by",
        "shop.OrderEvent.actor",
        "shop.OrderEvent.on_behalf_of",
    ),
    excluded={
        "shop.Provider.reviewed_by": "the moderator who reviewed a profile",
        "shop.Offer.hidden_by": "the moderator who hid an offer",
    },
)
