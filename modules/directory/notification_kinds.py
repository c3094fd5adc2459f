"""What the directory notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import NotificationKind

ORGANISATIONS = NotificationKind(
    "directory_organisations", _("News about the organisations you represent")
)
NOTIFICATION_KINDS = (ORGANISATIONS,)
