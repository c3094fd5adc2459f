"""Demo part: vetting. The Elterninitiative Kinderzeit's babysitter service (made here by its
slugs if the help part has not made it yet) and four babysitters: two vetted with a valid
certificate of good conduct, one waiting for vetting, and one whose certificate expired
last week (still "vetted", so the coordinator sees the expired check and the log entry).

The history is written as rows with their past dates (the services work in the present and
would mail everyone); each row is found again by its person, so a second run adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from modules.directory.models import Category, Kind, Organisation
from portal.accounts.models import Role, User

from .models import (
    Check,
    CheckKind,
    CostKind,
    Helper,
    HelperStatus,
    Routing,
    Service,
    ServiceKind,
    VettingAction,
    VettingEvent,
)

ORGANISATION_SLUG = "elterninitiative-kinderzeit"
SERVICE_SLUG = "babysitter-dienst"
CERTIFICATE = CheckKind.CONDUCT_CERTIFICATE


@dataclass(frozen=True)
class Babysitter:
    name: str
    email: str
    status: str
    joined_days_ago: int
    motivation: str
    # The certificate: seen so many days ago, valid until so many days from today
    # (negative: in the past); None: none recorded yet.
    seen_days_ago: int | None = None
    valid_for_days: int | None = None


BABYSITTERS = [
    Babysitter(
        "Lena Hofmann",
        "lena.hofmann@example.org",
        HelperStatus.VETTED,
        120,
        "Ich studiere Pädagogik und passe gern abends auf Kinder auf.",
        seen_days_ago=110,
        valid_for_days=900,
    ),
    Babysitter(
        "Jonas Bauer",
        "jonas.bauer@example.org",
        HelperStatus.VETTED,
        60,
        "Ich habe zwei jüngere Geschwister und einen Erste-Hilfe-Kurs.",
        seen_days_ago=50,
        valid_for_days=1000,
    ),
    Babysitter(
        "Selin Yıldız",
        "selin.yildiz@example.org",
        HelperStatus.APPLIED,
        3,
        "Ich bin Erzieherin in Elternzeit und habe nachmittags Zeit.",
    ),
    Babysitter(
        "Karin Schäfer",
        "karin.schaefer@example.org",
        HelperStatus.VETTED,
        1900,
        "Ich bin Oma von drei Enkeln und habe viel Geduld.",
        seen_days_ago=1892,
        valid_for_days=-7,
    ),
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _coordinator() -> User:
    email = "kinderzeit.koordination@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name="Claudia Brandt")
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def babysitter_service() -> Service:
    """The babysitter service by its slugs, made with the help part's fields if missing."""
    now = timezone.now()
    organisation, _ = Organisation.objects.get_or_create(
        slug=ORGANISATION_SLUG,
        defaults={
            "name": "Elterninitiative Kinderzeit",
            "kind": Kind.INITIATIVE,
            "description": "Eltern helfen Eltern: Spielgruppe, Babysitter-Dienst, Kleiderbörse.",
            "categories": [Category.FAMILY_YOUTH],
            "status": Organisation.Status.APPROVED,
            "approved_at": now,
        },
    )
    service, _ = Service.objects.get_or_create(
        slug=SERVICE_SLUG,
        defaults={
            "organisation": organisation,
            "kind": ServiceKind.CHILDCARE,
            "title": "Babysitter-Dienst",
            "description": "Geprüfte Babysitter aus dem Ort passen auf Ihre Kinder auf.",
            "audience": "Familien mit Kindern bis 12 Jahre",
            "contact": "Claudia Brandt, Telefon 07033 4455",
            "cost_kind": CostKind.FREE,
            "routing": Routing.COORDINATOR,
            "needs_approval": True,
            "required_checks": [CERTIFICATE],
            "coordinator": _coordinator(),
        },
    )
    return service


@transaction.atomic
def load_vetting(*, town: Any) -> None:
    service = babysitter_service()
    coordinator = service.coordinator
    today = timezone.localdate()
    for sitter in BABYSITTERS:
        user = User.objects.filter(email=sitter.email).first()
        if user is None:
            user = User.objects.create_user(sitter.email, None, full_name=sitter.name)
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
        if Helper.objects.filter(service=service, user=user).exists():
            continue
        joined = today - timedelta(days=sitter.joined_days_ago)
        vetted = sitter.status == HelperStatus.VETTED
        helper = Helper.objects.create(
            service=service,
            user=user,
            status=sitter.status,
            motivation=sitter.motivation,
            joined_at=_at(joined, 9),
            decided_at=_at(joined + timedelta(days=10)) if vetted else None,
            decided_by=coordinator if vetted else None,
        )
        if sitter.seen_days_ago is None or sitter.valid_for_days is None:
            continue
        seen = today - timedelta(days=sitter.seen_days_ago)
        until = today + timedelta(days=sitter.valid_for_days)
        Check.objects.create(
            helper=helper,
            kind=CERTIFICATE,
            seen_on=seen,
            valid_until=until,
            recorded_by=coordinator,
            recorded_at=_at(seen),
            # An expired one was reminded of before it ended.
            reminded_at=_at(until - timedelta(days=30)) if until < today else None,
        )
        log = [
            (
                VettingAction.CHECK_RECORDED,
                CERTIFICATE,
                coordinator,
                seen,
                _seen_until(seen, until),
            ),
            (VettingAction.VETTED, "", coordinator, joined + timedelta(days=10), ""),
        ]
        if until < today:
            log.append(
                (
                    VettingAction.CHECK_EXPIRED,
                    CERTIFICATE,
                    None,
                    until + timedelta(days=1),
                    f"Gültig bis {until:%d.%m.%Y}",
                )
            )
        for action, kind, by, day, reason in log:
            VettingEvent.objects.create(
                helper=helper, action=action, check_kind=kind, by=by, reason=reason, at=_at(day, 7)
            )
        if vetted and Role.HELPER not in user.roles:
            user.roles = sorted({*user.roles, Role.HELPER})
            user.save(update_fields=["roles"])


def _seen_until(seen: date, until: date) -> str:
    return f"Gesehen am {seen:%d.%m.%Y}, gültig bis {until:%d.%m.%Y}"
