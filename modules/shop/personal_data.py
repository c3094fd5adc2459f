"""What the shop keeps of a person: the business profiles they own.

Deleting the account leaves the profile to the town (the network manager can hand it over
again); it no longer points at the person."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from portal.personal_data import ExportFile, ExportPart, PersonalData

from .models import Provider


def export_shop(user: Any) -> ExportPart:
    owned = []
    files = []
    for provider in Provider.objects.filter(owner=user):
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
        owned.append(entry)
    created = list(Provider.objects.filter(created_by=user).values("name", "slug", "created_at"))
    return ExportPart(data={"providers_owned": owned, "providers_created": created}, files=files)


def erase_shop(user: Any) -> None:
    Provider.objects.filter(owner=user).update(owner=None)
    Provider.objects.filter(created_by=user).update(created_by=None)


SHOP = PersonalData(
    key="shop",
    export=export_shop,
    erase=erase_shop,
    covers=("shop.Provider.owner", "shop.Provider.created_by"),
    excluded={"shop.Provider.reviewed_by": "the moderator who reviewed a profile"},
)
