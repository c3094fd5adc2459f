"""What the shop notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import IMMEDIATE, OFF, NotificationKind

PROVIDER_NEWS = NotificationKind("shop_provider", _("News about your business profile"))
# A resident's requests and orders: answers, appointments (with the .ics), cancellations.
# No digest: an appointment's calendar file travels only with the immediate e-mail, and an
# answer a day late is an answer too late.
ORDER_NEWS = NotificationKind(
    "shop_orders", _("Answers and appointments for your orders"), choices=(IMMEDIATE, OFF)
)
# The network manager's alerts: a request nobody answered in time.
ORDER_ALERTS = NotificationKind(
    "shop_order_alerts",
    _("Requests to businesses that were not answered in time"),
    for_moderators=True,
    choices=(IMMEDIATE, OFF),
)
# The day-before reminder is worth something only before the appointment: at once by default.
REMINDERS = NotificationKind("shop_reminders", _("Reminders the day before an appointment"))
NOTIFICATION_KINDS = (PROVIDER_NEWS, ORDER_NEWS, ORDER_ALERTS, REMINDERS)
