"""What a resident can allow a network manager to do for them in the shop (declared with the
module in apps.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.behalf.scopes import ActFor, ConsentScope

REQUESTS = "shop_requests"

CONSENT_SCOPES = (
    ConsentScope(
        key=REQUESTS,
        label=_("Request services from local businesses and confirm or cancel orders"),
        actions=(ActFor(_("Request a service for this person"), "shop:behalf_offers"),),
    ),
)
