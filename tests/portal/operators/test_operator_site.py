"""The operator site on the bare base domain: operators only, towns with their counts,
onboarding, lifecycle buttons, and support entry into a (suspended) town."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from portal.accounts.models import User
from portal.operators.services import provision_town
from tenants import services
from tenants.models import Domain, Town
from tenants.support import make_support_token
from tests.conftest import TownClient
from tests.factories import PASSWORD, UserFactory
from tests.portal.operators.conftest import OPERATOR_EMAIL

pytestmark = pytest.mark.django_db

OPERATOR_PAGES = ["/", "/towns/new/", "/outbox/"]
OPERATOR_POSTS = ["/towns/alpha/suspend/", "/towns/alpha/archive/", "/towns/alpha/support/"]


def onboard_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Gamma",
        "slug": "gamma",
        "admin_email": "chief@gamma.example",
        "admin_name": "Gina Chief",
        "postcodes": "71263",
        "districts": "Nord, Süd",
        "default_language": "de",
        "residency_policy": "open",
        "enabled_modules": ["directory", "info"],
    }
    data.update(changes)
    return data


def row_of(html: str, name: str) -> str:
    match = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', html, re.S)
    assert match is not None, f"no row for {name}"
    return match.group(1)


# --- login -----------------------------------------------------------------------------------


def test_operator_logs_in_and_sees_the_towns(operator_client: TownClient) -> None:
    response = operator_client.get("/")
    assert response.status_code == 200
    assert "Alpha" in response.text and "Beta" in response.text
    assert "Template" not in response.text


def test_a_town_users_credentials_do_not_work_on_the_operator_site(
    public_client: TownClient, town_a: Town
) -> None:
    # given a town administrator of Alpha with a password (they exist only in Alpha's schema)
    with tenant_context(town_a):
        UserFactory(email="boss@alpha.example", is_staff=True)
    # when they try to log in as an operator / then they are not logged in
    response = public_client.post(
        "/login/", {"username": "boss@alpha.example", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert public_client.get("/").status_code == 302


def test_a_public_user_who_is_not_staff_is_refused(public_client: TownClient) -> None:
    User.objects.create_user("nobody@lq.example", PASSWORD, full_name="No Body")
    response = public_client.post(
        "/login/", {"username": "nobody@lq.example", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Only operators can log in here." in response.text
    assert public_client.get("/").status_code == 302


def test_a_signed_in_non_operator_gets_403_not_a_redirect_loop(public_client: TownClient) -> None:
    user = User.objects.create_user("nobody@lq.example", PASSWORD, full_name="No Body")
    public_client.force_login(user)
    for path in OPERATOR_PAGES:
        assert public_client.get(path).status_code == 403, path
    for path in OPERATOR_POSTS:
        assert public_client.post(path).status_code == 403, path
    assert Town.objects.get(slug="alpha").status == Town.Status.ACTIVE
    assert public_client.get("/api/v1/towns/").status_code == 403


def test_anonymous_visitors_reach_no_operator_page(public_client: TownClient) -> None:
    for path in OPERATOR_PAGES:
        response = public_client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), path
    for path in OPERATOR_POSTS:
        response = public_client.post(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), path
    assert Town.objects.get(slug="alpha").status == Town.Status.ACTIVE
    api = public_client.get("/api/v1/towns/")
    assert api.status_code == 403  # session authentication only on the operator host
    assert api.json()["error"]["code"] == "not_authenticated"
    assert public_client.post("/api/v1/towns/", {"slug": "gamma"}).status_code == 403
    # a token (town schemas only) is refused cleanly, not with a database error
    assert public_client.get("/api/v1/towns/", HTTP_AUTHORIZATION="Token x").status_code == 403
    assert not Town.objects.filter(slug="gamma").exists()


# --- which host serves what ----------------------------------------------------------------


def test_operator_pages_do_not_exist_on_a_town_host(client_a: TownClient) -> None:
    for path in ["/login/", "/towns/new/", "/outbox/", "/admin/", "/api/v1/towns/"]:
        assert client_a.get(path).status_code == 404, path
    assert client_a.post("/towns/alpha/suspend/").status_code == 404
    assert client_a.post("/mail/bounces/").status_code == 404


def test_town_pages_do_not_exist_on_the_operator_host(operator_client: TownClient) -> None:
    for path in ["/accounts/login/", "/manage/", "/imprint/", "/support/leave/", "/api/v1/me/"]:
        assert operator_client.get(path).status_code == 404, path


# --- the town list ---------------------------------------------------------------------------


def test_town_list_shows_status_and_user_counts(
    operator_client: TownClient, town_a: Town, town_b: Town
) -> None:
    # given two more accounts in Alpha, one waiting for approval, and Beta suspended
    with tenant_context(town_a):
        before = User.objects.count()
        UserFactory()
        UserFactory(status=User.Status.PENDING)
    services.suspend_town(town=town_b)
    # when the operator opens the list; all towns' counts come from one query
    with CaptureQueriesContext(connection) as queries:
        response = operator_client.get("/")
    counting = [
        q["sql"]
        for q in queries.captured_queries
        if "accounts_user" in q["sql"] and "UNION" in q["sql"]
    ]
    assert len(counting) == 1
    # then each row shows its status and counts
    alpha = row_of(response.text, "Alpha")
    assert "Active" in alpha
    assert f'<td data-label="Accounts">{before + 2}</td>' in alpha
    assert '<td data-label="Waiting">1</td>' in alpha
    beta = row_of(response.text, "Beta")
    assert "Suspended" in beta and "Reactivate Beta" in beta and "Suspend Beta" not in beta


def test_town_list_query_count_does_not_grow_with_towns(operator_client: TownClient) -> None:
    operator_client.get("/")
    with CaptureQueriesContext(connection) as two_towns:
        operator_client.get("/")
    provision_town(slug="gamma", name="Gamma", admin_email="a@gamma.example")
    operator_client.get("/")
    with CaptureQueriesContext(connection) as three_towns:
        response = operator_client.get("/")
    assert "Gamma" in response.text
    assert len(three_towns) == len(two_towns), [q["sql"] for q in three_towns.captured_queries]


# --- onboarding ------------------------------------------------------------------------------


def test_onboarding_form_creates_the_town(
    operator_client: TownClient, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post("/towns/new/", onboard_data())
    assert response.status_code == 302 and response["Location"] == "/"
    town = Town.objects.get(slug="gamma")
    assert town.name == "Gamma" and town.districts == ["Nord", "Süd"]
    assert town.enabled_modules == ["directory", "info"]
    assert Domain.objects.filter(tenant=town, domain="gamma.lq.test").exists()
    assert mailoutbox[0].to == ["chief@gamma.example"]
    listing = operator_client.get("/")
    assert "Gamma is ready at gamma.lq.test" in listing.text


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"slug": ""}, "slug", "required"),
        ({"slug": "www"}, "slug", "is reserved"),
        ({"slug": "template"}, "slug", "is reserved"),
        ({"slug": "alpha"}, "slug", "already taken"),
        ({"slug": "weil_der_stadt"}, "slug", "lower-case letters"),
        ({"slug": "a" * 41}, "slug", "at most 40 characters"),
        ({"slug": "<script>alert(1)</script>"}, "slug", "lower-case letters"),
        ({"admin_email": "nobody"}, "admin_email", "valid email"),
        ({"name": ""}, "name", "required"),
        ({"postcodes": "7126x"}, "postcodes", "five-digit"),
        ({"enabled_modules": ["bogus"]}, "enabled_modules", "valid choice"),
    ],
)
def test_onboarding_errors_are_shown_on_the_form(
    operator_client: TownClient, changes: dict[str, object], field: str, words: str
) -> None:
    count = Town.objects.count()
    response = operator_client.post("/towns/new/", onboard_data(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert words in errors, response.context["form"].errors
    assert f'id="id_{field}_error"' in response.text
    assert "<script>alert" not in response.text
    assert Town.objects.count() == count
    assert not Domain.objects.filter(domain="gamma.lq.test").exists()


def test_slug_and_email_errors_are_shown_together(operator_client: TownClient) -> None:
    response = operator_client.post("/towns/new/", onboard_data(slug="www", admin_email="nobody"))
    errors = response.context["form"].errors
    assert "slug" in errors and "admin_email" in errors


# --- lifecycle buttons -----------------------------------------------------------------------


def test_suspend_reactivate_archive_restore_after_confirming_with_a_reason(
    operator_client: TownClient, client_a: TownClient
) -> None:
    def change(action: str) -> None:
        response = operator_client.post(f"/towns/alpha/{action}/", {"reason": f"Test {action}"})
        assert response.status_code == 302 and response["Location"] == "/"

    change("suspend")
    assert Town.objects.get(slug="alpha").status == Town.Status.SUSPENDED
    assert client_a.get("/").status_code == 503
    change("reactivate")
    assert Town.objects.get(slug="alpha").status == Town.Status.ACTIVE
    assert client_a.get("/").status_code == 200
    change("archive")
    assert Town.objects.get(slug="alpha").status == Town.Status.ARCHIVED
    assert client_a.get("/").status_code == 404
    listing = operator_client.get("/")
    alpha = row_of(listing.text, "Alpha")
    assert "Archived" in alpha and "Restore Alpha" in alpha
    assert "Open Alpha as support" not in listing.text
    change("restore")
    assert Town.objects.get(slug="alpha").status == Town.Status.ACTIVE
    assert client_a.get("/").status_code == 200


def test_unknown_action_or_town_is_404(operator_client: TownClient) -> None:
    assert operator_client.get("/towns/alpha/delete/").status_code == 404
    assert operator_client.post("/towns/alpha/delete/", {"reason": "x"}).status_code == 404
    assert operator_client.get("/towns/nowhere/suspend/").status_code == 404
    assert operator_client.post("/towns/nowhere/suspend/", {"reason": "x"}).status_code == 404


def test_archived_town_cannot_be_reactivated_by_the_button(operator_client: TownClient) -> None:
    operator_client.post("/towns/alpha/archive/", {"reason": "Contract ended"})
    response = operator_client.post("/towns/alpha/reactivate/", {"reason": "x"}, follow=True)
    assert "This cannot be done while Alpha has the status “Archived”." in response.text
    assert Town.objects.get(slug="alpha").status == Town.Status.ARCHIVED


# --- support entry ---------------------------------------------------------------------------


def support_path(operator_client: TownClient, slug: str) -> str:
    response = operator_client.post(f"/towns/{slug}/support/")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.hostname == f"{slug}.lq.test"
    return location.path


def test_support_link_lets_the_operator_into_a_suspended_town(
    operator_client: TownClient, town_a: Town, client_a: TownClient
) -> None:
    # given Alpha is suspended: a normal visitor gets the 503 page
    services.suspend_town(town=town_a)
    assert client_a.get("/").status_code == 503
    # when the operator follows a fresh support link
    path = support_path(operator_client, "alpha")
    operator_on_a = TownClient(HTTP_HOST="alpha.lq.test")
    entered = operator_on_a.get(path)
    # then their browser sees the town in support mode, while residents still see 503
    assert entered.status_code == 302
    page = operator_on_a.get("/")
    assert page.status_code == 200
    assert OPERATOR_EMAIL in page.text
    assert client_a.get("/").status_code == 503
    # and leaving support mode closes the town for them again
    operator_on_a.post("/support/leave/")
    assert operator_on_a.get("/").status_code == 503


def test_support_link_works_only_once(operator_client: TownClient) -> None:
    path = support_path(operator_client, "alpha")
    assert TownClient(HTTP_HOST="alpha.lq.test").get(path).status_code == 302
    replay = TownClient(HTTP_HOST="alpha.lq.test").get(path)
    assert replay.status_code == 403


def test_support_token_of_town_a_is_refused_at_b(
    operator_client: TownClient, town_b: Town, client_b: TownClient
) -> None:
    services.suspend_town(town=town_b)
    path = support_path(operator_client, "alpha")
    assert client_b.get(path).status_code == 403
    assert client_b.get("/").status_code == 503


def test_expired_support_token_is_refused(town_a: Town, client_a: TownClient) -> None:
    with time_machine.travel("2020-01-01 12:00", tick=False):
        token = make_support_token(schema_name=town_a.schema_name, operator_email=OPERATOR_EMAIL)
    response = client_a.get(f"/support/enter/{token}/")
    assert response.status_code == 403
    assert "not valid" in response.text


def test_forged_support_token_is_refused(client_a: TownClient) -> None:
    assert client_a.get("/support/enter/not-a-token/").status_code == 403


def test_support_for_an_archived_town_is_404(operator_client: TownClient, town_a: Town) -> None:
    services.archive_town(town=town_a)
    assert operator_client.post("/towns/alpha/support/").status_code == 404
