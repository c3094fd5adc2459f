"""One rule set for what happens to a person, wherever it is done (console or a module):
moderators block residents, administrators block moderators, the last administrator stays,
nobody blocks themselves, pending registrations are rejected, not blocked."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from modules.exchange import services as exchange_services
from portal.accounts import services
from portal.accounts.models import AuditEntry, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(in_town_a) -> dict[str, User]:
    User.objects.filter(roles__contains=[Role.TOWN_ADMIN]).update(
        roles=[Role.RESIDENT], is_active=True, status=User.Status.ACTIVE
    )
    return {
        "resident": UserFactory(),
        "pending": UserFactory(pending=True),
        "moderator": UserFactory(moderator=True),
        "other_moderator": UserFactory(moderator=True),
        "admin": UserFactory(town_admin=True),
    }


# Both entry points must give the same answers.
def _via_accounts(user: User, by: User) -> User:
    return services.block_user(user=user, blocked_by=by, reason="Beleidigungen")


def _via_exchange(user: User, by: User) -> User:
    return exchange_services.block_user(user=user, moderator=by, reason="Beleidigungen")


BLOCKERS = [pytest.param(_via_accounts, id="accounts"), pytest.param(_via_exchange, id="exchange")]


@pytest.mark.parametrize("block", BLOCKERS)
def test_a_moderator_blocks_a_resident_and_it_is_audited(people, block) -> None:
    # when a moderator blocks a resident
    blocked = block(people["resident"], people["moderator"])
    # then the resident can no longer log in or take part, and the log says who and why
    blocked.refresh_from_db()
    assert blocked.status == User.Status.BLOCKED and not blocked.is_active
    entry = AuditEntry.objects.get(action="blocked", subject=blocked)
    assert entry.actor == people["moderator"]
    assert entry.detail["reason"] == "Beleidigungen"


@pytest.mark.parametrize("block", BLOCKERS)
def test_a_moderator_cannot_block_a_moderator_or_an_administrator(people, block) -> None:
    for target in ("other_moderator", "admin"):
        with pytest.raises(PermissionDenied):
            block(people[target], people["moderator"])
        people[target].refresh_from_db()
        assert people[target].status == User.Status.ACTIVE


@pytest.mark.parametrize("block", BLOCKERS)
def test_an_administrator_blocks_a_moderator(people, block) -> None:
    blocked = block(people["moderator"], people["admin"])
    assert blocked.status == User.Status.BLOCKED


@pytest.mark.parametrize("block", BLOCKERS)
def test_a_resident_blocks_nobody(people, block) -> None:
    with pytest.raises(PermissionDenied):
        block(UserFactory(), people["resident"])


@pytest.mark.parametrize("block", BLOCKERS)
def test_nobody_blocks_themselves(people, block) -> None:
    for who in ("moderator", "admin"):
        with pytest.raises(ValidationError, match="yourself"):
            block(people[who], people[who])


@pytest.mark.parametrize("block", BLOCKERS)
def test_a_pending_account_is_rejected_not_blocked(people, block) -> None:
    # when a moderator tries to block a registration that waits for approval
    with pytest.raises(ValidationError, match="reject"):
        block(people["pending"], people["moderator"])
    # then nothing changed: the message points to rejecting instead
    people["pending"].refresh_from_db()
    assert people["pending"].status == User.Status.PENDING


def test_the_last_active_administrator_is_protected_even_from_an_inactive_colleague(
    people,
) -> None:
    # given an administrator whose colleague was blocked meanwhile (a stale object in hand)
    colleague = UserFactory(town_admin=True)
    stale = User.objects.get(pk=colleague.pk)
    services.block_user(user=colleague, blocked_by=people["admin"])
    # when the blocked colleague's stale object tries to block the last administrator
    with pytest.raises(PermissionDenied):
        services.block_user(user=people["admin"], blocked_by=stale)
    # then the town keeps its administrator
    people["admin"].refresh_from_db()
    assert people["admin"].status == User.Status.ACTIVE


def test_blocking_twice_says_so(people) -> None:
    services.block_user(user=people["resident"], blocked_by=people["moderator"])
    with pytest.raises(ValidationError, match="already blocked"):
        services.block_user(user=people["resident"], blocked_by=people["moderator"])


def test_unblocking_follows_the_same_rules(people) -> None:
    services.block_user(user=people["other_moderator"], blocked_by=people["admin"])
    with pytest.raises(PermissionDenied):
        services.unblock_user(user=people["other_moderator"], unblocked_by=people["moderator"])
    services.unblock_user(user=people["other_moderator"], unblocked_by=people["admin"])
    people["other_moderator"].refresh_from_db()
    assert people["other_moderator"].status == User.Status.ACTIVE
    assert AuditEntry.objects.filter(action="unblocked", subject=people["other_moderator"])
    with pytest.raises(ValidationError, match="not blocked"):
        services.unblock_user(user=people["resident"], unblocked_by=people["moderator"])


def test_an_overlong_reason_is_refused_without_change(people) -> None:
    with pytest.raises(ValidationError):
        services.block_user(
            user=people["resident"], blocked_by=people["moderator"], reason="x" * 1001
        )
    people["resident"].refresh_from_db()
    assert people["resident"].status == User.Status.ACTIVE


def test_a_moderator_rejects_a_pending_registration(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_user(
            user=people["pending"], rejected_by=people["moderator"], reason="Nicht aus dem Ort"
        )
    assert not User.objects.filter(pk=people["pending"].pk).exists()
    assert AuditEntry.objects.filter(action="rejected", actor=people["moderator"]).exists()
    with pytest.raises(ValidationError, match="not waiting"):
        services.reject_user(
            user=people["resident"], rejected_by=people["moderator"], reason="Nein"
        )
    with pytest.raises(PermissionDenied):
        services.reject_user(
            user=UserFactory(pending=True), rejected_by=people["resident"], reason="x"
        )
