"""What the local information notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import NotificationKind

MENUS = NotificationKind("info_menus", _("Your lunch menus running out"))
# The link check runs once a day and sends one list per run: a digest of its own already.
DEAD_LINKS = NotificationKind(
    "info_dead_links", _("Links that no longer work"), for_moderators=True
)
NOTIFICATION_KINDS = (MENUS, DEAD_LINKS)
