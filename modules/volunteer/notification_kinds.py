"""What neighbourly help notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import NotificationKind

# The volunteer's own news: the coordinator's decisions, a check about to expire or expired.
HELPING = NotificationKind("volunteer_helping", _("News about your volunteering"))
# The coordinator's: a new volunteer waits for vetting, a helper's check expires.
COORDINATION = NotificationKind(
    "volunteer_coordination", _("New volunteers and expiring checks in services you coordinate")
)
NOTIFICATION_KINDS = (HELPING, COORDINATION)
