"""The directory's part of a person's area: the organisations they represent (with their
offerings), entries waiting for approval and profiles due to be confirmed. Two queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.registry import AreaItem

from .models import DirectorySettings, Organisation


def personal_area(user: User) -> Sequence[AreaItem]:
    organisations = list(
        Organisation.objects.filter(representatives__user=user)
        .exclude(status=Organisation.Status.REJECTED)
        .annotate(offering_count=Count("offerings", distinct=True))
        .order_by("name")
    )
    if not organisations:
        return []
    review_days = DirectorySettings.current().review_period_days
    due_before = timezone.now() - timedelta(days=review_days)
    items = []
    for organisation in organisations:
        url = reverse("directory:detail", args=[organisation.slug])
        if organisation.status == Organisation.Status.PENDING:
            items.append(
                AreaItem(
                    section="waiting",
                    label=_("%(name)s is waiting for approval by the moderators")
                    % {"name": organisation.name},
                    count=1,
                    url=url,
                    icon="directory",
                )
            )
        elif organisation.last_reviewed_at < due_before:
            items.append(
                AreaItem(
                    section="waiting",
                    label=_("Please confirm that the profile of %(name)s is up to date")
                    % {"name": organisation.name},
                    count=1,
                    url=url,
                    icon="directory",
                )
            )
        n = organisation.offering_count
        items.append(
            AreaItem(
                section="mine",
                label=ngettext("%(name)s: %(n)d offering", "%(name)s: %(n)d offerings", n)
                % {"name": organisation.name, "n": n},
                count=n,
                url=url,
                icon="directory",
            )
        )
    return items
