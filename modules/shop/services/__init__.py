"""Writes on the shop: provider profiles (creating, editing, approving, handing over),
offers and their photos."""

from . import claims
from .claims import CLAIM_MAX_AGE, claim_provider, make_claim_token, read_claim
from .media import (
    add_provider_photo,
    remove_provider_clip,
    remove_provider_photo,
    set_provider_clip,
)
from .offer_photos import MAX_PHOTOS, add_offer_photo, delete_offer_photo
from .offers import (
    create_offer,
    hide_offer,
    publish_offer,
    report_offer,
    restore_offer,
    update_offer,
    withdraw_offer,
)
from .providers import (
    PROFILE_FIELDS,
    approve_provider,
    create_provider,
    reject_provider,
    update_provider,
)

__all__ = [
    "CLAIM_MAX_AGE",
    "MAX_PHOTOS",
    "PROFILE_FIELDS",
    "add_offer_photo",
    "add_provider_photo",
    "approve_provider",
    "claim_provider",
    "claims",
    "create_offer",
    "create_provider",
    "delete_offer_photo",
    "hide_offer",
    "make_claim_token",
    "publish_offer",
    "read_claim",
    "reject_provider",
    "remove_provider_clip",
    "remove_provider_photo",
    "report_offer",
    "restore_offer",
    "set_provider_clip",
    "update_offer",
    "update_provider",
    "withdraw_offer",
]
