"""Who receives the e-letter, and the unsubscribe link and headers of each copy: the one
place that asks the notification preferences about kind "letter"."""

from __future__ import annotations

from django.db.models import QuerySet

from portal.accounts.models import User
from portal.notifications import unsubscribe
from portal.notifications.selectors import people_receiving

KIND = "letter"


def letter_recipients() -> QuerySet[User]:
    """Everyone who has not switched the letter off, with a confirmed address, and whose
    account is approved and not blocked (managed residents without one get it printed)."""
    return (
        people_receiving(KIND)
        .filter(status=User.Status.ACTIVE, email_verified_at__isnull=False)
        .order_by()
    )


def unsubscribe_for(user: User) -> tuple[str, dict[str, str]]:
    """The one-click address that switches the letter off for `user` (absolute, shown in the
    mail) and the same link as `List-Unsubscribe` / `List-Unsubscribe-Post` headers."""
    url = unsubscribe.unsubscribe_url(user, KIND)
    return url, unsubscribe.headers_for(url)
