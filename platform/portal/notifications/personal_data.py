"""What the notifications keep of a person: their inbox, their e-mail choices, their digests."""

from __future__ import annotations

from typing import Any

from portal.personal_data import ExportPart, PersonalData

from .models import Digest, Notification, Preference


def export_notifications(user: Any) -> ExportPart:
    inbox = list(
        Notification.objects.filter(user=user)
        .order_by("created_at", "pk")
        .values("kind", "title", "body", "link", "created_at", "read_at", "emailed_at")
    )
    choices = list(Preference.objects.filter(user=user).order_by("kind").values("kind", "choice"))
    digests = list(Digest.objects.filter(user=user).order_by("pk").values("frequency", "period"))
    return ExportPart(data={"inbox": inbox, "email_choices": choices, "digests": digests})


def erase_notifications(user: Any) -> None:
    # Notifications first: they point at the digests that carried them.
    Notification.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()


NOTIFICATIONS = PersonalData(
    key="notifications",
    export=export_notifications,
    erase=erase_notifications,
    covers=(
        "notifications.Notification.user",
        "notifications.Preference.user",
        "notifications.Digest.user",
    ),
)
