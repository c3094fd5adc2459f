"""What the e-letter keeps of a person: which letters were sent to them."""

from __future__ import annotations

from typing import Any

from portal.personal_data import ExportPart, PersonalData

from .models import Delivery


def export_letters(user: Any) -> ExportPart:
    copies = list(
        Delivery.objects.filter(user=user)
        .order_by("pk")
        .values(
            "letter__title", "letter__year", "letter__quarter", "status", "sent_at", "bounced_at"
        )
    )
    return ExportPart(data={"letters_sent_to_you": copies})


def erase_letters(user: Any) -> None:
    Delivery.objects.filter(user=user).delete()


LETTERS = PersonalData(
    key="letters",
    export=export_letters,
    erase=erase_letters,
    covers=("letters.Delivery.user",),
    excluded={
        "letters.Letter.created_by": (
            "the moderator who started a town's letter; the letter is the town's publication, "
            "kept, and names no one once the account is anonymised"
        ),
        "letters.Letter.sent_by": (
            "the moderator who sent a town's letter; kept for the same reason as its author"
        ),
    },
)
