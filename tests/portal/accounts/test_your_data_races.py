"""At the same moment: a data export asked twice, two last administrators leaving."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import tenant_context

from portal.accounts import services
from portal.accounts.models import AuditEntry, DataExport, Role, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(town, *calls: Callable[[], object]) -> list[str]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call: Callable[[], object]) -> None:
        try:
            with tenant_context(town):
                barrier.wait()
                call()
                outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_a_data_export_asked_twice_at_once_is_built_once(town_a) -> None:
    # given a resident
    with tenant_context(town_a):
        before = set(User.objects.values_list("pk", flat=True))
        paula = UserFactory()
    try:
        # when she asks for her data twice at the same moment
        outcomes = _at_once(
            town_a,
            lambda: services.request_data_export(user=paula),
            lambda: services.request_data_export(user=paula),
        )
        # then one export is made and the other request is refused
        assert outcomes == ["done", "refused"]
        with tenant_context(town_a):
            assert DataExport.objects.filter(user=paula).count() == 1
    finally:
        with tenant_context(town_a):
            User.objects.exclude(pk__in=before).delete()
            AuditEntry.objects.all().delete()


def test_two_last_administrators_deleting_themselves_at_once_leave_one(town_a) -> None:
    # given a town with exactly two active administrators
    with tenant_context(town_a):
        before = set(User.objects.values_list("pk", flat=True))
        admins = {u.pk: list(u.roles) for u in User.objects.filter(roles__contains=["town_admin"])}
        User.objects.filter(roles__contains=[Role.TOWN_ADMIN]).update(roles=[Role.RESIDENT])
        anna, bert = UserFactory(town_admin=True), UserFactory(town_admin=True)
    try:
        # when both delete their accounts at the same moment
        outcomes = _at_once(
            town_a,
            lambda: services.delete_account(user=anna, password=PASSWORD),
            lambda: services.delete_account(user=bert, password=PASSWORD),
        )
        # then one account is deleted and the town keeps an administrator
        assert outcomes == ["done", "refused"]
        with tenant_context(town_a):
            active = User.objects.filter(roles__contains=[Role.TOWN_ADMIN], is_active=True)
            assert active.count() == 1
    finally:
        with tenant_context(town_a):
            User.objects.exclude(pk__in=before).delete()
            AuditEntry.objects.all().delete()
            for pk, roles in admins.items():
                User.objects.filter(pk=pk).update(roles=roles)
