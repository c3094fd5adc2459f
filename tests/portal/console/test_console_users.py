"""Users and roles in the console: search, paging, role changes (audited), blocking."""

from __future__ import annotations

import pytest

from portal.accounts.models import AuditEntry, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_users_are_searched_by_name_and_email(admin_a, client_a) -> None:
    UserFactory(full_name="Hildegard Kuhn", email="hilde@example.org")
    UserFactory(full_name="Otto Maier", email="otto@kuhnweg.example")
    UserFactory(full_name="Zora Zeller")
    client_a.force_login(admin_a)
    html = client_a.get("/manage/users/?q=kuhn").content.decode()
    assert "Hildegard Kuhn" in html and "Otto Maier" in html
    assert "Zora Zeller" not in html


def test_users_are_paged(admin_a, client_a, django_assert_max_num_queries) -> None:
    for number in range(30):
        UserFactory(full_name=f"Lindner {number:02d}")
    client_a.force_login(admin_a)
    first = client_a.get("/manage/users/?q=lindner").content.decode()
    second = client_a.get("/manage/users/?q=lindner&page=2").content.decode()
    assert "Lindner 00" in first and "Lindner 24" in first and "Lindner 25" not in first
    assert "Lindner 25" in second and "Lindner 29" in second and "Lindner 00" not in second
    assert "page=2" in first and "q=lindner" in first
    # a page of users costs the same few queries however many there are
    with django_assert_max_num_queries(12):
        client_a.get("/manage/users/")


def test_role_change_is_saved_and_audited(admin_a, resident_a, client_a) -> None:
    # given a resident
    client_a.force_login(admin_a)
    # when the administrator makes them a moderator and helper
    response = client_a.post(
        f"/manage/users/{resident_a.public_id}/", {"roles": ["moderator", "helper"]}
    )
    # then the roles are stored (resident kept) and the change is in the audit log
    assert response.status_code == 302
    resident_a.refresh_from_db()
    assert sorted(resident_a.roles) == ["helper", "moderator", "resident"]
    entry = AuditEntry.objects.get(action="roles_changed", subject=resident_a)
    assert entry.actor == admin_a
    assert entry.detail == {"from": ["resident"], "to": ["helper", "moderator", "resident"]}
    audit_page = client_a.get("/manage/audit/").content.decode()
    assert "Roles changed" in audit_page
    assert resident_a.full_name in audit_page


def test_unknown_role_is_refused(admin_a, resident_a, client_a) -> None:
    client_a.force_login(admin_a)
    response = client_a.post(f"/manage/users/{resident_a.public_id}/", {"roles": ["emperor"]})
    assert response.status_code == 200
    resident_a.refresh_from_db()
    assert resident_a.roles == [Role.RESIDENT]
    assert not AuditEntry.objects.exists()


def test_last_admin_cannot_remove_own_admin_role(admin_a, client_a) -> None:
    # given admin_a is the only active administrator (the town's first one is blocked)
    User.objects.exclude(pk=admin_a.pk).filter(roles__contains=[Role.TOWN_ADMIN]).update(
        status=User.Status.BLOCKED, is_active=False
    )
    client_a.force_login(admin_a)
    # when they untick their own administrator role
    response = client_a.post(f"/manage/users/{admin_a.public_id}/", {"roles": ["moderator"]})
    # then it is refused with the reason, and nothing changed
    assert response.status_code == 200
    assert "at least one administrator" in response.content.decode()
    admin_a.refresh_from_db()
    assert Role.TOWN_ADMIN in admin_a.roles
    assert not AuditEntry.objects.filter(action="roles_changed").exists()


def test_admin_may_step_down_when_another_admin_remains(admin_a, client_a) -> None:
    UserFactory(town_admin=True)
    client_a.force_login(admin_a)
    response = client_a.post(f"/manage/users/{admin_a.public_id}/", {"roles": []})
    assert response.status_code == 302
    admin_a.refresh_from_db()
    assert admin_a.roles == [Role.RESIDENT]


def test_block_and_unblock_a_resident(admin_a, resident_a, client_a) -> None:
    client_a.force_login(admin_a)
    # when the administrator blocks the resident
    response = client_a.post(f"/manage/users/{resident_a.public_id}/block/", {"reason": "Spam"})
    # then the account is blocked and the block is audited
    assert response.status_code == 302
    resident_a.refresh_from_db()
    assert resident_a.status == User.Status.BLOCKED and not resident_a.is_active
    blocked = AuditEntry.objects.get(action="blocked", subject=resident_a)
    assert blocked.actor == admin_a and blocked.detail == {"reason": "Spam"}
    # and when they unblock it, it is active again
    client_a.post(f"/manage/users/{resident_a.public_id}/unblock/")
    resident_a.refresh_from_db()
    assert resident_a.status == User.Status.ACTIVE and resident_a.is_active
    assert AuditEntry.objects.filter(action="unblocked", subject=resident_a).exists()


def test_blocked_resident_loses_their_session(admin_a, resident_a, client_a, client_b) -> None:
    from tests.conftest import TownClient, host

    theirs = TownClient(HTTP_HOST=host("alpha"))
    theirs.force_login(resident_a)
    assert theirs.get("/accounts/profile/").status_code == 200
    client_a.force_login(admin_a)
    client_a.post(f"/manage/users/{resident_a.public_id}/block/")
    assert theirs.get("/accounts/profile/").status_code == 302


def test_admin_cannot_block_themselves(admin_a, client_a) -> None:
    UserFactory(town_admin=True)
    client_a.force_login(admin_a)
    response = client_a.post(f"/manage/users/{admin_a.public_id}/block/", follow=True)
    assert "cannot block or unblock yourself" in response.content.decode()
    admin_a.refresh_from_db()
    assert admin_a.status == User.Status.ACTIVE


def test_admin_can_block_another_admin(admin_a, client_a) -> None:
    other = UserFactory(town_admin=True)
    client_a.force_login(admin_a)
    response = client_a.post(f"/manage/users/{other.public_id}/block/")
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == User.Status.BLOCKED


def test_pending_account_is_not_blocked_but_sent_to_approvals(admin_a, client_a) -> None:
    pending = UserFactory(pending=True)
    client_a.force_login(admin_a)
    response = client_a.post(f"/manage/users/{pending.public_id}/block/", follow=True)
    assert "approve or reject" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == User.Status.PENDING


def test_audit_log_costs_the_same_queries_however_long(
    admin_a, resident_a, client_a, django_assert_max_num_queries
) -> None:
    client_a.force_login(admin_a)
    for roles in (["helper"], ["provider"], ["helper", "provider"], []):
        client_a.post(f"/manage/users/{resident_a.public_id}/", {"roles": roles})
    assert AuditEntry.objects.filter(action="roles_changed").count() == 4
    with django_assert_max_num_queries(10):
        html = client_a.get("/manage/audit/").content.decode()
    assert html.count(f'href="/manage/users/{resident_a.public_id}/"') == 4
