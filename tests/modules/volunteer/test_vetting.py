"""Vetting: a volunteer joins and leaves; the coordinator records dated checks, vets, refuses,
suspends and reinstates; every decision is in the vetting log and the audit log; the role
`helper` follows being vetted somewhere."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from modules.directory.models import Representative
from modules.volunteer.models import (
    Check,
    CheckKind,
    Helper,
    HelperStatus,
    Service,
    VettingAction,
    VettingEvent,
)
from modules.volunteer.services.checks import record_check
from modules.volunteer.services.helpers import (
    join_service,
    leave_service,
    refuse_helper,
    reinstate_helper,
    suspend_helper,
    vet_helper,
)
from portal.accounts.models import AuditEntry, Role, User
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory, add_check

pytestmark = pytest.mark.django_db

CERT = CheckKind.CONDUCT_CERTIFICATE


@pytest.fixture
def coordinator(in_town_a: object) -> User:
    return UserFactory(email="vet-coordinator@example.org", full_name="Claudia Brandt")


@pytest.fixture
def service(coordinator: User) -> Service:
    return ServiceFactory(
        slug="babysitter",
        title="Babysitter-Dienst",
        coordinator=coordinator,
        required_checks=[CERT],
    )


@pytest.fixture
def volunteer(in_town_a: object) -> User:
    return UserFactory(email="vet-volunteer@example.org", full_name="Lena Hofmann")


@pytest.fixture
def applied(service: Service, volunteer: User) -> Helper:
    return join_service(service=service, user=volunteer, motivation="Ich passe gern auf.")


def _today() -> Any:
    return timezone.localdate()


def _valid_check(helper: Helper, by: User) -> Check:
    return record_check(
        helper=helper,
        by=by,
        kind=CERT,
        seen_on=_today() - timedelta(days=3),
        valid_until=_today() + timedelta(days=700),
    )


def _audit(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def _state(helper: Helper) -> tuple[str, int, int]:
    helper.refresh_from_db()
    return helper.status, helper.checks.count(), helper.vetting_log.count()


# --- joining ---------------------------------------------------------------------------------


def test_a_resident_joins_and_the_coordinator_is_told(
    service: Service,
    volunteer: User,
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # when the volunteer offers to help
    with django_capture_on_commit_callbacks(execute=True):
        helper = join_service(service=service, user=volunteer, motivation="  Ich helfe gern. ")
    # then they wait for vetting, and the coordinator has a mail with the link
    assert helper.status == HelperStatus.APPLIED
    assert helper.motivation == "Ich helfe gern."
    [sent] = [m for m in mailoutbox if coordinator.email in m.to]
    assert "Lena Hofmann" in sent.subject
    assert reverse("volunteer:helper", args=[service.slug, volunteer.public_id]) in sent.body
    assert _audit("volunteer_helper_joined")[0].subject == volunteer
    assert Role.HELPER not in User.objects.get(pk=volunteer.pk).roles


def test_joining_twice_is_a_clear_message(applied: Helper, service: Service) -> None:
    with pytest.raises(ValidationError, match="already offered"):
        join_service(service=service, user=applied.user, motivation="noch einmal")
    assert Helper.objects.filter(service=service).count() == 1


def test_a_blocked_or_unverified_person_cannot_join(service: Service) -> None:
    for person in (UserFactory(blocked=True), UserFactory(unverified=True)):
        with pytest.raises(PermissionDenied):
            join_service(service=service, user=person, motivation="")
    assert not Helper.objects.filter(service=service).exists()


def test_a_too_long_or_control_character_motivation_changes_nothing(
    service: Service, volunteer: User
) -> None:
    for words in ("x" * 1001, "Hallo\x00Welt"):
        with pytest.raises(ValidationError) as caught:
            join_service(service=service, user=volunteer, motivation=words)
        assert "motivation" in caught.value.message_dict
    assert not Helper.objects.exists()


def test_a_helper_leaves_loses_the_role_and_may_join_again(
    service: Service, coordinator: User, applied: Helper
) -> None:
    _valid_check(applied, coordinator)
    vet_helper(helper=applied, by=coordinator)
    assert Role.HELPER in User.objects.get(pk=applied.user_id).roles
    # when they leave
    leave_service(helper=applied, by=applied.user)
    # then they are gone, the log says so, and they hold the role no more
    assert _state(applied)[0] == HelperStatus.LEFT
    assert applied.vetting_log.first().action == VettingAction.LEFT  # type: ignore[union-attr]
    assert Role.HELPER not in User.objects.get(pk=applied.user_id).roles
    assert _audit("volunteer_helper_left")
    # and joining again waits for vetting anew
    again = join_service(service=service, user=applied.user, motivation="Wieder da")
    assert again.pk == applied.pk and again.status == HelperStatus.APPLIED


def test_the_role_stays_while_vetted_in_another_service(coordinator: User) -> None:
    person = UserFactory(roles=[Role.RESIDENT, Role.HELPER])
    HelperFactory(user=person, service=ServiceFactory(coordinator=coordinator))
    second = HelperFactory(user=person, service=ServiceFactory(coordinator=coordinator))
    suspend_helper(helper=second, by=coordinator, reason="Pause")
    assert Role.HELPER in User.objects.get(pk=person.pk).roles


def test_nobody_leaves_for_someone_else(applied: Helper) -> None:
    with pytest.raises(PermissionDenied):
        leave_service(helper=applied, by=UserFactory())
    assert _state(applied)[0] == HelperStatus.APPLIED


# --- vetting ---------------------------------------------------------------------------------


def test_vetting_without_a_valid_check_names_the_missing_check(
    applied: Helper, coordinator: User
) -> None:
    with pytest.raises(ValidationError) as caught:
        vet_helper(helper=applied, by=coordinator)
    assert "certificate of good conduct has not been recorded" in " ".join(caught.value.messages)
    assert _state(applied) == (HelperStatus.APPLIED, 0, 0)
    assert not _audit("volunteer_helper_vetted")


def test_vetting_with_an_expired_check_names_its_end(applied: Helper, coordinator: User) -> None:
    add_check(
        applied,
        CERT,
        seen_on=_today() - timedelta(days=900),
        valid_until=_today() - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as caught:
        vet_helper(helper=applied, by=coordinator)
    day = (_today() - timedelta(days=1)).strftime("%d.%m.%Y")
    assert f"expired on {day}" in " ".join(caught.value.messages)
    assert _state(applied)[0] == HelperStatus.APPLIED


def test_vetting_with_a_valid_check_is_logged_audited_and_told(
    applied: Helper,
    coordinator: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a valid certificate recorded by the coordinator
    _valid_check(applied, coordinator)
    # when the coordinator vets
    with django_capture_on_commit_callbacks(execute=True):
        vet_helper(helper=applied, by=coordinator)
    # then the helper is vetted, holds the role, and log and audit say who did it
    applied.refresh_from_db()
    assert applied.status == HelperStatus.VETTED and applied.decided_by == coordinator
    actions = list(applied.vetting_log.values_list("action", "check_kind", "by"))
    assert actions == [
        (VettingAction.VETTED, "", coordinator.pk),
        (VettingAction.CHECK_RECORDED, CERT, coordinator.pk),
    ]
    [entry] = _audit("volunteer_helper_vetted")
    assert entry.actor == coordinator and entry.subject == applied.user
    assert _audit("volunteer_helper_check_recorded")
    assert Role.HELPER in User.objects.get(pk=applied.user_id).roles
    assert [m for m in mailoutbox if applied.user.email in m.to]


def test_refuse_and_suspend_need_a_reason(applied: Helper, coordinator: User) -> None:
    for reason in ("", "   ", "\u200b"):
        with pytest.raises(ValidationError, match=r"give a reason|visible text"):
            refuse_helper(helper=applied, by=coordinator, reason=reason)
    assert _state(applied) == (HelperStatus.APPLIED, 0, 0)
    vetted = HelperFactory(service=applied.service)
    with pytest.raises(ValidationError, match="give a reason"):
        suspend_helper(helper=vetted, by=coordinator, reason="")
    assert _state(vetted)[0] == HelperStatus.VETTED


def test_refuse_with_a_reason_is_logged_and_audited(applied: Helper, coordinator: User) -> None:
    refuse_helper(helper=applied, by=coordinator, reason="Kein Führungszeugnis vorgelegt.")
    assert _state(applied)[0] == HelperStatus.REFUSED
    event = applied.vetting_log.get()
    assert (event.action, event.reason, event.by) == (
        VettingAction.REFUSED,
        "Kein Führungszeugnis vorgelegt.",
        coordinator,
    )
    assert (
        _audit("volunteer_helper_refused")[0].detail["reason"] == "Kein Führungszeugnis vorgelegt."
    )
    # a refused person cannot simply join again
    with pytest.raises(ValidationError, match="did not accept"):
        join_service(service=applied.service, user=applied.user, motivation="")


def test_suspend_then_reinstate(coordinator: User, service: Service) -> None:
    helper = HelperFactory(service=service, user=UserFactory(roles=[Role.RESIDENT, Role.HELPER]))
    suspend_helper(helper=helper, by=coordinator, reason="Beschwerde wird geklärt")
    assert _state(helper)[0] == HelperStatus.SUSPENDED
    assert Role.HELPER not in User.objects.get(pk=helper.user_id).roles
    reinstate_helper(helper=helper, by=coordinator)
    assert _state(helper)[0] == HelperStatus.VETTED
    assert [e.action for e in helper.vetting_log.all()] == [
        VettingAction.REINSTATED,
        VettingAction.SUSPENDED,
    ]
    assert _audit("volunteer_helper_suspended") and _audit("volunteer_helper_reinstated")
    assert Role.HELPER in User.objects.get(pk=helper.user_id).roles


def test_a_step_from_the_wrong_state_changes_nothing(applied: Helper, coordinator: User) -> None:
    with pytest.raises(ValidationError, match="not possible now"):
        reinstate_helper(helper=applied, by=coordinator)
    with pytest.raises(ValidationError, match="not possible now"):
        suspend_helper(helper=applied, by=coordinator, reason="x")
    assert _state(applied) == (HelperStatus.APPLIED, 0, 0)


# --- who may decide --------------------------------------------------------------------------


def test_owner_member_outsider(applied: Helper, coordinator: User, service: Service) -> None:
    # the organisation's representative and the network manager may decide too
    representative = UserFactory()
    Representative.objects.create(organisation=service.organisation, user=representative)
    _valid_check(applied, representative)
    moderator = UserFactory(moderator=True)
    # a plain resident, and the coordinator of another service, may not
    other_coordinator = UserFactory()
    ServiceFactory(coordinator=other_coordinator, required_checks=[CERT])
    for outsider in (UserFactory(), other_coordinator):
        with pytest.raises(PermissionDenied):
            vet_helper(helper=applied, by=outsider)
        with pytest.raises(PermissionDenied):
            record_check(helper=applied, by=outsider, kind=CERT, seen_on=_today(), valid_until=None)
    assert _state(applied) == (HelperStatus.APPLIED, 1, 1)
    vet_helper(helper=applied, by=moderator)
    assert _state(applied)[0] == HelperStatus.VETTED


def test_nobody_vets_themselves(service: Service, coordinator: User) -> None:
    own = join_service(service=service, user=coordinator, motivation="")
    with pytest.raises(PermissionDenied):
        record_check(helper=own, by=coordinator, kind=CERT, seen_on=_today(), valid_until=None)
    with pytest.raises(PermissionDenied):
        vet_helper(helper=own, by=coordinator)
    assert _state(own) == (HelperStatus.APPLIED, 0, 0)


# --- recording checks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "seen", "until", "field", "words"),
    [
        ("passport", 0, 10, "kind", "choose one of the checks"),
        (CERT, 1, 10, "seen_on", "cannot be in the future"),
        (CERT, -10, -20, "valid_until", "must not be before"),
        (CERT, -10, -1, "valid_until", "already expired"),
        (CERT, None, 10, "seen_on", "the day you saw"),
    ],
)
def test_a_bad_check_is_refused_with_a_clear_message(
    applied: Helper,
    coordinator: User,
    kind: str,
    seen: int | None,
    until: int,
    field: str,
    words: str,
) -> None:
    today = _today()
    with pytest.raises(ValidationError) as caught:
        record_check(
            helper=applied,
            by=coordinator,
            kind=kind,
            seen_on=None if seen is None else today + timedelta(days=seen),
            valid_until=today + timedelta(days=until),
        )
    assert words in " ".join(caught.value.message_dict[field])
    assert _state(applied) == (HelperStatus.APPLIED, 0, 0)


def test_every_problem_of_a_check_is_named_at_once(applied: Helper, coordinator: User) -> None:
    with pytest.raises(ValidationError) as caught:
        record_check(
            helper=applied,
            by=coordinator,
            kind="passport",
            seen_on=_today() + timedelta(days=2),
            valid_until=_today() - timedelta(days=400 * 365),
        )
    assert set(caught.value.message_dict) == {"kind", "seen_on", "valid_until"}


def test_a_check_without_end_and_its_log_line(applied: Helper, coordinator: User) -> None:
    check = record_check(
        helper=applied, by=coordinator, kind=CheckKind.TRAINING, seen_on=_today(), valid_until=None
    )
    assert check.valid_until is None and check.recorded_by == coordinator
    event = VettingEvent.objects.get(helper=applied)
    assert event.action == VettingAction.CHECK_RECORDED and event.check_kind == CheckKind.TRAINING


# --- acting on behalf ------------------------------------------------------------------------


def test_the_network_manager_joins_and_leaves_for_a_resident_with_consent(
    service: Service,
) -> None:
    from modules.volunteer.scopes import REQUESTS
    from portal.behalf.services import record_consent

    manager = UserFactory(moderator=True)
    admin = UserFactory(town_admin=True)
    person = UserFactory(full_name="Hilde Maier")
    # without a consent: refused, nothing written
    with pytest.raises(PermissionDenied):
        join_service(service=service, user=manager, motivation="", on_behalf_of=person)
    assert not Helper.objects.exists()
    # with one: the helper is the resident, the audit names both
    record_consent(recorded_by=admin, person=person, scopes=[REQUESTS], given_how="phone")
    helper = join_service(service=service, user=manager, motivation="", on_behalf_of=person)
    assert helper.user == person
    [entry] = _audit("volunteer_helper_joined")
    assert (entry.actor, entry.on_behalf_of, entry.subject) == (manager, person, person)
    leave_service(helper=helper, by=manager, on_behalf_of=person)
    assert _state(helper)[0] == HelperStatus.LEFT
    assert _audit("volunteer_helper_left")[0].on_behalf_of == person


def test_a_refusal_can_be_reconsidered(applied: Helper, coordinator: User) -> None:
    refuse_helper(helper=applied, by=coordinator, reason="Noch kein Zeugnis")
    _valid_check(applied, coordinator)
    vet_helper(helper=applied, by=coordinator)
    assert _state(applied)[0] == HelperStatus.VETTED
    assert [e.action for e in applied.vetting_log.all()] == [
        VettingAction.VETTED,
        VettingAction.CHECK_RECORDED,
        VettingAction.REFUSED,
    ]
