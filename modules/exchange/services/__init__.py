"""Writes of the exchange. Split by subject; import from here."""

from .listings import (
    add_listing_photo,
    create_listing,
    delete_listing,
    delete_listing_photo,
    mark_listing_taken,
    renew_listing,
    update_listing,
)
from .messaging import mark_thread_read, send_message
from .moderation import (
    block_user,
    dismiss_report,
    hide_listing,
    hide_message,
    report_content,
    restore_listing,
    restore_message,
    update_settings,
)
from .timebank import (
    confirm_transfer,
    decline_transfer,
    ensure_time_account,
    propose_transfer,
    record_transfer_for,
    reverse_transfer,
)

__all__ = [
    "add_listing_photo",
    "block_user",
    "confirm_transfer",
    "create_listing",
    "decline_transfer",
    "delete_listing",
    "delete_listing_photo",
    "dismiss_report",
    "ensure_time_account",
    "hide_listing",
    "hide_message",
    "mark_listing_taken",
    "mark_thread_read",
    "propose_transfer",
    "record_transfer_for",
    "renew_listing",
    "report_content",
    "restore_listing",
    "restore_message",
    "reverse_transfer",
    "send_message",
    "update_listing",
    "update_settings",
]
