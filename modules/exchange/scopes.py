"""What a resident can allow a network manager to do for them in the exchange."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.behalf.scopes import ActFor, register_consent_scope

LISTINGS = "exchange_listings"
MESSAGES = "exchange_messages"
TIME = "exchange_time"


def register_exchange_scopes() -> None:
    """Called once from the app's `ready()`."""
    register_consent_scope(
        LISTINGS,
        _("Post listings in the swap exchange"),
        module="exchange",
        actions=(ActFor(_("Post a listing for this person"), "exchange:behalf_create"),),
    )
    register_consent_scope(
        MESSAGES,
        _("Read and answer messages in the swap exchange"),
        module="exchange",
        actions=(ActFor(_("Answer messages for this person"), "exchange:behalf_threads"),),
    )
    register_consent_scope(
        TIME,
        _("Confirm and record time in the time bank"),
        module="exchange",
        actions=(ActFor(_("Confirm time for this person"), "exchange:behalf_account"),),
    )
