"""Who receives the e-letter, and the unsubscribe link and headers of each copy: the one
place that asks the notification preferences about kind "letter"."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.urls import reverse

from portal.accounts.models import User
from portal.notifications import unsubscribe
from portal.notifications.selectors import people_receiving
from tenants.addresses import town_url

KIND = "letter"


def letter_recipients() -> QuerySet[User]:
    """Everyone who has not switched the letter off, with a confirmed address, and whose
    account is approved and not blocked (managed residents without one get it printed)."""
    return (
        people_receiving(KIND)
        .filter(status=User.Status.ACTIVE, email_verified_at__isnull=False)
        .order_by()
    )


def unsubscribe_links() -> Callable[[User], tuple[str, dict[str, str]]]:
    """A function giving a person's one-click address that switches the letter off
    (absolute, shown in the mail) and the same link as `List-Unsubscribe` and
    `List-Unsubscribe-Post` headers. The town's address is looked up once, not per mail."""
    base = town_url("")

    def for_person(user: User) -> tuple[str, dict[str, str]]:
        token = unsubscribe.unsubscribe_token(user, KIND)
        url = base + reverse("notifications:unsubscribe", args=[token])
        return url, unsubscribe.headers_for(url)

    return for_person
