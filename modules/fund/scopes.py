"""What a resident can allow the network office to do for them in the LQ Fonds."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.behalf.scopes import ActFor, ConsentScope

VOTING = "fund_voting"
PROPOSING = "fund_proposals"

CONSENT_SCOPES = (
    ConsentScope(
        key=VOTING,
        label=_("Cast this person's ballot in the LQ Fonds as they say it by phone"),
        actions=(ActFor(_("Record a ballot by phone for this person"), "fund:assisted_for"),),
    ),
    ConsentScope(
        key=PROPOSING,
        label=_("Propose projects to the LQ Fonds for this person"),
        actions=(
            ActFor(_("Propose a project to the LQ Fonds for this person"), "fund:propose_for"),
        ),
    ),
)
