"""Reads of the e-letter."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from .models import Delivery, Letter


def letters() -> QuerySet[Letter]:
    """Every letter of the town, newest quarter first (for the console)."""
    return Letter.objects.select_related("created_by", "sent_by").order_by("-year", "-quarter")


def public_letters() -> QuerySet[Letter]:
    """Letters whose sending has started: they are public pages."""
    return Letter.objects.exclude(status=Letter.Status.DRAFT).order_by("-year", "-quarter")


def letter_with_sections(letter: Letter) -> tuple[Letter, list[dict[str, str]]]:
    """The letter and its sections as plain values (for the mail, the page and the PDF)."""
    sections = [
        {"heading": s.heading, "body": s.body} for s in letter.sections.order_by("position")
    ]
    return letter, sections


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    waiting: int  # not yet taken by a batch, or taken by one whose lease ran out
    in_flight: int  # taken by a batch now
    uncertain: int  # a dead worker was handing it to the server: perhaps received
    skipped: int
    failed: int
    bounced: int  # sent, then reported undeliverable by the mail provider


def progress(letter: Letter) -> Progress:
    """How far the sending of `letter` is (one query)."""
    counts = Delivery.objects.filter(letter=letter).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        waiting=Count("pk", filter=Q(status=Delivery.Status.PENDING)),
        in_flight=Count(
            "pk", filter=Q(status__in=[Delivery.Status.CLAIMED, Delivery.Status.SENDING])
        ),
        uncertain=Count("pk", filter=Q(status=Delivery.Status.UNCERTAIN)),
        skipped=Count("pk", filter=Q(status=Delivery.Status.SKIPPED)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        bounced=Count("pk", filter=Q(bounced_at__isnull=False)),
    )
    return Progress(**counts)
