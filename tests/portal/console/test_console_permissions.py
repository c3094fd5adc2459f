"""Who reaches which console page: administrators everything, moderators only the approvals,
residents nothing, anonymous visitors the login page; another town's people are a 404."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from portal.accounts.models import Role, User
from portal.console.selectors import moderation_links
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_ONLY = [
    "/manage/",
    "/manage/branding/",
    "/manage/modules/",
    "/manage/residency/",
    "/manage/invitations/",
    "/manage/users/",
    "/manage/users/{target}/",
    "/manage/audit/",
]
MODERATOR_PAGES = ["/manage/approvals/", "/manage/approvals/{pending}/reject/"]


@pytest.fixture
def urls(in_town_a) -> dict[str, str]:  # type: ignore[no-untyped-def]
    target = UserFactory(full_name="Tara Target")
    pending = UserFactory(pending=True, full_name="Paul Pending")
    ids = {"target": target.public_id, "pending": pending.public_id}
    return {url: url.format(**ids) for url in ADMIN_ONLY + MODERATOR_PAGES}


@pytest.mark.parametrize("url", ADMIN_ONLY + MODERATOR_PAGES)
def test_town_admin_sees_every_page(urls, admin_a, client_a, url: str) -> None:
    client_a.force_login(admin_a)
    response = client_a.get(urls[url])
    assert response.status_code == 200
    # the full console navigation is there
    assert 'href="/manage/audit/"' in response.content.decode()


@pytest.mark.parametrize("url", ADMIN_ONLY)
def test_moderator_is_refused_admin_pages(urls, moderator_a, client_a, url: str) -> None:
    client_a.force_login(moderator_a)
    assert client_a.get(urls[url]).status_code == 403


@pytest.mark.parametrize("url", MODERATOR_PAGES)
def test_moderator_handles_approvals(urls, moderator_a, client_a, url: str) -> None:
    client_a.force_login(moderator_a)
    assert client_a.get(urls[url]).status_code == 200


@pytest.mark.parametrize("url", ADMIN_ONLY + MODERATOR_PAGES)
def test_resident_is_refused(urls, resident_a, client_a, url: str) -> None:
    client_a.force_login(resident_a)
    assert client_a.get(urls[url]).status_code == 403


@pytest.mark.parametrize("url", ADMIN_ONLY + MODERATOR_PAGES)
def test_anonymous_visitor_is_sent_to_login(urls, client_a, url: str) -> None:
    response = client_a.get(urls[url])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/manage/")


def test_blocked_admin_is_logged_out_of_the_console(in_town_a, client_a) -> None:
    blocked = UserFactory(town_admin=True, blocked=True, is_active=False)
    client_a.force_login(blocked)
    response = client_a.get("/manage/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/manage/modules/", {"modules": []}),
        ("/manage/residency/", {"policy": "approval"}),
        ("/manage/branding/", {"display_name": "Hacked"}),
        ("/manage/invitations/", {"max_uses": 5, "days_valid": 5}),
        ("/manage/users/{target}/", {"roles": ["town_admin"]}),
        ("/manage/users/{target}/block/", {}),
    ],
)
def test_moderator_cannot_change_admin_things(
    urls, moderator_a, client_a, town_a, url: str, data: dict[str, object]
) -> None:
    # given a moderator and the state before
    target = User.objects.get(full_name="Tara Target")
    client_a.force_login(moderator_a)
    before = (town_a.enabled_modules, town_a.residency_policy)
    # when they post to an administrator's page
    response = client_a.post(url.format(target=target.public_id), data)
    # then they are refused and nothing changed
    assert response.status_code == 403
    town_a.refresh_from_db()
    assert (town_a.enabled_modules, town_a.residency_policy) == before
    target.refresh_from_db()
    assert target.roles == [Role.RESIDENT] and target.status == User.Status.ACTIVE


# --- another town -----------------------------------------------------------------------


@pytest.fixture
def admin_b(town_b) -> User:  # type: ignore[no-untyped-def]
    with tenant_context(town_b):
        return UserFactory(town_admin=True)


def _login_at_b(client_b, admin_b, town_b) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(town_b):
        client_b.force_login(admin_b)


def test_admin_of_b_cannot_see_a_user_of_a(in_town_a, admin_b, client_b, town_b) -> None:
    # given a resident of A and B's administrator logged in at B
    person = UserFactory(full_name="Anna Alpha")
    _login_at_b(client_b, admin_b, town_b)
    # when B's console is asked for A's resident
    response = client_b.get(f"/manage/users/{person.public_id}/")
    # then there is no such user in B
    assert response.status_code == 404
    assert "Anna Alpha" not in client_b.get("/manage/users/?q=Anna").content.decode()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/manage/users/{id}/", {"roles": ["town_admin"]}),
        ("/manage/users/{id}/block/", {}),
        ("/manage/approvals/{id}/approve/", {}),
        ("/manage/approvals/{id}/reject/", {"reason": "no"}),
    ],
)
def test_admin_of_b_cannot_change_a_user_of_a(
    in_town_a, admin_b, client_b, town_b, url: str, data: dict[str, object]
) -> None:
    person = UserFactory(pending=True)
    _login_at_b(client_b, admin_b, town_b)
    response = client_b.post(url.format(id=person.public_id), data)
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.status == User.Status.PENDING and person.roles == [Role.RESIDENT]


def test_session_of_a_is_not_valid_at_b(admin_a, client_a, client_b) -> None:
    client_a.force_login(admin_a)
    client_b.cookies = client_a.cookies
    response = client_b.get("/manage/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- moderation links -------------------------------------------------------------------


def test_moderation_links_only_for_enabled_modules_with_a_page(settings, town_a) -> None:
    settings.ROOT_URLCONF = "tests.portal.console.moderation_urls"
    town_a.enabled_modules = ["directory", "info", "exchange"]
    assert [link.url for link in moderation_links(town_a)] == ["/info/moderation/"]
    town_a.enabled_modules = ["directory", "exchange"]
    assert moderation_links(town_a) == []


def test_moderator_sees_the_moderation_section(moderator_a, client_a, town_a) -> None:
    client_a.force_login(moderator_a)
    html = client_a.get("/manage/approvals/").content.decode()
    expected = [link.url for link in moderation_links(town_a)]
    for url in expected:
        assert f'href="{url}"' in html
    # and none of the administrators' pages
    assert 'href="/manage/branding/"' not in html
