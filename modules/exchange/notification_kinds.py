"""What the exchange notifies people of (declared in its registry entry)."""

from uuid import UUID

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import NotificationKind

MESSAGES = NotificationKind("exchange_messages", _("New messages about listings"))
TRANSFERS = NotificationKind("exchange_transfers", _("Time transfers to confirm"))
# A reminder is worth something only before the listing expires: at once by default.
REMINDERS = NotificationKind("exchange_reminders", _("Reminders before your listings expire"))
# A moderator's decision about one's own listing is heard at once, with its reason.
LISTINGS = NotificationKind("exchange_listings", _("Moderators' decisions about your listings"))
NOTIFICATION_KINDS = (MESSAGES, TRANSFERS, REMINDERS, LISTINGS)


def thread_target(public_id: UUID) -> str:
    """The notifications' target of a conversation: reading it marks its news read."""
    return f"exchange:thread:{public_id}"


def transfer_target(public_id: UUID) -> str:
    """The notifications' target of a proposed transfer: settling it marks its news read."""
    return f"exchange:transfer:{public_id}"
