"""A year of a town's activity, one or more of everything every week, for the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from billing.ledger.models import OwnerKind, Unit
from billing.ledger.services import open_account, post
from modules.directory.models import OrganisationChange
from modules.exchange.models import Listing
from portal.accounts.models import User
from portal.dashboard.models import SeenDay
from portal.mail_log.models import SentEmail
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.exchange import ListingFactory
from tests.factories.info import EventFactory


@dataclass
class Made:
    """What `make_weeks_of_data` wrote, so a browser test (which commits) can remove it."""

    objects: list[Any] = field(default_factory=list)

    def remove(self) -> None:
        for made in reversed(self.objects):
            type(made).objects.filter(pk=made.pk).delete()


def make_weeks_of_data(weeks: int, *, per_week: int = 1, ledger: bool = True) -> Made:
    """`per_week` of each figure in each of the last `weeks` weeks (inside a town); the
    ledger's postings (which are never deleted) only with `ledger`."""
    made = Made()
    now = timezone.now()
    people = [UserFactory() for _ in range(2)]
    made.objects += people
    if ledger:
        giver = open_account(unit=Unit.MINUTES, owner_kind=OwnerKind.USER, owner_key="giver")
        helper = open_account(unit=Unit.MINUTES, owner_kind=OwnerKind.USER, owner_key="helper")
    for week in range(weeks):
        at = now - timedelta(weeks=week, hours=1)
        for number in range(per_week):
            person = UserFactory()
            User.objects.filter(pk=person.pk).update(date_joined=at)
            made.objects.append(person)
            SeenDay.objects.get_or_create(user=person, day=timezone.localdate(at))
            ListingFactory(owner=people[0], created_at=at)
            ListingFactory(owner=people[1], created_at=at, status=Listing.Status.TAKEN, taken_at=at)
            if ledger:
                post(
                    key=f"test-{week}-{number}-{person.pk}",
                    entries=[(giver, -90), (helper, 90)],
                    at=at,
                )
            organisation = OrganisationFactory(approved_at=at)
            OrganisationChange.objects.create(
                organisation=organisation,
                action=OrganisationChange.Action.EDITED,
                changed_at=at,
            )
            made.objects += [
                organisation,
                EventFactory(start=at, end=at + timedelta(hours=2)),
                SentEmail.objects.create(kind="test", recipients=1, sent_at=at, bounced_at=at),
            ]
    return made
