"""What neighbourly help notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import IMMEDIATE, OFF, NotificationKind

# --- rides (Seniorenmobil) ---
# A resident's ride bookings and a driver's rides: booked, assigned, handed back, cancelled.
# No digest: a cancelled ride told a day late is told too late.
RIDE_NEWS = NotificationKind(
    "volunteer_rides",
    _("Your rides: bookings, drivers and cancellations"),
    choices=(IMMEDIATE, OFF),
)
RIDE_KINDS = (RIDE_NEWS,)
# --- end rides ---

NOTIFICATION_KINDS = (*RIDE_KINDS,)
