"""What a resident can allow a network manager (or the service's coordinator, who is given
the network manager's consent the same way) to do for them in neighbourly help."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.behalf.scopes import ActFor, ConsentScope

REQUESTS = "volunteer_requests"

CONSENT_SCOPES = (
    ConsentScope(
        key=REQUESTS,
        label=_("Ask volunteer services for help and book rides, and cancel them"),
        actions=(
            ActFor(
                _("Ask a volunteer service for help for this person"), "volunteer:behalf_services"
            ),
        ),
    ),
)
