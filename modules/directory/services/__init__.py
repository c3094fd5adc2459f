"""Writes on the directory: registering, editing, moderating and reviewing organisations,
their offerings and their representatives. Split by topic; import from here."""

from ._editing import MAX_CATEGORIES, OFFERING_FIELDS, PROFILE_FIELDS, REQUIRED_FIELDS
from ._people import can_edit, is_representative
from .offerings import add_offering, remove_offering, update_offering
from .organisations import (
    approve_organisation,
    confirm_organisation_current,
    register_organisation,
    reject_organisation,
    update_organisation,
)
from .representatives import (
    INVITATION_DAYS,
    INVITATION_MAX_AGE,
    accept_invitation,
    invite_representative,
    make_invitation_token,
    read_invitation,
    remove_representative,
)
from .reviews import get_settings, send_review_reminders, update_settings

__all__ = [
    "INVITATION_DAYS",
    "INVITATION_MAX_AGE",
    "MAX_CATEGORIES",
    "OFFERING_FIELDS",
    "PROFILE_FIELDS",
    "REQUIRED_FIELDS",
    "accept_invitation",
    "add_offering",
    "approve_organisation",
    "can_edit",
    "confirm_organisation_current",
    "get_settings",
    "invite_representative",
    "is_representative",
    "make_invitation_token",
    "read_invitation",
    "register_organisation",
    "reject_organisation",
    "remove_offering",
    "remove_representative",
    "send_review_reminders",
    "update_offering",
    "update_organisation",
    "update_settings",
]
