"""Demo content of the directory: each demo town's own organisations (idempotent)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.accounts.models import Role, User
from portal.towns import TownFacts

from ..models import Offering, Organisation, OrganisationChange, Representative
from ..search import refresh_search_index
from . import rabenau, weil_der_stadt
from .content import DirectoryContent

CONTENTS = {"weil-der-stadt": weil_der_stadt.CONTENT, "rabenau": rabenau.CONTENT}


def content_for(town: TownFacts) -> DirectoryContent:
    """The town's demo organisations; other towns (tests, new towns) get Weil der Stadt's."""
    return CONTENTS.get(town.slug, weil_der_stadt.CONTENT)


def _history_dates(index: int, now: datetime) -> tuple[datetime, datetime]:
    """When the demo says an organisation was published and last confirmed as current: most
    long ago, every sixth in the last twelve weeks; confirmations spread over those weeks."""
    if index % 6 == 1 and index % 9 != 4:
        approved = now - timedelta(days=5 + (index * 7) % 80, hours=index)
    else:
        approved = now - timedelta(days=420 + index * 11)
    if index % 9 == 4:
        return approved, now - timedelta(days=400)
    return approved, max(approved, now - timedelta(days=3 + (index * 13) % 81, hours=index))


def _log_history(organisation: Organisation, *, approved: datetime, reviewed: datetime) -> None:
    """The change log the history implies: registered and approved, then confirmed."""
    entries = [
        OrganisationChange(
            organisation=organisation,
            action=OrganisationChange.Action.CREATED,
            changed_at=approved - timedelta(days=2),
        ),
        OrganisationChange(
            organisation=organisation,
            action=OrganisationChange.Action.APPROVED,
            changed_at=approved,
        ),
    ]
    if reviewed > approved:
        entries.append(
            OrganisationChange(
                organisation=organisation,
                action=OrganisationChange.Action.REVIEWED,
                changed_at=reviewed,
            )
        )
    OrganisationChange.objects.bulk_create(entries)


@transaction.atomic
def load_demo(*, town: TownFacts) -> None:
    """Create the demo organisations (approved), their offerings and a representative."""
    content = content_for(town)
    representative = User.objects.filter(roles__contains=[Role.ORGANISATION]).first()
    now = timezone.now()
    for index, (name, kind, categories, description, times, offerings) in enumerate(
        content.organisations
    ):
        slug = slugify(name)[:70]
        approved, reviewed = _history_dates(index, now)
        organisation, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "categories": list(categories),
                "description": description,
                "meeting_times": times,
                "contact_name": "",
                "email": f"kontakt@{slug[:30]}.example",
                "phone": content.phone(index),
                "address": f"{town.name}",
                "status": Organisation.Status.APPROVED,
                "approved_at": approved,
                # A few profiles are old, so the 'may be out of date' notice shows (and the
                # dashboard counts them as not updated for more than 12 months).
                "last_reviewed_at": reviewed,
                "updated_at": now - timedelta(days=400 if index % 9 == 4 else 60),
            },
        )
        if not created:
            continue
        _log_history(organisation, approved=approved, reviewed=reviewed)
        for title, schedule, text in offerings:
            Offering.objects.create(
                organisation=organisation, title=title, schedule=schedule, description=text
            )
        if representative is not None and index % 10 == 2:
            Representative.objects.get_or_create(organisation=organisation, user=representative)
        refresh_search_index(organisation)
