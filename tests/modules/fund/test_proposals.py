"""Proposals: submitting (a resident, for an organisation only by its representative), the
checks on every field reported at once, editing until the review, withdrawing until voting,
photos, moderation (waiting for approval, approve/reject, report/hide through the queue),
the public pages and isolation between towns, HTML and API."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.fund.models import FundSettings, Outcome, Phase, Proposal, Round
from modules.fund.moderation import MODERATION
from modules.fund.services import proposals as services
from portal.accounts.models import Role, User
from portal.moderation.models import Report, ReviewStatus
from portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories.branding import png_bytes
from tests.factories.directory import OrganisationFactory, RepresentativeFactory
from tests.factories.fund import ProposalFactory, RoundFactory, shortlist

pytestmark = pytest.mark.django_db

API = "/api/v1/fund"


def fields(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Bank am Spielplatz",
        "summary": "Eine neue Bank für die Großeltern.",
        "description": "Die alte Bank ist morsch.\nWir bauen eine neue.",
        "amount_cents": 150_000,
        "beneficiaries": "Familien und ältere Menschen",
    }
    data.update(changes)
    return data


def form(**changes: Any) -> dict[str, Any]:
    data = fields(**changes)
    if isinstance(data["amount_cents"], int):
        data["amount_cents"] = f"{data['amount_cents'] // 100}"
    return data


@pytest.fixture
def resident(in_town_a: object) -> User:
    return UserFactory(email="fund-resident@example.org", full_name="Erika Haug")


@pytest.fixture
def member(in_town_a: object) -> User:
    return UserFactory(email="fund-other@example.org")


@pytest.fixture
def moderator(in_town_a: object) -> User:
    return UserFactory(roles=[Role.RESIDENT, Role.MODERATOR], email="fund-mod@example.org")


@pytest.fixture
def open_round(in_town_a: object) -> Any:
    return RoundFactory(phase=Phase.PROPOSALS, slug="2026-p1")


def _immediate_approval() -> None:
    settings = FundSettings.stored()
    settings.approve_proposals = False
    settings.save()


# --- submitting --------------------------------------------------------------------------


def test_a_resident_proposes_and_it_waits_for_a_moderator(open_round, resident, moderator) -> None:
    # when a resident proposes (the town approves proposals first: the default)
    proposal = services.submit_proposal(fund_round=open_round, proposer=resident, **fields())
    # then it waits, the moderators are told, and it is in the queue with approve/reject
    assert proposal.status == ReviewStatus.PENDING and proposal.outcome == Outcome.PENDING
    assert Notification.objects.filter(user=moderator, kind="moderation_waiting").exists()
    item = next(i for i in MODERATION.queue_items() if i.public_id == proposal.public_id)
    assert item.state == "pending" and "approve" in item.actions


def test_without_approval_a_proposal_is_public_at_once(open_round, resident) -> None:
    _immediate_approval()
    proposal = services.submit_proposal(fund_round=open_round, proposer=resident, **fields())
    assert proposal.status == ReviewStatus.APPROVED


def test_every_problem_is_reported_at_once_and_nothing_is_stored(open_round, resident) -> None:
    bad = fields(
        title="",
        summary="x" * 301,
        description="Hallo\x00Welt",
        amount_cents=0,
        beneficiaries="   ",
    )
    with pytest.raises(ValidationError) as caught:
        services.submit_proposal(fund_round=open_round, proposer=resident, **bad)
    assert set(caught.value.message_dict) == {
        "title",
        "summary",
        "description",
        "amount_cents",
        "beneficiaries",
    }
    assert not Proposal.objects.filter(round=open_round).exists()


@pytest.mark.parametrize("amount", [-500, 99, 100_000_001, None, "12"])
def test_a_negative_tiny_absurd_or_wrong_amount_is_refused(open_round, resident, amount) -> None:
    with pytest.raises(ValidationError) as caught:
        services.submit_proposal(
            fund_round=open_round, proposer=resident, **fields(amount_cents=amount)
        )
    assert "amount_cents" in caught.value.message_dict
    assert not Proposal.objects.filter(round=open_round).exists()


def test_script_in_text_is_stored_as_text_and_escaped(client_a, open_round, resident) -> None:
    _immediate_approval()
    proposal = services.submit_proposal(
        fund_round=open_round,
        proposer=resident,
        **fields(title="<script>alert(1)</script>", summary="<b>fett</b>"),
    )
    html = client_a.get(f"/fund/proposals/{proposal.public_id}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;fett" in html


@pytest.mark.parametrize("phase", [Phase.SCHEDULED, Phase.REVIEW, Phase.VOTING])
def test_proposals_are_refused_outside_their_phase(in_town_a, resident, phase) -> None:
    fund_round = RoundFactory(phase=phase)
    with pytest.raises(ValidationError):
        services.submit_proposal(fund_round=fund_round, proposer=resident, **fields())


def test_a_pending_or_blocked_person_cannot_propose(open_round) -> None:
    for status in (User.Status.PENDING, User.Status.BLOCKED):
        person = UserFactory(status=status)
        with pytest.raises(PermissionDenied):
            services.submit_proposal(fund_round=open_round, proposer=person, **fields())


def test_only_a_representative_proposes_for_an_organisation(open_round, resident) -> None:
    # given an organisation and its representative
    organisation = OrganisationFactory(slug="fund-repaircafe")
    representative = RepresentativeFactory(organisation=organisation).user
    # when the representative proposes for it, then it is stored and audited
    proposal = services.submit_proposal(
        fund_round=open_round, proposer=representative, organisation=organisation, **fields()
    )
    assert proposal.organisation == organisation
    # an outsider is refused
    with pytest.raises(ValidationError) as caught:
        services.submit_proposal(
            fund_round=open_round, proposer=resident, organisation=organisation, **fields()
        )
    assert "organisation" in caught.value.message_dict


# --- editing and withdrawing -------------------------------------------------------------


def test_the_owner_edits_until_the_review_but_others_never(open_round, resident, member) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident)
    services.edit_proposal(proposal=proposal, by=resident, **fields(title="Zwei Bänke"))
    assert Proposal.objects.get(pk=proposal.pk).title == "Zwei Bänke"
    with pytest.raises(PermissionDenied):
        services.edit_proposal(proposal=proposal, by=member, **fields(title="Meins"))
    # once the review starts the owner is refused with a clear message
    open_round.phase = Phase.REVIEW
    open_round.save()
    with pytest.raises(ValidationError, match="review has begun"):
        services.edit_proposal(proposal=proposal, by=resident, **fields(title="Drei Bänke"))
    assert Proposal.objects.get(pk=proposal.pk).title == "Zwei Bänke"


def test_withdrawing_until_the_review_is_closed(in_town_a, resident, member) -> None:
    in_review = ProposalFactory(round=RoundFactory(phase=Phase.REVIEW), proposer=resident)
    with pytest.raises(PermissionDenied):
        services.withdraw_proposal(proposal=in_review, by=member)
    assert services.withdraw_proposal(proposal=in_review, by=resident).outcome == "withdrawn"
    voting = ProposalFactory(round=RoundFactory(phase=Phase.VOTING), proposer=resident)
    with pytest.raises(ValidationError, match="can no longer be withdrawn"):
        services.withdraw_proposal(proposal=voting, by=resident)
    # once the chair has closed the review the ballot is fixed, even before voting opens
    closed = RoundFactory(phase=Phase.REVIEW)
    on_ballot = ProposalFactory(round=closed, proposer=resident)
    shortlist(closed, [on_ballot])
    with pytest.raises(ValidationError, match="the ballot is fixed"):
        services.withdraw_proposal(proposal=on_ballot, by=resident)
    on_ballot.refresh_from_db()
    assert on_ballot.outcome == "shortlisted" and on_ballot.ballot_number == 1


# --- photos ------------------------------------------------------------------------------


def _upload(data: bytes | None = None) -> BytesIO:
    return BytesIO(data if data is not None else png_bytes())


def test_photos_up_to_four_and_a_fake_file_is_refused(open_round, resident, member) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident)
    for _n in range(4):
        services.add_proposal_photo(
            proposal=proposal, by=resident, upload=_upload(), alt_text="Die alte Bank"
        )
    with pytest.raises(ValidationError, match="at most 4"):
        services.add_proposal_photo(proposal=proposal, by=resident, upload=_upload())
    with pytest.raises(PermissionDenied):
        services.add_proposal_photo(proposal=proposal, by=member, upload=_upload())
    other = ProposalFactory(round=open_round, proposer=resident)
    with pytest.raises(ValidationError):
        services.add_proposal_photo(proposal=other, by=resident, upload=_upload(b"not a photo"))
    assert proposal.photos.count() == 4 and other.photos.count() == 0


def test_a_photo_stays_once_the_review_has_begun(open_round, resident) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident)
    photo = services.add_proposal_photo(proposal=proposal, by=resident, upload=_upload())
    Round.objects.filter(pk=open_round.pk).update(phase=Phase.REVIEW)
    photo.proposal.round.refresh_from_db()
    with pytest.raises(ValidationError, match="review has begun"):
        services.delete_proposal_photo(photo=photo, by=resident)
    assert proposal.photos.count() == 1


def test_the_photo_page_adds_and_the_photo_is_served(client_a, open_round, resident) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident)
    client_a.force_login(resident)
    response = client_a.post(
        f"/fund/proposals/{proposal.public_id}/photos/",
        {
            "image": SimpleUploadedFile("bank.png", png_bytes(), content_type="image/png"),
            "alt_text": "Die Bank",
        },
    )
    assert response.status_code == 302
    photo = proposal.photos.get()
    assert client_a.get(f"/fund/proposals/{proposal.public_id}/photos/{photo.public_id}/")[
        "Content-Type"
    ].startswith("image/")
    response = client_a.post(
        f"/fund/proposals/{proposal.public_id}/photos/{photo.public_id}/delete/"
    )
    assert response.status_code == 302 and not proposal.photos.exists()


# --- moderation --------------------------------------------------------------------------


def test_the_queue_approves_and_the_proposer_is_told(open_round, resident, moderator) -> None:
    proposal = services.submit_proposal(fund_round=open_round, proposer=resident, **fields())
    MODERATION.act(
        kind="proposal",
        public_id=proposal.public_id,
        action="approve",
        moderator=moderator,
        reason="",
    )
    assert Proposal.objects.get(pk=proposal.pk).status == ReviewStatus.APPROVED
    assert Notification.objects.filter(user=resident, kind="fund_proposals").exists()


def test_the_queue_rejects_with_a_reason_the_proposer_sees(
    client_a, open_round, resident, moderator
) -> None:
    proposal = services.submit_proposal(fund_round=open_round, proposer=resident, **fields())
    MODERATION.act(
        kind="proposal",
        public_id=proposal.public_id,
        action="reject",
        moderator=moderator,
        reason="Das ist Werbung.",
    )
    client_a.force_login(resident)
    html = client_a.get(f"/fund/proposals/{proposal.public_id}/").content.decode()
    assert "Das ist Werbung." in html


def test_a_report_then_hide_takes_it_out_of_view(
    client_a, open_round, resident, moderator, member
) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident, title="Werbung XY")
    client_a.force_login(member)
    response = client_a.post(f"/fund/proposals/{proposal.public_id}/report/", {"reason": "Werbung"})
    assert response.status_code == 302 and Report.objects.filter(reporter=member).exists()
    item = next(i for i in MODERATION.queue_items() if i.public_id == proposal.public_id)
    assert item.state == "reported"
    MODERATION.act(
        kind="proposal",
        public_id=proposal.public_id,
        action="hide",
        moderator=moderator,
        reason="Werbung",
    )
    assert client_a.get(f"/fund/proposals/{proposal.public_id}/").status_code == 404
    assert (
        "Werbung XY"
        not in client_a.get(f"/fund/rounds/{open_round.slug}/proposals/").content.decode()
    )
    client_a.force_login(resident)
    assert "Werbung" in client_a.get(f"/fund/proposals/{proposal.public_id}/").content.decode()


def test_an_empty_report_is_refused(client_a, open_round, resident, member) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident)
    client_a.force_login(member)
    response = client_a.post(f"/fund/proposals/{proposal.public_id}/report/", {"reason": ""})
    assert response.status_code == 400 and not Report.objects.filter(reporter=member).exists()


# --- pages -------------------------------------------------------------------------------


def test_the_propose_page_stores_a_proposal(client_a, open_round, resident) -> None:
    client_a.force_login(resident)
    assert client_a.get(f"/fund/rounds/{open_round.slug}/propose/").status_code == 200
    response = client_a.post(f"/fund/rounds/{open_round.slug}/propose/", form())
    proposal = Proposal.objects.get(round=open_round, proposer=resident)
    assert response.status_code == 302 and response["Location"].endswith("/photos/")
    assert proposal.amount_cents == 150_000


def test_the_propose_page_shows_every_problem(client_a, open_round, resident) -> None:
    client_a.force_login(resident)
    response = client_a.post(
        f"/fund/rounds/{open_round.slug}/propose/",
        form(title="", amount_cents="abc", summary="<script>x</script>" + "y" * 400),
    )
    assert response.status_code == 400
    assert not Proposal.objects.filter(round=open_round, proposer=resident).exists()


def test_the_propose_page_needs_a_login_and_participation(client_a, open_round) -> None:
    assert client_a.get(f"/fund/rounds/{open_round.slug}/propose/").status_code == 302
    client_a.force_login(UserFactory(status=User.Status.PENDING))
    assert client_a.get(f"/fund/rounds/{open_round.slug}/propose/").status_code == 403


def test_the_edit_page_for_owner_member_outsider(client_a, open_round, resident, member) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident)
    url = f"/fund/proposals/{proposal.public_id}/edit/"
    client_a.logout()
    assert client_a.get(url).status_code == 302
    client_a.force_login(member)
    assert client_a.post(url, form(title="Fremd")).status_code == 403
    client_a.force_login(resident)
    assert client_a.post(url, form(title="Neu")).status_code == 302
    assert Proposal.objects.get(pk=proposal.pk).title == "Neu"


def test_an_edited_proposal_is_approved_again(open_round, resident, moderator) -> None:
    # given an approved proposal, in a town whose moderators approve proposals
    proposal = ProposalFactory(round=open_round, proposer=resident)
    # when its proposer changes it
    services.edit_proposal(proposal=proposal, by=resident, **fields(title="Ganz anders"))
    # then it waits for a moderator again; without approval it stays public
    assert Proposal.objects.get(pk=proposal.pk).status == ReviewStatus.PENDING
    _immediate_approval()
    other = ProposalFactory(round=open_round, proposer=resident)
    services.edit_proposal(proposal=other, by=resident, **fields(title="Auch anders"))
    assert Proposal.objects.get(pk=other.pk).status == ReviewStatus.APPROVED


def test_the_round_page_keeps_a_constant_number_of_queries(
    client_a, open_round, django_assert_max_num_queries
) -> None:
    client_a.get(f"/fund/rounds/{open_round.slug}/proposals/")  # warm the town's caches
    for _n in range(2):
        ProposalFactory(round=open_round)
    with django_assert_max_num_queries(20) as few:
        client_a.get(f"/fund/rounds/{open_round.slug}/proposals/")
    for _n in range(8):
        ProposalFactory(round=open_round)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_a.get(f"/fund/rounds/{open_round.slug}/proposals/")


def test_a_pending_proposal_is_only_seen_by_its_owner(
    client_a, open_round, resident, member
) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident, status=ReviewStatus.PENDING)
    url = f"/fund/proposals/{proposal.public_id}/"
    assert client_a.get(url).status_code == 404
    client_a.force_login(member)
    assert client_a.get(url).status_code == 404
    client_a.force_login(resident)
    assert "Waiting for a moderator" in client_a.get(url).content.decode()
    assert proposal.title in client_a.get("/fund/mine/").content.decode()


def test_another_town_does_not_find_the_proposal(client_a, client_b, open_round, resident) -> None:
    proposal = ProposalFactory(round=open_round, proposer=resident)
    assert client_a.get(f"/fund/proposals/{proposal.public_id}/").status_code == 200
    assert client_b.get(f"/fund/proposals/{proposal.public_id}/").status_code == 404
    assert client_b.get(f"{API}/proposals/{proposal.public_id}/").status_code == 404
    assert client_b.get(f"/fund/rounds/{open_round.slug}/proposals/").status_code == 404


# --- API ---------------------------------------------------------------------------------


def test_the_api_lists_public_proposals_of_a_round(client_a, open_round, resident) -> None:
    shown = ProposalFactory(round=open_round, proposer=resident)
    waiting = ProposalFactory(round=open_round, proposer=resident, status=ReviewStatus.PENDING)
    ids = {
        p["id"] for p in client_a.get(f"{API}/proposals/?round={open_round.slug}").json()["results"]
    }
    assert str(shown.public_id) in ids and str(waiting.public_id) not in ids
    assert client_a.get(f"{API}/proposals/{shown.public_id}/").json()["title"] == shown.title


def test_the_api_creates_for_a_participating_resident_only(client_a, open_round, resident) -> None:
    payload = {**fields(), "round": open_round.slug}
    assert (
        client_a.post(f"{API}/proposals/", payload, content_type="application/json").status_code
        == 401
    )
    client_a.force_login(resident)
    response = client_a.post(f"{API}/proposals/", payload, content_type="application/json")
    assert response.status_code == 201
    bad = client_a.post(
        f"{API}/proposals/",
        {**payload, "amount_cents": -1, "title": ""},
        content_type="application/json",
    )
    assert bad.status_code == 400 and {"amount_cents", "title"} <= set(
        bad.json()["error"]["fields"]
    )
    assert Proposal.objects.filter(round=open_round, proposer=resident).count() == 1


def test_the_api_shortlist_has_ballot_numbers(client_a, in_town_a) -> None:
    from tests.factories.fund import voting_round

    fund_round, proposals = voting_round(projects=2)
    rows = client_a.get(f"{API}/rounds/{fund_round.slug}/shortlist/").json()
    assert [row["ballot_number"] for row in rows] == [1, 2]
    assert rows[0]["id"] == str(proposals[0].public_id)


def test_the_console_queue_shows_and_approves_a_waiting_proposal(
    client_a, open_round, resident, moderator, member
) -> None:
    # given a proposal waiting for approval
    proposal = services.submit_proposal(
        fund_round=open_round, proposer=resident, **fields(title="Wartende Bank")
    )
    path = f"/manage/moderation/fund/proposal/{proposal.public_id}/"
    # an ordinary resident cannot act on it
    client_a.force_login(member)
    assert client_a.post(path, {"action": "approve", "reason": ""}).status_code == 403
    # when a moderator opens the queue and approves it
    client_a.force_login(moderator)
    assert "Wartende Bank" in client_a.get("/manage/moderation/").content.decode()
    assert client_a.post(path, {"action": "approve", "reason": ""}).status_code == 302
    # then it is public
    assert client_a.get(f"/fund/proposals/{proposal.public_id}/").status_code == 200
    assert Proposal.objects.get(pk=proposal.pk).status == ReviewStatus.APPROVED


# --- on behalf of a resident -------------------------------------------------------------


def _consent(manager: User, person: User) -> None:
    from modules.fund.scopes import PROPOSING
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent

    record_consent(
        recorded_by=manager, person=person, scopes=[PROPOSING], given_how=Consent.Given.PHONE
    )


def test_a_network_manager_proposes_for_a_resident_with_consent(
    client_a, open_round, resident, moderator, member
) -> None:
    from portal.accounts.models import AuditEntry

    url = f"/fund/propose/for/{resident.public_id}/"
    # without the resident's consent the manager is refused, a resident is refused anyway
    client_a.force_login(moderator)
    assert client_a.post(url, form()).status_code == 403
    client_a.force_login(member)
    assert client_a.get(url).status_code == 403
    # with it, the proposal is the resident's and audited as made for her
    _consent(moderator, resident)
    client_a.force_login(moderator)
    assert client_a.get(url).status_code == 200
    assert client_a.post(url, form(title="Für Frau Haug")).status_code == 302
    proposal = Proposal.objects.get(round=open_round, title="Für Frau Haug")
    assert proposal.proposer == resident
    assert AuditEntry.objects.filter(action="fund_proposal_made_for", actor=moderator).exists()


def test_the_service_refuses_acting_for_without_consent(open_round, resident, moderator) -> None:
    with pytest.raises(PermissionDenied):
        services.submit_proposal(
            fund_round=open_round, proposer=moderator, on_behalf_of=resident, **fields()
        )
    assert not Proposal.objects.filter(round=open_round, proposer=resident).exists()


def test_a_representative_chooses_the_organisation_on_the_page(client_a, open_round) -> None:
    organisation = OrganisationFactory(slug="fund-page-org", name="Repair-Café")
    representative = RepresentativeFactory(organisation=organisation).user
    client_a.force_login(representative)
    page = client_a.get(f"/fund/rounds/{open_round.slug}/propose/").content.decode()
    assert "Repair-Café" in page
    response = client_a.post(
        f"/fund/rounds/{open_round.slug}/propose/",
        form(title="Werkbank", organisation="fund-page-org"),
    )
    assert response.status_code == 302
    assert Proposal.objects.get(round=open_round, title="Werkbank").organisation == organisation
    # an organisation they do not represent is not among the choices
    OrganisationFactory(slug="fund-page-other")
    response = client_a.post(
        f"/fund/rounds/{open_round.slug}/propose/",
        form(title="Fremd", organisation="fund-page-other"),
    )
    assert response.status_code == 400
    assert not Proposal.objects.filter(round=open_round, title="Fremd").exists()
