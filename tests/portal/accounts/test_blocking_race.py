"""Two administrators blocking each other at the same moment: one of them stays."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django_tenants.utils import tenant_context

from portal.accounts import services
from portal.accounts.models import Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_administrators_blocking_each_other_leave_one(town_a) -> None:
    # given a town with exactly two administrators
    with tenant_context(town_a):
        before = set(User.objects.values_list("pk", flat=True))
        admins = {u.pk: list(u.roles) for u in User.objects.filter(roles__contains=["town_admin"])}
        User.objects.filter(roles__contains=[Role.TOWN_ADMIN]).update(roles=[Role.RESIDENT])
        anna, bert = UserFactory(town_admin=True), UserFactory(town_admin=True)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def block(user: User, by: User) -> None:
        try:
            with tenant_context(town_a):
                barrier.wait()
                services.block_user(user=user, blocked_by=by)
                outcomes.append("blocked")
        except (PermissionDenied, ValidationError):
            outcomes.append("refused")
        finally:
            connection.close()

    # when each blocks the other at the same moment
    threads = [
        threading.Thread(target=block, args=(bert, anna)),
        threading.Thread(target=block, args=(anna, bert)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one was blocked and one administrator is still active
    try:
        assert sorted(outcomes) == ["blocked", "refused"]
        with tenant_context(town_a):
            active = User.objects.filter(
                roles__contains=[Role.TOWN_ADMIN], is_active=True, status=User.Status.ACTIVE
            )
            assert active.count() == 1
    finally:
        with tenant_context(town_a):
            User.objects.exclude(pk__in=before).delete()
            for pk, roles in admins.items():
                User.objects.filter(pk=pk).update(roles=roles)
