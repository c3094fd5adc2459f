"""The fund's part of a person's area: their proposals, and for committee members the
proposals waiting for their recommendation. Two queries at most."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import ngettext

from portal.accounts.models import User
from portal.registry import AreaItem

from . import access
from .models import Proposal
from .selectors_proposals import waiting_for


def personal_area(user: User) -> Sequence[AreaItem]:
    items: list[AreaItem] = []
    if access.is_member(user):
        waiting = waiting_for(user)
        if waiting:
            items.append(
                AreaItem(
                    section="waiting",
                    label=ngettext(
                        "%(n)d fund proposal waits for your recommendation",
                        "%(n)d fund proposals wait for your recommendation",
                        waiting,
                    )
                    % {"n": waiting},
                    count=waiting,
                    url=reverse("fund:committee"),
                    icon="fund",
                )
            )
    mine = (
        Proposal.objects.filter(Q(proposer=user) | Q(organisation__representatives__user=user))
        .values("pk")
        .distinct()
        .count()
    )
    if mine:
        items.append(
            AreaItem(
                section="mine",
                label=ngettext(
                    "%(n)d proposal to the LQ Fonds", "%(n)d proposals to the LQ Fonds", mine
                )
                % {"n": mine},
                count=mine,
                url=reverse("fund:my_proposals"),
                icon="fund",
            )
        )
    return items
