"""Who receives the e-letter, and the unsubscribe headers of each copy: the one place that
asks the notification preferences (part NOTIFY) about kind "letter"."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from portal.accounts.models import User
from tenants.addresses import town_url

KIND = "letter"


def letter_recipients() -> QuerySet[User]:
    """Everyone of the town with a confirmed address who may take part and has not opted out.

    Until the notification preferences are merged: every active, approved account with a
    confirmed address (managed residents without one get the printed letter)."""
    return User.objects.filter(
        is_active=True,
        status=User.Status.ACTIVE,
        email__isnull=False,
        email_verified_at__isnull=False,
    ).order_by()


def unsubscribe_url(user: User) -> str:
    """Where `user` stops receiving the letter (absolute).

    Until the notification preferences are merged: the person's profile page."""
    return town_url(reverse("accounts:profile"))


def unsubscribe_headers(user: User) -> dict[str, str]:
    """`List-Unsubscribe` and `List-Unsubscribe-Post` of kind "letter" for `user`'s copy."""
    return {}
