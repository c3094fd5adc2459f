"""A driver's private calendar address (`/volunteer/drivers/calendar/<token>.ics`): made or
renewed by the driver; a new token revokes the old address at once. The token is the only
key (256 random bits), as for the shop's business calendars."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.letters.periods import town_today

from ..models import Service
from ..models_rides import DriverFeed
from ..selectors_helpers import assignable_helpers


def _check(service: Service, driver: User) -> None:
    if not assignable_helpers(service, day=town_today()).filter(user=driver).exists():
        raise PermissionDenied(_("Only the service's drivers have a ride calendar."))


@transaction.atomic
def renew_driver_feed(*, service: Service, driver: User) -> DriverFeed:
    """The driver's feed with a new secret address (made now if there was none)."""
    _check(service, driver)
    feed = DriverFeed.objects.select_for_update().filter(service=service, driver=driver).first()
    if feed is None:
        try:
            with transaction.atomic():
                return DriverFeed.objects.create(
                    service=service, driver=driver, token=secrets.token_urlsafe(32)
                )
        except IntegrityError:  # a parallel click made it a moment ago
            feed = DriverFeed.objects.select_for_update().get(service=service, driver=driver)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed


@transaction.atomic
def revoke_driver_feed(*, service: Service, driver: User) -> bool:
    """Switch the address off; False if there was none."""
    deleted, _rows = DriverFeed.objects.filter(service=service, driver=driver).delete()
    return bool(deleted)
