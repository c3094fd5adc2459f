"""The vetting pages and the helpers API: who sees them, what bad input answers, and a
constant number of queries however many helpers a service has."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from modules.volunteer.models import CheckKind, Helper, HelperStatus, Service, VettingEvent
from portal.accounts.models import User
from tests.factories import UserFactory
from tests.factories.volunteer import HelperFactory, ServiceFactory, add_check

pytestmark = pytest.mark.django_db

CERT = CheckKind.CONDUCT_CERTIFICATE


@pytest.fixture
def coordinator(in_town_a: object) -> User:
    return UserFactory(email="pages-coordinator@example.org")


@pytest.fixture
def service(coordinator: User) -> Service:
    return ServiceFactory(slug="babysitter-seiten", coordinator=coordinator, required_checks=[CERT])


@pytest.fixture
def waiting(service: Service) -> Helper:
    return HelperFactory(
        service=service,
        user=UserFactory(full_name="Selin Yildiz"),
        status=HelperStatus.APPLIED,
        decided_at=None,
        checks=False,
    )


def _helper_url(name: str, helper: Helper) -> str:
    return reverse(f"volunteer:{name}", args=[helper.service.slug, helper.user.public_id])


def _expired_helper(service: Service, name: str = "Karin Schäfer") -> Helper:
    helper = HelperFactory(service=service, user=UserFactory(full_name=name), checks=False)
    today = timezone.localdate()
    add_check(
        helper, CERT, seen_on=today - timedelta(days=1800), valid_until=today - timedelta(days=7)
    )
    return helper


# --- joining ---------------------------------------------------------------------------------


def test_a_resident_joins_on_the_page(client_a: Any, service: Service) -> None:
    person = UserFactory()
    client_a.force_login(person)
    page = client_a.get(reverse("volunteer:join", args=[service.slug]))
    assert page.status_code == 200
    assert "do not upload a copy" in page.content.decode()
    answer = client_a.post(
        reverse("volunteer:join", args=[service.slug]), {"motivation": "Ich helfe gern."}
    )
    assert answer.status_code == 302 and answer["Location"] == reverse("volunteer:my_helping")
    helper = Helper.objects.get(service=service, user=person)
    assert helper.status == HelperStatus.APPLIED
    # twice: the page says so and nothing changes
    again = client_a.post(reverse("volunteer:join", args=[service.slug]), {"motivation": "x"})
    assert again.status_code == 400
    assert Helper.objects.filter(service=service).count() == 1


def test_joining_twice_by_post_is_a_message_on_the_form(client_a: Any, waiting: Helper) -> None:
    # the page shows the status instead of the form; a replayed POST is refused on the form
    client_a.force_login(waiting.user)
    answer = client_a.post(reverse("volunteer:join", args=[waiting.service.slug]), {})
    assert answer.status_code == 400
    assert "already offered" in answer.content.decode()


def test_a_blocked_person_gets_the_refusal_page(client_a: Any, service: Service) -> None:
    client_a.force_login(UserFactory(blocked=True))
    answer = client_a.post(reverse("volunteer:join", args=[service.slug]), {"motivation": "x"})
    assert answer.status_code == 403
    assert not Helper.objects.exists()


def test_my_volunteering_shows_status_and_checks(client_a: Any, service: Service) -> None:
    helper = _expired_helper(service)
    client_a.force_login(helper.user)
    page = client_a.get(reverse("volunteer:my_helping"))
    body = page.content.decode()
    assert page.status_code == 200
    assert service.title in body and 'data-state="expired"' in body
    # leaving from the page
    answer = client_a.post(reverse("volunteer:leave", args=[service.slug]))
    assert answer.status_code == 302
    helper.refresh_from_db()
    assert helper.status == HelperStatus.LEFT


# --- the coordinator's pages -----------------------------------------------------------------


def test_the_coordinator_sees_an_expired_check_on_the_helpers_page(
    client_a: Any, service: Service, coordinator: User, waiting: Helper
) -> None:
    expired = _expired_helper(service)
    client_a.force_login(coordinator)
    page = client_a.get(reverse("volunteer:helpers", args=[service.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'class="stack"' in body
    assert f'data-helper="{expired.user.public_id}" data-attention' in body
    assert 'data-state="expired"' in body and "Karin Schäfer" in body
    assert "Selin Yildiz" in body


@pytest.mark.parametrize("who", ["resident", "other_coordinator"])
def test_others_may_not_see_the_helpers(
    client_a: Any, service: Service, waiting: Helper, who: str
) -> None:
    outsider = UserFactory()
    if who == "other_coordinator":
        ServiceFactory(coordinator=outsider)
    client_a.force_login(outsider)
    for url in (
        reverse("volunteer:helpers", args=[service.slug]),
        _helper_url("helper", waiting),
    ):
        assert client_a.get(url).status_code == 403
    assert client_a.post(_helper_url("helper_vet", waiting)).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == HelperStatus.APPLIED


def test_the_helpers_page_has_constant_queries(
    client_a: Any, service: Service, coordinator: User
) -> None:
    client_a.force_login(coordinator)
    url = reverse("volunteer:helpers", args=[service.slug])
    _expired_helper(service, "Erste")
    client_a.get(url)  # warm caches (settings row, session)
    with CaptureQueriesContext(connection) as few:
        assert client_a.get(url).status_code == 200
    for n in range(6):
        _expired_helper(service, f"Helfer {n}")
        HelperFactory(service=service)
    with CaptureQueriesContext(connection) as many:
        assert client_a.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_recording_a_check_with_bad_dates_shows_the_problem(
    client_a: Any, coordinator: User, waiting: Helper
) -> None:
    client_a.force_login(coordinator)
    today = timezone.localdate()
    answer = client_a.post(
        _helper_url("helper_check", waiting),
        {
            "kind": CERT,
            "seen_on": (today + timedelta(days=3)).isoformat(),
            "valid_until": today.isoformat(),
        },
    )
    assert answer.status_code == 400
    assert "cannot be in the future" in answer.content.decode()
    assert not waiting.checks.exists() and not VettingEvent.objects.exists()


def test_record_then_vet_on_the_pages(client_a: Any, coordinator: User, waiting: Helper) -> None:
    client_a.force_login(coordinator)
    today = timezone.localdate()
    # vetting first is refused with the missing check named
    answer = client_a.post(_helper_url("helper_vet", waiting), follow=True)
    assert "has not been recorded yet" in answer.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == HelperStatus.APPLIED
    # record the certificate, then vet
    answer = client_a.post(
        _helper_url("helper_check", waiting),
        {
            "kind": CERT,
            "seen_on": today.isoformat(),
            "valid_until": (today + timedelta(days=1800)).isoformat(),
        },
    )
    assert answer.status_code == 302
    assert client_a.post(_helper_url("helper_vet", waiting)).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == HelperStatus.VETTED
    page = client_a.get(_helper_url("helper", waiting)).content.decode()
    assert 'data-event="vetted"' in page and 'data-event="check_recorded"' in page


def test_refusing_without_a_reason_shows_the_message(
    client_a: Any, coordinator: User, waiting: Helper
) -> None:
    client_a.force_login(coordinator)
    answer = client_a.post(_helper_url("helper_refuse", waiting), {"reason": "  "})
    assert answer.status_code == 400
    assert "give a reason" in answer.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == HelperStatus.APPLIED


# --- the API ---------------------------------------------------------------------------------


def _api(service: Service) -> str:
    return f"/api/v1/volunteer/services/{service.slug}/helpers/"


def test_the_api_lists_the_helpers_with_checks_for_the_coordinator(
    client_a: Any, service: Service, coordinator: User, waiting: Helper
) -> None:
    expired = _expired_helper(service)
    client_a.force_login(coordinator)
    answer = client_a.get(_api(service))
    assert answer.status_code == 200, answer.content
    rows = {row["person"]: row for row in answer.json()["results"]}
    row = rows[str(expired.user.public_id)]
    assert row["status"] == "vetted"
    assert row["checks"][0]["kind"] == CERT and row["checks"][0]["valid_today"] is False
    assert rows[str(waiting.user.public_id)]["checks"] == []
    assert "email" not in answer.content.decode()


def test_the_api_refuses_others_and_keeps_its_query_count(
    client_a: Any, service: Service, coordinator: User
) -> None:
    client_a.force_login(UserFactory())
    assert client_a.get(_api(service)).status_code == 403
    client_a.force_login(coordinator)
    _expired_helper(service)
    client_a.get(_api(service))
    with CaptureQueriesContext(connection) as few:
        client_a.get(_api(service))
    for n in range(5):
        _expired_helper(service, f"API {n}")
    with CaptureQueriesContext(connection) as many:
        client_a.get(_api(service))
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the person's area -----------------------------------------------------------------------


def test_the_area_shows_helping_and_what_waits_for_vetting(
    client_a: Any, service: Service, coordinator: User, waiting: Helper
) -> None:
    # the volunteer sees where they help
    client_a.force_login(waiting.user)
    body = client_a.get("/me/").content.decode()
    assert "You volunteer in 1 service" in body and reverse("volunteer:my_helping") in body
    # the coordinator sees who waits for vetting, linked to the helpers page
    client_a.force_login(coordinator)
    body = client_a.get("/me/").content.decode()
    assert f"1 volunteer waits for vetting: {service.title}" in body
    assert reverse("volunteer:helpers", args=[service.slug]) in body
    # a plain resident sees neither
    client_a.force_login(UserFactory())
    assert "vetting" not in client_a.get("/me/").content.decode()


def test_the_area_keeps_its_query_count(client_a: Any, coordinator: User) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client_a.get("/me/")
        return len(captured.captured_queries)

    client_a.force_login(coordinator)
    ServiceFactory(coordinator=coordinator)
    queries()
    few = queries()
    for _ in range(3):
        HelperFactory(
            service=ServiceFactory(coordinator=coordinator),
            status=HelperStatus.APPLIED,
            checks=False,
        )
    assert queries() == few
