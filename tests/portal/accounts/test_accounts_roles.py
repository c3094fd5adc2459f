"""Roles and approvals: who may change them, the last administrator, audit entries, e-mails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from portal.accounts import services
from portal.accounts.models import AuditEntry, Role, User
from tests.factories import UserFactory
from tests.portal.accounts.accounts_testkit import link_in, mails_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_admin(in_town_a) -> User:
    """Town A's administrator made by provisioning; the only one unless a test adds more."""
    admin = User.objects.get(email="admin@alpha.example")
    assert list(User.objects.filter(roles__contains=[Role.TOWN_ADMIN])) == [admin]
    return admin


def test_admin_gives_roles_and_an_audit_entry_is_written(first_admin) -> None:
    # given a resident / when the administrator makes them a provider and helper
    resident = UserFactory()
    services.set_user_roles(
        user=resident, roles=[Role.PROVIDER, Role.HELPER], changed_by=first_admin
    )
    # then the roles are saved (resident always stays) and the change is audited
    resident.refresh_from_db()
    assert sorted(resident.roles) == ["helper", "provider", "resident"]
    entry = AuditEntry.objects.get(subject=resident)
    assert entry.actor == first_admin and entry.action == "roles_changed"
    assert entry.detail == {"from": ["resident"], "to": ["helper", "provider", "resident"]}


def test_unchanged_roles_write_no_audit_entry(first_admin) -> None:
    resident = UserFactory()
    services.set_user_roles(user=resident, roles=[Role.RESIDENT], changed_by=first_admin)
    assert not AuditEntry.objects.filter(subject=resident).exists()


def test_the_last_administrator_cannot_be_removed(first_admin) -> None:
    # given a town with a single administrator
    # when their admin role is taken away (by themselves)
    with pytest.raises(ValidationError) as caught:
        services.set_user_roles(user=first_admin, roles=[Role.RESIDENT], changed_by=first_admin)
    # then it is refused with a clear message; nothing changes, nothing is audited
    assert "at least one administrator" in caught.value.messages[0]
    first_admin.refresh_from_db()
    assert Role.TOWN_ADMIN in first_admin.roles
    assert not AuditEntry.objects.exists()


def test_a_blocked_or_pending_second_admin_does_not_count(first_admin) -> None:
    UserFactory(town_admin=True, blocked=True)
    UserFactory(town_admin=True, pending=True)
    with pytest.raises(ValidationError):
        services.set_user_roles(user=first_admin, roles=[], changed_by=first_admin)


def test_an_administrator_may_step_down_when_another_remains(first_admin) -> None:
    second = UserFactory(town_admin=True)
    services.set_user_roles(user=first_admin, roles=[Role.MODERATOR], changed_by=second)
    first_admin.refresh_from_db()
    assert sorted(first_admin.roles) == ["moderator", "resident"]
    assert AuditEntry.objects.get(subject=first_admin).actor == second


def test_only_administrators_change_roles(first_admin) -> None:
    # owner (admin) may, member (moderator) and outsider (resident) may not
    target = UserFactory()
    for actor in (UserFactory(moderator=True), UserFactory()):
        with pytest.raises(PermissionDenied):
            services.set_user_roles(user=target, roles=[Role.TOWN_ADMIN], changed_by=actor)
    target.refresh_from_db()
    assert target.roles == [Role.RESIDENT]
    assert not AuditEntry.objects.exists()


def test_unknown_role_is_refused(first_admin) -> None:
    target = UserFactory()
    with pytest.raises(ValidationError) as caught:
        services.set_user_roles(user=target, roles=["mayor"], changed_by=first_admin)
    assert "mayor" in caught.value.messages[0]
    target.refresh_from_db()
    assert target.roles == [Role.RESIDENT]


def test_moderator_approves_a_pending_user_who_is_told_by_email(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    # given a pending resident and a moderator
    pending = UserFactory(email="pending@example.org", full_name="Paula Pending", pending=True)
    moderator = UserFactory(moderator=True)
    assert not pending.can_participate
    # when the moderator approves them
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_user(user=pending, approved_by=moderator)
    # then they may take part, the approval is audited, and they get a branded e-mail
    pending.refresh_from_db()
    assert pending.status == User.Status.ACTIVE and pending.can_participate
    entry = AuditEntry.objects.get(subject=pending)
    assert entry.action == "approved" and entry.actor == moderator
    (message,) = mails_to("pending@example.org")
    assert message.subject == "Alpha: your account has been approved"
    assert "Paula Pending" in message.body
    assert link_in(message) == "http://alpha.lq.test/"


def test_approving_twice_is_refused(in_town_a, django_capture_on_commit_callbacks) -> None:
    pending = UserFactory(pending=True)
    moderator = UserFactory(moderator=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_user(user=pending, approved_by=moderator)
        with pytest.raises(ValidationError):
            services.approve_user(user=pending, approved_by=moderator)
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="approved").count() == 1


def test_only_moderators_approve(in_town_a) -> None:
    pending = UserFactory(pending=True)
    with pytest.raises(PermissionDenied):
        services.approve_user(user=pending, approved_by=UserFactory(helper=True))
    pending.refresh_from_db()
    assert pending.status == User.Status.PENDING
    services.approve_user(user=pending, approved_by=UserFactory(town_admin=True))
    pending.refresh_from_db()
    assert pending.status == User.Status.ACTIVE


def test_invitations_are_made_by_moderators_within_limits(in_town_a) -> None:
    moderator = UserFactory(moderator=True)
    with pytest.raises(PermissionDenied):
        services.create_invitation(created_by=UserFactory())
    with pytest.raises(ValidationError):
        services.create_invitation(created_by=moderator, max_uses=0)
    with pytest.raises(ValidationError):
        services.create_invitation(created_by=moderator, days_valid=400)
    invitation = services.create_invitation(created_by=moderator, max_uses=3, note="  Seniors  ")
    assert invitation.is_usable and invitation.note == "Seniors" and len(invitation.code) >= 12


def test_welcome_mail_of_a_new_town_admin_is_branded(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        admin = services.create_town_admin(email="Second.Admin@Example.org", full_name="Zweite")
    assert admin.email == "second.admin@example.org" and admin.is_town_admin
    (message,) = mails_to("second.admin@example.org")
    assert message.subject == "Your citizen portal Alpha is ready"
    assert f"/accounts/password/set/{admin.public_id}/" in link_in(message)


def test_grant_role_refuses_the_powerful_roles(in_town_a) -> None:
    import pytest
    from django.core.exceptions import PermissionDenied

    from portal.accounts.models import Role
    from portal.accounts.services import grant_role
    from tests.factories import UserFactory

    user = UserFactory()
    for role in (Role.MODERATOR, Role.TOWN_ADMIN):
        with pytest.raises(PermissionDenied):
            grant_role(user=user, role=role, reason="test")
    user.refresh_from_db()
    assert user.roles == [Role.RESIDENT]
