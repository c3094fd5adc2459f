"""Deleted (anonymised) accounts are no longer people: every list, search, count and
mailing of people leaves them out, through `User.objects.people()`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from modules.exchange.selectors import find_members
from portal.accounts.models import User
from portal.accounts.selectors import (
    active_moderators,
    dangerously_count_users_across_schemas,
    pending_users,
    user_counts,
)
from portal.accounts.services import delete_account
from portal.behalf.selectors import people_helped, person_for
from portal.dashboard.sections import residents_section
from portal.letters.recipients import letter_recipients
from portal.notifications.selectors import people_receiving
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_deleted_account_is_marked_and_not_a_person(in_town_a) -> None:
    # given Paula, who deletes her account
    paula = UserFactory(full_name="Paula Privat")
    delete_account(user=paula, password=PASSWORD)
    # then her row stays (others' rows point at it) but is no person
    gone = User.objects.get(pk=paula.pk)
    assert gone.deleted_at is not None
    assert User.objects.filter(pk=paula.pk).people().exists() is False
    assert not User.objects.people().filter(pk=paula.pk).exists()


def test_deleted_rows_are_left_out_of_every_selector_of_people(in_town_a, town_a) -> None:
    # given a deleted row that would otherwise match everything (active, moderator, pending
    # and verified), and a real person of each kind
    ghost = UserFactory(deleted=True, moderator=True, full_name="Zacharias Geist")
    pending_ghost = UserFactory(deleted=True, pending=True, full_name="Zora Geist")
    real = UserFactory(moderator=True, full_name="Zenzi Echt")
    waiting = UserFactory(pending=True, full_name="Zita Wartend")
    ghosts = {ghost.pk, pending_ghost.pk}
    # then no list of people holds a deleted row
    assert ghosts.isdisjoint(active_moderators().values_list("pk", flat=True))
    assert real in active_moderators()
    assert list(pending_users().filter(full_name__startswith="Z")) == [waiting]
    assert ghosts.isdisjoint(people_receiving("other").values_list("pk", flat=True))
    assert real in people_receiving("other")
    assert ghosts.isdisjoint(people_receiving("account").values_list("pk", flat=True))
    assert ghosts.isdisjoint(letter_recipients().values_list("pk", flat=True))
    assert [p.full_name for p in find_members("Geist")] == []
    assert [p.full_name for p in find_members("Echt")] == ["Zenzi Echt"]
    assert list(people_helped(query="Geist")) == []
    assert person_for(public_id=ghost.public_id) is None
    # and the counts do not count them
    everyone = User.objects.count()
    assert user_counts().total == everyone - 2
    assert user_counts().pending == User.objects.filter(status="pending").count() - 1
    across = dangerously_count_users_across_schemas([town_a.schema_name])
    assert across[town_a.schema_name].total == everyone - 2


def test_the_dashboard_counts_people_not_deleted_accounts(in_town_a) -> None:
    UserFactory.create_batch(2)
    UserFactory(deleted=True)
    [section] = residents_section(since=date.today() - timedelta(days=365))
    registered = section.headlines[0]
    assert registered.value == User.objects.people().count() == User.objects.count() - 1
    # every account of the test town joined within the year: the weeks add up to the people
    assert sum(section.series[0].weeks.values()) == User.objects.people().count()


def test_the_console_lists_and_finds_no_deleted_account(client_a, in_town_a) -> None:
    # given an administrator, a resident and a deleted row with a findable name
    admin = UserFactory(town_admin=True)
    UserFactory(full_name="Rita Resident")
    ghost = UserFactory(deleted=True, full_name="Gustav Geist", pending=True)
    client_a.force_login(admin)
    # then neither the list, nor a search, nor the approvals show it, nor is its page found
    listing = client_a.get("/manage/users/").content.decode()
    assert "Rita Resident" in listing and "Gustav Geist" not in listing
    found = client_a.get("/manage/users/?q=Geist").content.decode()
    assert "Gustav Geist" not in found
    assert "Gustav Geist" not in client_a.get("/manage/approvals/").content.decode()
    assert client_a.get(f"/manage/users/{ghost.public_id}/").status_code == 404


def test_record_time_for_someone_does_not_offer_a_deleted_account(client_a, in_town_a) -> None:
    moderator = UserFactory(moderator=True)
    UserFactory(full_name="Gerda Gesucht")
    UserFactory(deleted=True, full_name="Gerd Gesucht")
    client_a.force_login(moderator)
    page = client_a.get("/exchange/moderation/record/?payer_q=Gesucht").content.decode()
    assert "Gerda Gesucht" in page and "Gerd Gesucht" not in page


def test_the_helping_search_does_not_offer_a_deleted_account(client_a, in_town_a) -> None:
    moderator = UserFactory(moderator=True)
    UserFactory(full_name="Hella Hilfe")
    UserFactory(deleted=True, full_name="Hugo Hilfe")
    client_a.force_login(moderator)
    page = client_a.get("/helping/?q=Hilfe").content.decode()
    assert "Hella Hilfe" in page and "Hugo Hilfe" not in page


def test_every_selector_reads_people_through_the_one_method() -> None:
    # Reads that list or count people live in selectors (and the dashboard's sections); a
    # new one that starts from User.objects without .people() would list deleted accounts.
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    files = [
        *root.glob("platform/portal/**/selectors.py"),
        *root.glob("platform/portal/**/sections.py"),
        *root.glob("modules/**/selectors.py"),
        *root.glob("modules/**/selectors/*.py"),
    ]
    assert len(files) > 5
    offenders = [
        f"{path.relative_to(root)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in files
        for text in [path.read_text()]
        for match in re.finditer(r"User\.objects\.(?!people\(\)|none\(\))", text)
    ]
    assert offenders == []
