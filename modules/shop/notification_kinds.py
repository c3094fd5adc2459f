"""What the shop notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import NotificationKind

PROVIDER_NEWS = NotificationKind("shop_provider", _("News about your business profile"))
# The day-before reminder is worth something only before the appointment: at once by default.
REMINDERS = NotificationKind("shop_reminders", _("Reminders the day before an appointment"))
NOTIFICATION_KINDS = (PROVIDER_NEWS, REMINDERS)
