"""Writes on the shop: provider profiles (creating, editing, approving, handing over)."""

from . import claims
from .claims import CLAIM_MAX_AGE, claim_provider, make_claim_token, read_claim
from .media import (
    add_provider_photo,
    remove_provider_clip,
    remove_provider_photo,
    set_provider_clip,
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
    "PROFILE_FIELDS",
    "add_provider_photo",
    "approve_provider",
    "claim_provider",
    "claims",
    "create_provider",
    "make_claim_token",
    "read_claim",
    "reject_provider",
    "remove_provider_clip",
    "remove_provider_photo",
    "set_provider_clip",
    "update_provider",
]
