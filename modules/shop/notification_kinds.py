"""What the shop notifies people of (declared in its registry entry)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications.kinds import NotificationKind

PROVIDER_NEWS = NotificationKind("shop_provider", _("News about your business profile"))
NOTIFICATION_KINDS = (PROVIDER_NEWS,)
