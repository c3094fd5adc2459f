"""Every list page and list endpoint of the community fund keeps a constant number of
queries as its rows grow (tests/queries.py: N rows, then 3N)."""

from __future__ import annotations

import pytest

from modules.fund.models import Phase, Proposal
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist
from tests.queries import assert_constant_queries

PAGES = [
    ("/fund/", None),
    ("/fund/rounds/", None),
    ("/fund/rounds/im-gespraech/", None),
    ("/fund/rounds/im-gespraech/proposals/", None),
    ("/fund/mine/", "proposer"),
    ("/fund/committee/", "member"),
    ("/fund/committee/im-gespraech/", "member"),
    ("/fund/manage/", "admin"),
    ("/fund/manage/rounds/im-gespraech/", "admin"),
    ("/api/v1/fund/rounds/", None),
    ("/api/v1/fund/proposals/", None),
    ("/api/v1/fund/rounds/abstimmung/shortlist/", None),
]


@pytest.mark.parametrize(("url", "who"), PAGES)
def test_a_fund_list_keeps_its_queries(url, who, in_town_a, client_a) -> None:
    people = {
        "proposer": UserFactory(),
        "member": UserFactory(roles=[Role.RESIDENT, Role.COMMITTEE]),
        "admin": UserFactory(town_admin=True),
    }
    review = RoundFactory(phase=Phase.REVIEW, slug="im-gespraech")
    voting = RoundFactory(phase=Phase.VOTING, slug="abstimmung")
    on_ballot: list[Proposal] = []
    if who:
        client_a.force_login(people[who])

    def grow(n: int) -> None:
        for _ in range(n):
            ProposalFactory(round=review, proposer=people["proposer"])
            ProposalFactory(round=RoundFactory(phase=Phase.REVIEW), proposer=people["proposer"])
            closed = RoundFactory(phase=Phase.CLOSED)
            shortlist(closed, [ProposalFactory(round=closed), ProposalFactory(round=closed)])
            on_ballot.append(ProposalFactory(round=voting))
        shortlist(voting, on_ballot)

    assert_constant_queries(lambda: client_a.get(url), grow=grow)
