"""The committee's review: recommendations (changeable until the close), declared ties and
the representative's refusal, the chair's close with the shortlist (size, reasons, ballot
numbers by lot, twice refused), the pages for chair, member and outsider, the proposers'
news and the review-started message."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from modules.fund.models import Declaration, Outcome, Phase, Proposal, Recommendation, Round
from modules.fund.services import committee as services
from portal.accounts.models import AuditEntry, Role, User
from portal.moderation.models import ReviewStatus
from portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.fund import ProposalFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.COMMITTEE_CHAIR], email="fund-chair@example.org")


@pytest.fixture
def member(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.COMMITTEE], email="fund-member@example.org")


@pytest.fixture
def outsider(in_town_a: object) -> User:
    return UserFactory(email="fund-outsider@example.org")


@pytest.fixture
def review(in_town_a: object) -> tuple[Round, list[Proposal]]:
    fund_round = RoundFactory(phase=Phase.REVIEW, shortlist_size=2)
    proposals = [ProposalFactory(round=fund_round) for _n in range(3)]
    return fund_round, proposals


def _reasons(proposals: list[Proposal], text: str = "Zu teuer für diese Runde.") -> dict[str, str]:
    return {str(p.public_id): text for p in proposals}


# --- recommendations ---------------------------------------------------------------------


def test_a_member_recommends_and_changes_it_until_the_close(review, member, outsider) -> None:
    _round, (first, *_rest) = review
    services.recommend(proposal=first, member=member, verdict="recommend", reason="Gut.")
    services.recommend(proposal=first, member=member, verdict="not_recommend", reason="Doch nicht.")
    found = Recommendation.objects.get(proposal=first, member=member)
    assert found.verdict == "not_recommend" and found.reason == "Doch nicht."
    with pytest.raises(PermissionDenied):
        services.recommend(proposal=first, member=outsider, verdict="recommend", reason="Ich.")


def test_a_recommendation_needs_a_verdict_and_a_reason(review, member) -> None:
    _round, (first, *_rest) = review
    with pytest.raises(ValidationError) as caught:
        services.recommend(proposal=first, member=member, verdict="maybe", reason="")
    assert {"verdict", "reason"} <= set(caught.value.message_dict)
    assert not Recommendation.objects.filter(member=member).exists()


def test_no_recommendation_outside_the_review(in_town_a, member) -> None:
    proposal = ProposalFactory(round=RoundFactory(phase=Phase.PROPOSALS))
    with pytest.raises(ValidationError):
        services.recommend(proposal=proposal, member=member, verdict="recommend", reason="Gut.")


def test_a_declared_tie_stops_the_review_of_that_proposal(review, member) -> None:
    _round, (first, second, _third) = review
    services.recommend(proposal=first, member=member, verdict="recommend", reason="Gut.")
    services.declare_conflict(proposal=first, member=member, note="Mein Bruder")
    assert not Recommendation.objects.filter(proposal=first, member=member).exists()
    assert AuditEntry.objects.filter(action="fund_conflict_declared", actor=member).exists()
    with pytest.raises(PermissionDenied, match="declared a tie"):
        services.recommend(proposal=first, member=member, verdict="recommend", reason="Gut.")
    with pytest.raises(ValidationError):
        services.declare_conflict(proposal=first, member=member, note="")
    services.recommend(proposal=second, member=member, verdict="recommend", reason="Gut.")


def test_a_member_does_not_review_their_own_proposal(review, member) -> None:
    fund_round, _proposals = review
    own = ProposalFactory(round=fund_round, proposer=member)
    with pytest.raises(PermissionDenied, match="yourself"):
        services.recommend(proposal=own, member=member, verdict="recommend", reason="Gut.")


def test_a_representative_of_the_organisation_is_refused_without_declaring(review, member) -> None:
    fund_round, _proposals = review
    organisation = OrganisationFactory(slug="fund-committee-org")
    RepresentativeFactory(organisation=organisation, user=member)
    theirs = ProposalFactory(round=fund_round, organisation=organisation)
    with pytest.raises(PermissionDenied, match="represent"):
        services.recommend(proposal=theirs, member=member, verdict="recommend", reason="Gut.")


def test_no_tie_is_declared_once_the_review_is_closed(review, chair, member) -> None:
    fund_round, (first, second, third) = review
    services.recommend(proposal=first, member=member, verdict="recommend", reason="Gut.")
    services.close_review(
        fund_round=fund_round, chair=chair, shortlist=[first, second], reasons=_reasons([third])
    )
    with pytest.raises(ValidationError, match="not open"):
        services.declare_conflict(proposal=first, member=member, note="Mein Bruder")
    # the closed review keeps the recommendation it was decided with
    assert Recommendation.objects.filter(proposal=first, member=member).exists()


# --- closing the review ------------------------------------------------------------------


def test_the_chair_closes_with_the_shortlist(review, chair) -> None:
    fund_round, (first, second, third) = review
    services.close_review(
        fund_round=fund_round, chair=chair, shortlist=[first, second], reasons=_reasons([third])
    )
    fresh = {p.pk: p for p in Proposal.objects.filter(round=fund_round)}
    assert {fresh[first.pk].ballot_number, fresh[second.pk].ballot_number} == {1, 2}
    assert (
        fresh[third.pk].outcome == Outcome.NOT_SHORTLISTED and fresh[third.pk].ballot_number is None
    )
    assert fresh[third.pk].outcome_reason == "Zu teuer für diese Runde."
    closed = Round.objects.get(pk=fund_round.pk)
    assert closed.review_closed_by == chair and closed.phase == Phase.REVIEW
    assert AuditEntry.objects.filter(action="fund_review_closed", actor=chair).exists()
    # every proposer is told, and closing twice is refused
    assert Notification.objects.filter(user=third.proposer, kind="fund_proposals").exists()
    with pytest.raises(ValidationError, match="already closed"):
        services.close_review(
            fund_round=fund_round, chair=chair, shortlist=[first, second], reasons={}
        )


def test_an_empty_shortlist_is_refused(review, chair) -> None:
    fund_round, proposals = review
    with pytest.raises(ValidationError, match="without a shortlist"):
        services.close_review(
            fund_round=fund_round, chair=chair, shortlist=[], reasons=_reasons(proposals)
        )
    assert Round.objects.get(pk=fund_round.pk).review_closed_at is None


def test_the_wrong_size_or_a_missing_reason_is_refused(review, chair) -> None:
    fund_round, (first, second, third) = review
    with pytest.raises(ValidationError, match="exactly 2"):
        services.close_review(
            fund_round=fund_round, chair=chair, shortlist=[first], reasons=_reasons([second, third])
        )
    with pytest.raises(ValidationError) as caught:
        services.close_review(
            fund_round=fund_round, chair=chair, shortlist=[first, second], reasons={}
        )
    assert f"reason_{third.public_id}" in caught.value.message_dict
    assert not Proposal.objects.filter(round=fund_round, ballot_number__isnull=False).exists()


def test_only_approved_proposals_of_the_round_can_be_chosen(review, chair) -> None:
    fund_round, (first, second, third) = review
    pending = ProposalFactory(round=fund_round, status=ReviewStatus.PENDING)
    elsewhere = ProposalFactory(round=RoundFactory(phase=Phase.REVIEW))
    for bad in (pending, elsewhere):
        with pytest.raises(ValidationError, match="Only approved"):
            services.close_review(
                fund_round=fund_round,
                chair=chair,
                shortlist=[first, bad],
                reasons=_reasons([second, third]),
            )


def test_fewer_proposals_than_the_size_puts_all_on_the_shortlist(in_town_a, chair) -> None:
    fund_round = RoundFactory(phase=Phase.REVIEW, shortlist_size=3)
    only = ProposalFactory(round=fund_round)
    services.close_review(fund_round=fund_round, chair=chair, shortlist=[only], reasons={})
    assert Proposal.objects.get(pk=only.pk).ballot_number == 1


def test_a_member_who_is_not_chair_cannot_close(review, member) -> None:
    fund_round, (first, second, third) = review
    with pytest.raises(PermissionDenied):
        services.close_review(
            fund_round=fund_round,
            chair=member,
            shortlist=[first, second],
            reasons=_reasons([third]),
        )


def test_the_committee_is_told_when_the_review_starts(review, member, chair, outsider) -> None:
    fund_round, _proposals = review
    assert services.notify_committee_review_started(fund_round=fund_round) >= 2
    assert Notification.objects.filter(user=member, kind="fund_committee").exists()
    assert not Notification.objects.filter(user=outsider, kind="fund_committee").exists()


# --- pages -------------------------------------------------------------------------------


def test_the_committee_pages_for_chair_member_and_outsider(
    client_a, review, chair, member, outsider
) -> None:
    fund_round, (first, _second, _third) = review
    services.recommend(proposal=first, member=chair, verdict="recommend", reason="Gut.")
    url = f"/fund/committee/{fund_round.slug}/"
    client_a.force_login(outsider)
    assert client_a.get(url).status_code == 403
    client_a.force_login(member)
    html = client_a.get(url).content.decode()
    assert first.title in html and "/close/" not in html
    client_a.force_login(chair)
    assert f"/fund/committee/{fund_round.slug}/close/" in client_a.get(url).content.decode()


def test_the_recommendation_page_saves_and_refuses_bad_input(client_a, review, member) -> None:
    _round, (first, *_rest) = review
    url = f"/fund/committee/proposals/{first.public_id}/"
    client_a.force_login(member)
    assert client_a.post(url, {"verdict": "recommend", "reason": ""}).status_code == 400
    assert client_a.post(url, {"verdict": "recommend", "reason": "Sinnvoll."}).status_code == 302
    assert Recommendation.objects.get(proposal=first, member=member).reason == "Sinnvoll."


def test_the_declare_page_and_the_representative_page(client_a, review, member) -> None:
    _fund_round, (first, *_rest) = review
    client_a.force_login(member)
    response = client_a.post(
        f"/fund/committee/proposals/{first.public_id}/declare/", {"note": "Nachbar"}
    )
    assert response.status_code == 302
    assert Declaration.objects.filter(proposal=first, member=member).exists()
    page = client_a.get(f"/fund/committee/proposals/{first.public_id}/")
    assert "declared a tie" in page.content.decode()
    assert (
        client_a.post(
            f"/fund/committee/proposals/{first.public_id}/", {"verdict": "recommend", "reason": "x"}
        ).status_code
        == 403
    )


def test_the_close_page(client_a, review, chair, member) -> None:
    fund_round, (first, second, third) = review
    url = f"/fund/committee/{fund_round.slug}/close/"
    client_a.force_login(member)
    assert client_a.get(url).status_code == 403
    client_a.force_login(chair)
    assert client_a.post(url, {"shortlist": []}).status_code == 400
    data: dict[str, Any] = {
        "shortlist": [str(first.public_id), str(second.public_id)],
        f"reason_{third.public_id}": "Nicht gemeinnützig.",
    }
    assert client_a.post(url, data).status_code == 302
    assert Proposal.objects.get(pk=third.pk).outcome_reason == "Nicht gemeinnützig."


def test_another_town_does_not_find_the_committee_pages(client_b, review, town_b) -> None:
    fund_round, (first, *_rest) = review
    from django_tenants.utils import tenant_context

    with tenant_context(town_b):
        person = UserFactory(
            roles=[Role.RESIDENT, Role.COMMITTEE_CHAIR], email="fund-b-chair@example.org"
        )
        client_b.force_login(person)
    assert client_b.get(f"/fund/committee/{fund_round.slug}/").status_code == 404
    assert client_b.get(f"/fund/committee/proposals/{first.public_id}/").status_code == 404


def test_the_review_rows_keep_a_constant_number_of_queries(
    review, member, django_assert_max_num_queries
) -> None:
    from modules.fund.selectors_proposals import review_rows

    fund_round, _proposals = review
    for _n in range(6):
        ProposalFactory(round=fund_round)
    with django_assert_max_num_queries(4):
        rows = review_rows(fund_round=fund_round, member=member)
    assert len(rows) == 9
