"""What neighbourly help notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import IMMEDIATE, OFF, NotificationKind

# A resident's requests: approved, who will come, done, cancelled. At once: help is for a day.
REQUEST_NEWS = NotificationKind(
    "volunteer_requests", _("News about your requests for help"), choices=(IMMEDIATE, OFF)
)
# Helpers and coordinators: a new request, an assignment, a cancellation.
HELPING_NEWS = NotificationKind(
    "volunteer_helping", _("Requests for the services you help in"), choices=(IMMEDIATE, OFF)
)
# A message in the thread of a request or a ride.
MESSAGES = NotificationKind(
    "volunteer_messages", _("Messages about your help requests and rides"), choices=(IMMEDIATE, OFF)
)
NOTIFICATION_KINDS = (REQUEST_NEWS, HELPING_NEWS, MESSAGES)
