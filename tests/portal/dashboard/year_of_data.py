"""A year of a town's activity, one or more of everything every week, for the dashboard."""

from __future__ import annotations

from datetime import timedelta

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


def make_weeks_of_data(weeks: int, *, per_week: int = 1) -> list[User]:
    """`per_week` of each figure in each of the last `weeks` weeks (inside a town)."""
    now = timezone.now()
    people = [UserFactory() for _ in range(2)]
    giver = open_account(unit=Unit.MINUTES, owner_kind=OwnerKind.USER, owner_key="giver")
    helper = open_account(unit=Unit.MINUTES, owner_kind=OwnerKind.USER, owner_key="helper")
    for week in range(weeks):
        at = now - timedelta(weeks=week, hours=1)
        for number in range(per_week):
            person = UserFactory()
            User.objects.filter(pk=person.pk).update(date_joined=at)
            SeenDay.objects.get_or_create(user=person, day=timezone.localdate(at))
            ListingFactory(owner=people[0], created_at=at)
            ListingFactory(owner=people[1], created_at=at, status=Listing.Status.TAKEN, taken_at=at)
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
            EventFactory(start=at, end=at + timedelta(hours=2))
            SentEmail.objects.create(kind="test", recipients=1, sent_at=at, bounced_at=at)
    return people
