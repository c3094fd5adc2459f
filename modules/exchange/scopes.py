"""What a resident can allow a network manager to do for them in the exchange (declared with
the module in apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.behalf.scopes import ActFor, ConsentScope

LISTINGS = "exchange_listings"
MESSAGES = "exchange_messages"
TIME = "exchange_time"

CONSENT_SCOPES = (
    ConsentScope(
        key=LISTINGS,
        label=_("Post listings in the swap exchange"),
        actions=(ActFor(_("Post a listing for this person"), "exchange:behalf_create"),),
    ),
    ConsentScope(
        key=MESSAGES,
        label=_("Read and answer messages in the swap exchange"),
        actions=(ActFor(_("Answer messages for this person"), "exchange:behalf_threads"),),
    ),
    ConsentScope(
        key=TIME,
        label=_("Confirm and record time in the time bank"),
        actions=(ActFor(_("Confirm time for this person"), "exchange:behalf_account"),),
    ),
)
