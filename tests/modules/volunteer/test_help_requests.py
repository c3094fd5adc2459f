"""A help request's life: eligibility per rule (with the demand counted), the states and who
may take each step, bad input, acting on behalf, and the pool race (one winner)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from modules.volunteer import request_mails
from modules.volunteer.models import (
    DemandEvent,
    HelpRequest,
    RequestStatus,
    Routing,
    Rule,
    Service,
)
from modules.volunteer.services import requests as steps
from modules.volunteer.services.requests import NotEligible, send_request
from portal.accounts.models import AuditEntry, User
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory, add_check

from .conftest import eligible, fields, soon

S = RequestStatus
pytestmark = pytest.mark.django_db


def _refused_rules(service: Service) -> list[str]:
    return sorted(
        DemandEvent.objects.filter(service=service, step="refused").values_list("rule", flat=True)
    )


# --- eligibility ------------------------------------------------------------------------------


def test_a_person_meeting_every_rule_sends_a_request(narrow: Service, resident: User) -> None:
    request = send_request(service=narrow, by=resident, fields=eligible())
    assert request.status == S.OPEN
    assert request.age_declared is True
    assert request.district == "Nord"
    assert DemandEvent.objects.filter(service=narrow, step="requested").count() == 1


@pytest.mark.parametrize(
    ("changes", "rule", "words"),
    [
        ({"district": "Süd"}, Rule.DISTRICT, "only for people living in Nord"),
        ({"birth_date": date(1990, 1, 1)}, Rule.MIN_AGE, "aged 70 and over"),
        ({"confirms_situation": False}, Rule.SITUATION, "in this situation"),
    ],
)
def test_each_rule_refuses_in_plain_words_and_is_counted(
    narrow: Service, resident: User, changes: dict[str, Any], rule: str, words: str
) -> None:
    with pytest.raises(NotEligible) as refused:
        send_request(service=narrow, by=resident, fields=eligible(**changes))
    assert [r.rule for r in refused.value.refusals] == [rule]
    assert words in refused.value.refusals[0].message
    assert _refused_rules(narrow) == [rule]
    assert not HelpRequest.objects.exists()


def test_every_failed_rule_is_named_at_once(narrow: Service, resident: User) -> None:
    with pytest.raises(NotEligible) as refused:
        send_request(
            service=narrow,
            by=resident,
            fields=eligible(district="Süd", birth_date=date(1990, 1, 1), confirms_situation=False),
        )
    assert len(refused.value.refusals) == 3
    assert _refused_rules(narrow) == sorted([Rule.DISTRICT, Rule.MIN_AGE, Rule.SITUATION])


def test_demand_is_counted_once_per_person_and_month(narrow: Service, resident: User) -> None:
    for _ in range(3):
        with pytest.raises(NotEligible):
            send_request(service=narrow, by=resident, fields=eligible(district="Süd"))
    other = UserFactory()
    with pytest.raises(NotEligible):
        send_request(service=narrow, by=other, fields=eligible(district="Süd"))
    assert DemandEvent.objects.filter(service=narrow, step="refused").count() == 2
    # the organisation cannot tell who: the key is neither the id nor the same across people
    keys = set(DemandEvent.objects.values_list("visitor", flat=True))
    assert len(keys) == 2 and str(resident.pk) not in keys


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"statement": "   "}, "statement", "describe your situation"),
        ({"needed_on": date(2020, 1, 1)}, "needed_on", "lies in the past"),
        ({"details": "x" * 2001}, "details", "at most 2000 characters"),
        ({"details": ""}, "details", "must not be empty"),
        ({"address": "Weg\x00 1"}, "address", "not allowed"),
        ({"phone": "ruf mich an"}, "phone", "digits"),
        ({"birth_date": None}, "birth_date", "date of birth"),
        ({"district": ""}, "district", "district you live in"),
        ({"needed_on": soon(400)}, "needed_on", "twelve months"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(
    narrow: Service, resident: User, changes: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as bad:
        send_request(service=narrow, by=resident, fields=eligible(**changes))
    assert not isinstance(bad.value, NotEligible)
    assert words in " ".join(bad.value.message_dict[field])
    assert not HelpRequest.objects.exists()
    assert not DemandEvent.objects.exists()


def test_a_hidden_or_paused_service_takes_no_requests(service: Service, resident: User) -> None:
    Service.objects.filter(pk=service.pk).update(is_active=False)
    service.refresh_from_db()
    with pytest.raises(ValidationError, match="no requests"):
        send_request(service=service, by=resident, fields=fields())


# --- approval ---------------------------------------------------------------------------------


@pytest.fixture
def approval(organisation, representative) -> Service:  # type: ignore[no-untyped-def]
    return ServiceFactory(
        organisation=organisation,
        coordinator=representative,
        slug="babysitter",
        needs_approval=True,
    )


def test_a_service_needing_approval_waits_then_the_coordinator_approves(
    approval: Service, resident: User, representative: User, outsider: User
) -> None:
    request = send_request(service=approval, by=resident, fields=fields())
    assert request.status == S.WAITING_APPROVAL
    with pytest.raises(PermissionDenied):
        steps.approve_request(help_request=request, by=outsider)
    with pytest.raises(PermissionDenied):
        steps.approve_request(help_request=request, by=resident)
    assert steps.approve_request(help_request=request, by=representative).status == S.OPEN
    with pytest.raises(ValidationError, match="no longer possible"):
        steps.approve_request(help_request=request, by=representative)


def test_a_refusal_needs_a_reason_and_counts_as_refused_by_approval(
    approval: Service, resident: User, representative: User
) -> None:
    request = send_request(service=approval, by=resident, fields=fields())
    with pytest.raises(ValidationError, match="reason"):
        steps.refuse_request(help_request=request, by=representative, reason="  ")
    request.refresh_from_db()
    assert request.status == S.WAITING_APPROVAL
    refused = steps.refuse_request(help_request=request, by=representative, reason="Zu weit weg")
    assert refused.status == S.REFUSED and refused.decided_reason == "Zu weit weg"
    assert _refused_rules(approval) == [Rule.APPROVAL]


# --- coordination -----------------------------------------------------------------------------


@pytest.fixture
def routed(organisation, representative) -> Service:  # type: ignore[no-untyped-def]
    return ServiceFactory(
        organisation=organisation,
        coordinator=representative,
        slug="begleitung",
        routing=Routing.COORDINATOR,
        required_checks=["conduct_certificate"],
    )


def test_the_coordinator_assigns_a_vetted_helper_and_the_resident_is_told(
    routed: Service,
    resident: User,
    representative: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    helper = UserFactory(full_name="Josef Widmann")
    HelperFactory(service=routed, user=helper)
    request = send_request(service=routed, by=resident, fields=fields())
    with django_capture_on_commit_callbacks(execute=True):
        assigned = steps.assign_helper(help_request=request, by=representative, helper=helper)
    assert assigned.status == S.ASSIGNED and assigned.helper == helper
    subjects = [m.subject for m in mailoutbox]
    assert any("a helper will come" in s for s in subjects)
    body = next(m.body for m in mailoutbox if resident.email in m.to)
    assert "Josef Widmann will come" in body


def test_a_helper_without_a_valid_check_cannot_be_assigned(
    routed: Service, resident: User, representative: User
) -> None:
    helper = UserFactory(full_name="Paul Ohne")
    record = HelperFactory(service=routed, user=helper, checks=False)
    add_check(record, "conduct_certificate", seen_on=soon(-400), valid_until=soon(-1))
    request = send_request(service=routed, by=resident, fields=fields())
    with pytest.raises(ValidationError) as bad:
        steps.assign_helper(help_request=request, by=representative, helper=helper)
    assert "has no valid" in bad.value.message_dict["helper"][0]
    request.refresh_from_db()
    assert request.status == S.OPEN and request.helper is None


def test_a_non_helper_cannot_be_assigned(
    routed: Service, resident: User, representative: User, outsider: User
) -> None:
    request = send_request(service=routed, by=resident, fields=fields())
    with pytest.raises(ValidationError, match="not a vetted helper"):
        steps.assign_helper(help_request=request, by=representative, helper=outsider)


def test_pool_requests_are_accepted_by_a_helper_not_assigned(
    service: Service, resident: User, helper: User, routed: Service
) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    taken = steps.accept_request(help_request=request, helper=helper)
    assert taken.status == S.ASSIGNED and taken.helper == helper
    other = UserFactory()
    HelperFactory(service=service, user=other)
    with pytest.raises(ValidationError, match="already been taken"):
        steps.accept_request(help_request=request, helper=other)
    routed_request = send_request(service=routed, by=resident, fields=fields())
    with pytest.raises(PermissionDenied):
        steps.accept_request(help_request=routed_request, helper=helper)


def test_done_records_the_hours_only_by_the_helper(
    service: Service, resident: User, helper: User
) -> None:
    request = steps.accept_request(
        help_request=send_request(service=service, by=resident, fields=fields()), helper=helper
    )
    with pytest.raises(PermissionDenied):
        steps.complete_request(help_request=request, by=resident, hours=Decimal("1"))
    for bad in (Decimal("0"), Decimal("25")):
        with pytest.raises(ValidationError, match="hours"):
            steps.complete_request(help_request=request, by=helper, hours=bad)
    done = steps.complete_request(help_request=request, by=helper, hours=Decimal("1.5"))
    assert done.status == S.DONE and done.hours == Decimal("1.50")
    with pytest.raises(ValidationError):
        steps.cancel_request(help_request=done, by=resident)


def test_the_resident_cancels_and_the_helper_is_told(
    service: Service,
    resident: User,
    helper: User,
    outsider: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = steps.accept_request(
        help_request=send_request(service=service, by=resident, fields=fields()), helper=helper
    )
    with pytest.raises(PermissionDenied):
        steps.cancel_request(help_request=request, by=outsider)
    with pytest.raises(PermissionDenied):
        steps.cancel_request(help_request=request, by=helper)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = steps.cancel_request(help_request=request, by=resident, reason="Tochter kommt")
    assert cancelled.status == S.CANCELLED
    to_helper = [m for m in mailoutbox if helper.email in m.to]
    assert to_helper and "Tochter kommt" in to_helper[-1].body


def test_the_coordinator_cancels_and_the_resident_is_told(
    service: Service,
    resident: User,
    representative: User,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = send_request(service=service, by=resident, fields=fields())
    with django_capture_on_commit_callbacks(execute=True):
        steps.cancel_request(help_request=request, by=representative, reason="Kein Helfer frei")
    assert any(resident.email in m.to and "cancelled" in m.subject for m in mailoutbox)
    assert AuditEntry.objects.filter(action="volunteer_request_cancelled").exists()


# --- acting on behalf -------------------------------------------------------------------------


def test_the_network_manager_needs_the_persons_consent(
    service: Service, resident: User, moderator: User
) -> None:
    with pytest.raises(PermissionDenied, match="consent"):
        send_request(service=service, by=moderator, fields=fields(), on_behalf_of=resident)
    assert not HelpRequest.objects.exists()


def test_with_consent_the_request_is_the_residents_and_audited(
    service: Service, resident: User, moderator: User
) -> None:
    from modules.volunteer.scopes import REQUESTS
    from portal.behalf.models import Consent
    from portal.behalf.services import record_consent

    record_consent(
        recorded_by=moderator, person=resident, scopes=[REQUESTS], given_how=Consent.Given.PHONE
    )
    request = send_request(service=service, by=moderator, fields=fields(), on_behalf_of=resident)
    assert request.resident == resident and request.entered_by == moderator
    entry = AuditEntry.objects.get(action="volunteer_request_sent_for")
    assert entry.actor == moderator and entry.on_behalf_of == resident
    steps.cancel_request(help_request=request, by=moderator, on_behalf_of=resident)
    assert AuditEntry.objects.filter(action="volunteer_request_cancelled_for").exists()


# --- the pool race ----------------------------------------------------------------------------

SCHEMA = "scratch_volunteer_races"


def _in_threads(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[Any] = [None] * len(calls)

    def worker(number: int) -> None:
        try:
            connection.set_schema(SCHEMA)  # type: ignore[attr-defined]
            barrier.wait()
            results[number] = calls[number]()
        except BaseException as failure:  # the refusals are the point
            results[number] = failure
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_of_helpers_accepting_at_once_exactly_one_gets_the_request(monkeypatch: Any) -> None:
    from tests.scratch_schema import scratch_schema

    # Mails are queued for a registered town; this scratch schema is none.
    monkeypatch.setattr(request_mails, "tell", lambda *args, **kwargs: None)
    with scratch_schema(SCHEMA):
        service = ServiceFactory(organisation=OrganisationFactory(), routing=Routing.POOL)
        helpers = [UserFactory() for _ in range(6)]
        for person in helpers:
            HelperFactory(service=service, user=person)
        resident = UserFactory()
        request = HelpRequest.objects.create(
            service=service,
            resident=resident,
            needed_on=soon(),
            details="Einkauf",
            address="Weg 1",
        )
        results = _in_threads(
            [(lambda p=p: steps.accept_request(help_request=request, helper=p)) for p in helpers]
        )
        won = [r for r in results if isinstance(r, HelpRequest)]
        lost = [r for r in results if isinstance(r, ValidationError)]
        assert len(won) == 1 and len(lost) == 5, results
        assert all("already been taken" in r.messages[0] for r in lost)
        request.refresh_from_db()
        assert request.status == S.ASSIGNED and request.helper == won[0].helper
        assert request.helper in helpers
