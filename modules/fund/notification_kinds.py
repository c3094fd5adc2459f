"""What the LQ Fonds notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import IMMEDIATE, OFF, NotificationKind

# Voting has opened (one message per voter and round) and the result is out.
ROUNDS = NotificationKind("fund_rounds", _("LQ Fonds: voting opens and results"))
# A proposer's proposal: approved, on the shortlist or not (with the reason), its payout.
PROPOSALS = NotificationKind(
    "fund_proposals", _("LQ Fonds: news about your proposals"), choices=(IMMEDIATE, OFF)
)
# The committee's: the review has begun, proposals wait for recommendations.
COMMITTEE = NotificationKind("fund_committee", _("LQ Fonds: the committee's review"))
# The winning organisation's: the impact report is due soon or overdue.
IMPACT = NotificationKind(
    "fund_impact", _("LQ Fonds: impact report reminders"), choices=(IMMEDIATE, OFF)
)
NOTIFICATION_KINDS = (ROUNDS, PROPOSALS, COMMITTEE, IMPACT)
