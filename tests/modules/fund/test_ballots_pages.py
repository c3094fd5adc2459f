"""The ballot pages: vote and see the receipt once, "you have voted", the refusal with its
reason, the poll worker's paper entry and the ballot by phone; another town's round is
unreachable."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from modules.fund.models import Channel, Receipt, VoteMethod, VoterRecord
from modules.fund.services.ballots import receipt_hash
from portal.accounts.models import Role
from tests.factories import UserFactory
from tests.factories.fund import voting_round

from .ballots_setup import box_sizes, voting_consent

pytestmark = pytest.mark.django_db
CODE = re.compile(r"<strong data-receipt-code>([A-Z0-9-]+)</strong>")


@pytest.fixture
def voting(in_town_a: Any) -> Any:
    fund_round, _ = voting_round(projects=3)
    return fund_round


def test_a_resident_votes_and_sees_the_receipt_once(voting, client_a) -> None:
    voter = UserFactory()
    client_a.force_login(voter)
    url = reverse("fund:vote", args=[voting.slug])
    # the ballot: radio buttons, the closing time and the tie rule
    page = client_a.get(url).content.decode()
    assert page.count('type="radio"') == 3 and "Voting closes on" in page
    assert "the project that asks for less money" in page
    # voting answers with the receipt page itself, not a redirect, and it is not cached
    response = client_a.post(url, {"choices": "2"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    code = CODE.search(response.content.decode())
    assert code is not None
    assert Receipt.objects.filter(code_hash=receipt_hash(code.group(1))).exists()
    # afterwards the page says she voted, and never shows the code again
    again = client_a.get(url).content.decode()
    assert "You voted in" in again and code.group(1) not in again
    assert client_a.post(url, {"choices": "1"}).status_code == 200
    assert box_sizes(voting) == (1, 1, 1)


def test_approval_voting_has_check_boxes(in_town_a, client_a) -> None:
    fund_round, _ = voting_round(projects=4, method=VoteMethod.APPROVAL, max_choices=2)
    client_a.force_login(UserFactory())
    url = reverse("fund:vote", args=[fund_round.slug])
    assert client_a.get(url).content.decode().count('type="checkbox"') == 4
    too_many = client_a.post(url, {"choices": ["1", "2", "3"]})
    assert too_many.status_code == 400 and "at most 2" in too_many.content.decode()
    assert client_a.post(url, {"choices": ["1", "3"]}).status_code == 200


@pytest.mark.parametrize(
    "data", [{}, {"choices": "9"}, {"choices": "<script>alert(1)</script>"}, {"choices": "x" * 500}]
)
def test_bad_ballots_are_answered_clearly_and_store_nothing(voting, client_a, data) -> None:
    client_a.force_login(UserFactory())
    response = client_a.post(reverse("fund:vote", args=[voting.slug]), data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert box_sizes(voting) == (0, 0, 0)


def test_who_may_not_vote_sees_why(voting, client_a) -> None:
    url = reverse("fund:vote", args=[voting.slug])
    # anonymous: to the login page
    assert client_a.get(url).status_code == 302
    client_a.force_login(UserFactory(pending=True))
    refused = client_a.get(url)
    assert refused.status_code == 403 and "waiting for approval" in refused.content.decode()
    assert client_a.post(url, {"choices": "1"}).status_code == 403
    assert box_sizes(voting) == (0, 0, 0)


def test_another_towns_round_is_unreachable(voting, client_b, in_town_b) -> None:
    url = reverse("fund:vote", args=[voting.slug])
    assert client_b.get(url).status_code == 302  # A's residents are nobody in B
    client_b.force_login(UserFactory(roles=[Role.RESIDENT, Role.POLL_WORKER, Role.MODERATOR]))
    assert client_b.get(url).status_code == 404
    for name in ("fund:paper_ballot", "fund:assisted_ballot", "fund:ballot_sheet"):
        assert client_b.get(reverse(name, args=[voting.slug])).status_code == 404, name


def test_a_poll_worker_finds_the_person_and_enters_the_paper_ballot(voting, client_a) -> None:
    person = UserFactory(full_name="Hildegard Papierwahl", email="hildegard-paper@example.org")
    worker = UserFactory(poll_worker=True)
    url = reverse("fund:paper_ballot", args=[voting.slug])
    client_a.force_login(worker)
    found = client_a.get(url, {"q": "Papierwahl"}).content.decode()
    assert str(person.public_id) in found
    assert client_a.get(url, {"q": ""}).status_code == 400
    form = client_a.get(url, {"person": person.public_id}).content.decode()
    assert "Hildegard Papierwahl" in form and 'type="radio"' in form
    done = client_a.post(url, {"person": person.public_id, "choices": "3"})
    assert done.status_code == 200 and CODE.search(done.content.decode())
    record = VoterRecord.objects.get(round=voting, voter=person)
    assert (record.channel, record.recorded_by) == (Channel.PAPER, worker)
    # a second entry for her is refused on the form
    again = client_a.post(url, {"person": person.public_id, "choices": "1"})
    assert again.status_code == 400 and "already voted" in again.content.decode()


def test_only_poll_workers_and_network_managers_enter_paper_ballots(voting, client_a) -> None:
    url = reverse("fund:paper_ballot", args=[voting.slug])
    client_a.force_login(UserFactory())  # outsider
    assert client_a.get(url).status_code == 403
    client_a.force_login(UserFactory(moderator=True))  # member: the network office
    assert client_a.get(url).status_code == 200
    client_a.force_login(UserFactory(poll_worker=True))  # owner of the task
    assert client_a.get(url).status_code == 200


def test_the_network_office_records_a_ballot_by_phone_with_consent(voting, client_a) -> None:
    manager = UserFactory(moderator=True)
    person = UserFactory(full_name="Otto Telefon")
    stranger = UserFactory(full_name="Ohne Einwilligung")
    voting_consent(person=person, recorded_by=manager)
    url = reverse("fund:assisted_ballot", args=[voting.slug])
    client_a.force_login(manager)
    listing = client_a.get(url).content.decode()
    assert "Otto Telefon" in listing and "Ohne Einwilligung" not in listing
    refused = client_a.get(url, {"person": stranger.public_id})
    assert refused.status_code == 403 and "valid consent" in refused.content.decode()
    done = client_a.post(url, {"person": person.public_id, "choices": "1"})
    assert done.status_code == 200 and "Read this receipt code" in done.content.decode()
    assert VoterRecord.objects.get(round=voting, voter=person).channel == Channel.ASSISTED
    # from the person's page under "helping": to the round voting now
    jump = client_a.get(reverse("fund:assisted_for", args=[person.public_id]))
    assert jump.status_code == 302 and "/assisted/?person=" in jump["Location"]
    # a resident may not
    client_a.force_login(UserFactory())
    assert client_a.get(url).status_code == 403


@pytest.mark.parametrize("person", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_person_on_the_paper_page_is_not_found(voting, client_a, person) -> None:
    client_a.force_login(UserFactory(poll_worker=True))
    url = reverse("fund:paper_ballot", args=[voting.slug])
    assert client_a.get(url, {"person": person}).status_code == 404
    assert client_a.post(url, {"person": person, "choices": "1"}).status_code == 404
    assert box_sizes(voting) == (0, 0, 0)


def _queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_ballot_and_the_notice_cost_the_same_queries_for_2_or_10_projects(
    in_town_a, client_a
) -> None:
    from modules.fund.models import Phase
    from modules.fund.services.rounds import advance_round

    client_a.force_login(UserFactory())
    admin = UserFactory(town_admin=True)
    client_a.get(reverse("fund:overview"))  # the session's and the town's first-time reads
    counts = []
    for projects in (2, 10):
        fund_round, _ = voting_round(projects=projects)
        ballot = _queries(client_a, reverse("fund:vote", args=[fund_round.slug]))
        advance_round(fund_round=fund_round, to=Phase.RESULTS, by=admin)
        notice = _queries(client_a, reverse("fund:result_notice", args=[fund_round.slug]))
        counts.append((ballot, notice))
    assert counts[0] == counts[1]
