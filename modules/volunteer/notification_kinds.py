"""What neighbourly help notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import IMMEDIATE, OFF, NotificationKind

# The volunteer's own news: the coordinator's decisions, a check about to expire or expired,
# a new request in a service they help in, an assignment, a cancellation. At once: help is
# for a day.
HELPING = NotificationKind(
    "volunteer_helping", _("News about your volunteering"), choices=(IMMEDIATE, OFF)
)
# The coordinator's: a new volunteer waits for vetting, a helper's check expires, a request
# is new, cancelled or needs a new helper.
COORDINATION = NotificationKind(
    "volunteer_coordination",
    _("New volunteers, requests and expiring checks in services you coordinate"),
)
# A resident's requests: approved, who will come, done, cancelled. At once: help is for a day.
REQUEST_NEWS = NotificationKind(
    "volunteer_requests", _("News about your requests for help"), choices=(IMMEDIATE, OFF)
)
# A message in the thread of a request or a ride.
MESSAGES = NotificationKind(
    "volunteer_messages", _("Messages about your help requests and rides"), choices=(IMMEDIATE, OFF)
)
# The ride service (Seniorenmobil):
# A resident's ride bookings and a driver's rides: booked, assigned, handed back, cancelled.
# No digest: a cancelled ride told a day late is told too late.
RIDE_NEWS = NotificationKind(
    "volunteer_rides",
    _("Your rides: bookings, drivers and cancellations"),
    choices=(IMMEDIATE, OFF),
)
NOTIFICATION_KINDS = (HELPING, COORDINATION, REQUEST_NEWS, MESSAGES, RIDE_NEWS)
