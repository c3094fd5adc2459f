"""The vote's API: cast one's own ballot, one's status, and after the count the result, the
ballots and the receipts; the same refusals as the page, in the one error shape."""

from __future__ import annotations

from typing import Any

import pytest

from modules.fund.models import Phase
from modules.fund.services.ballots import receipt_hash
from modules.fund.services.rounds import advance_round
from tests.factories import UserFactory
from tests.factories.fund import voting_round

from .ballots_setup import box_sizes

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting(in_town_a: Any) -> Any:
    fund_round, _ = voting_round(projects=3)
    return fund_round


def _base(fund_round: Any) -> str:
    return f"/api/v1/fund/rounds/{fund_round.slug}/"


def test_a_voter_casts_through_the_api(voting, client_a) -> None:
    voter = UserFactory()
    client_a.force_login(voter)
    mine = client_a.get(_base(voting) + "my-vote/").json()
    assert mine["voted"] is False
    response = client_a.post(
        _base(voting) + "ballot/", {"choices": [2]}, content_type="application/json"
    )
    assert response.status_code == 201
    code = response.json()["receipt"]
    assert len(code) == 19
    assert client_a.get(_base(voting) + "my-vote/").json()["voted"] is True
    again = client_a.post(
        _base(voting) + "ballot/", {"choices": [1]}, content_type="application/json"
    )
    assert again.status_code == 400 and "already voted" in str(again.json())
    # after the count: the result, the box and the receipts
    assert client_a.get(_base(voting) + "result/").status_code == 404
    advance_round(fund_round=voting, to=Phase.RESULTS, by=UserFactory(town_admin=True))
    result = client_a.get(_base(voting) + "result/").json()
    assert result["counts"] == {"1": 0, "2": 1, "3": 0} and result["ballots_count"] == 1
    box = client_a.get(_base(voting) + "ballots/").json()
    assert box["ballots"] == [[2]] and box["digest"] == result["digest"]
    assert client_a.get(_base(voting) + "receipts/").json()["receipts"] == [receipt_hash(code)]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"choices": []},
        {"choices": ["x"]},
        {"choices": "1"},
        {"choices": [9]},
        {"choices": [1, 2]},
    ],
)
def test_bad_api_ballots_store_nothing(voting, client_a, body) -> None:
    client_a.force_login(UserFactory())
    response = client_a.post(_base(voting) + "ballot/", body, content_type="application/json")
    assert response.status_code == 400
    assert box_sizes(voting) == (0, 0, 0)


def test_only_a_logged_in_voter_casts_and_only_in_their_town(voting, client_a, client_b) -> None:
    post = {"content_type": "application/json"}
    assert client_a.post(_base(voting) + "ballot/", {"choices": [1]}, **post).status_code == 401
    client_a.force_login(UserFactory(pending=True))
    pending = client_a.post(_base(voting) + "ballot/", {"choices": [1]}, **post)
    assert pending.status_code == 400 and "waiting for approval" in str(pending.json())
    # town B: A's voters are nobody there; B's people do not find A's round
    assert client_b.post(_base(voting) + "ballot/", {"choices": [1]}, **post).status_code == 401
    assert box_sizes(voting) == (0, 0, 0)


def test_another_towns_round_is_not_found(voting, client_b, in_town_b) -> None:
    client_b.force_login(UserFactory())
    assert client_b.get(_base(voting) + "my-vote/").status_code == 404
    post = client_b.post(
        _base(voting) + "ballot/", {"choices": [1]}, content_type="application/json"
    )
    assert post.status_code == 404
