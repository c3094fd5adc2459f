"""The fund's part of a person's area: their proposals and, for committee members, the
proposals waiting for their recommendation; a constant number of queries."""

from __future__ import annotations

import pytest

from modules.fund.area import personal_area
from modules.fund.models import Phase
from modules.fund.services.committee import recommend
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.fund import ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db


def test_a_proposer_sees_their_proposals(in_town_a) -> None:
    person = UserFactory(email="fund-area-proposer@example.org")
    for _n in range(2):
        ProposalFactory(proposer=person)
    items = personal_area(person)
    assert [(i.section, i.count) for i in items] == [("mine", 2)]
    assert items[0].url == "/fund/mine/"


def test_nothing_for_someone_without_proposals(in_town_a) -> None:
    assert list(personal_area(UserFactory(email="fund-area-none@example.org"))) == []


def test_a_member_sees_what_waits_for_them(in_town_a) -> None:
    member = UserFactory(roles=[Role.RESIDENT, Role.COMMITTEE], email="fund-area-m@example.org")
    fund_round = RoundFactory(phase=Phase.REVIEW)
    first, _second = ProposalFactory(round=fund_round), ProposalFactory(round=fund_round)
    before = next(i for i in personal_area(member) if i.section == "waiting").count
    recommend(proposal=first, member=member, verdict="recommend", reason="Gut.")
    after = next(i for i in personal_area(member) if i.section == "waiting").count
    assert after == before - 1 and after >= 1


def test_the_area_keeps_a_constant_number_of_queries(
    in_town_a, django_assert_max_num_queries
) -> None:
    member = UserFactory(roles=[Role.RESIDENT, Role.COMMITTEE], email="fund-area-q@example.org")
    for _n in range(5):
        ProposalFactory(proposer=member, round=RoundFactory(phase=Phase.REVIEW))
    with django_assert_max_num_queries(2):
        personal_area(member)


def test_the_area_page_shows_the_fund_items(client_a, in_town_a) -> None:
    member = UserFactory(roles=[Role.RESIDENT, Role.COMMITTEE], email="fund-area-page@example.org")
    fund_round = RoundFactory(phase=Phase.REVIEW)
    ProposalFactory(proposer=member, round=fund_round)
    ProposalFactory(round=fund_round)
    client_a.force_login(member)
    html = client_a.get("/me/").content.decode()
    assert "/fund/mine/" in html and "/fund/committee/" in html
