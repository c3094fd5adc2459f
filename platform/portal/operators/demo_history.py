"""The last twelve weeks of a demo town, so its dashboard is not all zeros on a fresh run.

The platform's part: more residents who registered on different days, the days people used
the portal (SeenDay), the e-mail the town sent (and a few bounces), and searches that found
nothing. The modules write their own past in their demo loaders (listings and matches,
time transfers posted to the ledger on their dates, organisations, events).

Deterministic (a random generator seeded with the town) and written once: every e-mail
record has an id derived from the town and its number, and the first one marks the history
as written, so loading the demo again adds nothing.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.utils import timezone

from portal.accounts.models import Role, User
from portal.dashboard.models import SeenDay
from portal.mail_log.models import SentEmail
from portal.search.models import UnfoundSearch
from portal.search.services import week_of

WEEKS = 12
DAYS = WEEKS * 7
# The town's e-mail of the demo history: template, e-mails per week.
MAIL_KINDS = [
    ("notify/message", 9),
    ("accounts/verify_email", 2),
    ("notifications/digest", 5),
    ("exchange/listing_expiring", 3),
]
BOUNCE_EVERY = 29  # one e-mail in so many could not be delivered
_NAMESPACE = uuid.UUID("1c9a9a3e-0f4e-4f55-8d6b-3b1f8e0d7a21")


def _mail_id(town_slug: str, number: int) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{town_slug}:mail:{number}")


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _join_residents(
    *, people: Sequence[tuple[str, str]], domain: str, districts: Sequence[str], now: datetime
) -> None:
    """Residents (name, local part) who registered over the weeks, the oldest first."""
    for index, (full_name, local) in enumerate(people):
        email = f"{local}@{domain}"
        if User.objects.filter(email=email).exists():
            continue
        joined = now - timedelta(days=DAYS - 3 - index * (DAYS - 6) // len(people), hours=index)
        user = User.objects.create_user(email, None, full_name=full_name)
        user.roles = [Role.RESIDENT]
        user.district = districts[index % len(districts)]
        user.date_joined = joined
        user.email_verified_at = joined + timedelta(minutes=20)
        user.save(update_fields=["roles", "district", "date_joined", "email_verified_at"])


def _backdate_founders(founders: Sequence[str], domain: str, now: datetime) -> None:
    """The demo's own people were there before the history starts."""
    for index, local in enumerate(founders):
        joined = now - timedelta(days=DAYS + 30 - index * 2)
        User.objects.filter(email=f"{local}@{domain}").update(
            date_joined=joined, email_verified_at=joined + timedelta(minutes=20)
        )


def _seen_days(rng: random.Random, today: date) -> list[SeenDay]:
    """Each person used the portal on some days since they registered (staff more often)."""
    rows = []
    for user in User.objects.filter(is_active=True, is_managed=False).order_by("pk"):
        share = 0.6 if (user.is_moderator or user.is_town_admin) else rng.choice([0.1, 0.2, 0.35])
        first = max(timezone.localdate(user.date_joined), today - timedelta(days=DAYS))
        day = first
        while day <= today:
            if day == first or rng.random() < share:
                rows.append(SeenDay(user=user, day=day))
            day += timedelta(days=1)
    return rows


def _sent_mail(rng: random.Random, town_slug: str, now: datetime) -> list[SentEmail]:
    rows, number = [], 0
    for week in range(WEEKS, 0, -1):
        monday = _start(week_of(timezone.localdate(now)) - timedelta(weeks=week))
        for kind, per_week in MAIL_KINDS:
            for _copy in range(rng.randint(per_week // 2, per_week + 2)):
                sent = monday + timedelta(minutes=rng.randint(7 * 60, 7 * 24 * 60 - 60))
                bounced = sent + timedelta(minutes=12) if number % BOUNCE_EVERY == 3 else None
                rows.append(
                    SentEmail(
                        public_id=_mail_id(town_slug, number),
                        kind=kind,
                        sent_at=sent,
                        recipients=1,
                        bounced_at=bounced,
                    )
                )
                number += 1
    return rows


def _unfound(rng: random.Random, terms: Sequence[str], today: date) -> list[UnfoundSearch]:
    rows = []
    for week in range(WEEKS, -1, -1):
        monday = week_of(today) - timedelta(weeks=week)
        for term in rng.sample(list(terms), k=min(3, len(terms))):
            rows.append(UnfoundSearch(term=term, week=monday, count=rng.randint(1, 6)))
    return rows


def write_history(
    *,
    town_slug: str,
    domain: str,
    districts: Sequence[str],
    founders: Sequence[str],
    residents: Sequence[tuple[str, str]],
    unfound_terms: Sequence[str],
) -> bool:
    """Write the current demo town's platform history once; False when it was there."""
    if SentEmail.objects.filter(public_id=_mail_id(town_slug, 0)).exists():
        return False
    rng = random.Random(f"lq-demo-history:{town_slug}")  # noqa: S311 - not for secrets
    now = timezone.now()
    today = timezone.localdate(now)
    _backdate_founders(founders, domain, now)
    _join_residents(people=residents, domain=domain, districts=districts, now=now)
    SeenDay.objects.bulk_create(_seen_days(rng, today), ignore_conflicts=True)
    UnfoundSearch.objects.bulk_create(_unfound(rng, unfound_terms, today), ignore_conflicts=True)
    # last, so that an interrupted run is written again from the start
    SentEmail.objects.bulk_create(_sent_mail(rng, town_slug, now), ignore_conflicts=True)
    return True
