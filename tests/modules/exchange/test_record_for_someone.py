"""A moderator records time for someone: two searches find the people, both are told."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from billing.ledger.models import Entry
from portal.behalf.services import record_consent

pytestmark = pytest.mark.django_db

RECORD = "/exchange/moderation/record/"


def _consent(people, person):
    record_consent(
        recorded_by=people["admin"], person=person, scopes=["exchange_time"], given_how="phone"
    )


def _as_moderator(client_a, town_a, people):
    with tenant_context(town_a):
        client_a.force_login(people["moderator"])


def test_the_search_lists_only_the_people_it_finds(client_a, town_a, people):
    _as_moderator(client_a, town_a, people)
    # when the moderator searches for "Widm" and "Haug"
    page = client_a.get(RECORD, {"payer_q": "Widm", "payee_q": "Haug"}).content.decode()
    # then Josef Widmann is offered as the one helped, Erika Haug as the helper, nobody else
    assert str(people["member"].public_id) in page and str(people["owner"].public_id) in page
    assert "Sabine Roth" not in page
    # and a search of one letter finds nobody, with a word why
    short = client_a.get(RECORD, {"payer_q": "W", "payee_q": "Haug"}).content.decode()
    assert str(people["member"].public_id) not in short
    assert "at least two letters" in short


def test_before_a_search_no_drop_down_of_everyone_is_shown(client_a, town_a, people):
    _as_moderator(client_a, town_a, people)
    page = client_a.get(RECORD).content.decode()
    assert "Find people" in page
    assert str(people["member"].public_id) not in page  # no list of the whole town


def test_a_person_the_search_did_not_find_cannot_be_chosen(client_a, town_a, people):
    # given consent, and a search for Widmann and Haug
    _consent(people, people["member"])
    _as_moderator(client_a, town_a, people)
    # when the form is sent naming someone else (Sabine Roth) as the helper
    response = client_a.post(
        RECORD + "?payer_q=Widmann&payee_q=Haug",
        {
            "payer": str(people["member"].public_id),
            "payee": str(people["provider"].public_id),
            "on_behalf_of": "payer",
            "minutes": "60",
            "note": "Am Telefon",
        },
    )
    # then it is refused on the server and nothing is booked
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Entry.objects.count() == 0


def test_both_people_are_told_when_time_is_recorded(
    client_a, town_a, people, mailoutbox, django_capture_on_commit_callbacks
):
    # given the member agreed on the phone
    _consent(people, people["member"])
    _as_moderator(client_a, town_a, people)
    # when the moderator books an hour: the owner helped the member
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            RECORD + "?payer_q=Widmann&payee_q=Haug",
            {
                "payer": str(people["member"].public_id),
                "payee": str(people["owner"].public_id),
                "on_behalf_of": "payer",
                "minutes": "60",
                "note": "Am Telefon vereinbart",
            },
        )
    # then it is booked and each of the two gets a mail worded for them
    assert response.status_code == 302
    assert Entry.objects.count() == 2
    by_address = {message.to[0]: message.body for message in mailoutbox}
    assert set(by_address) == {people["member"].email, people["owner"].email}
    assert "helped you for 1 h" in by_address[people["member"].email]
    assert "You helped" in by_address[people["owner"].email]
    assert "Am Telefon vereinbart" in by_address[people["owner"].email]


def test_the_picker_is_for_moderators_only(client_a, town_a, people):
    with tenant_context(town_a):
        client_a.force_login(people["member"])
    assert client_a.get(RECORD, {"payer_q": "Haug"}).status_code == 403
