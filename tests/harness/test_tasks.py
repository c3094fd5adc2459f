"""Every periodic task the registry schedules does nothing in a town with its module off.

Run directly in town A (as if queued before the module was switched off, or by hand), each
task writes nothing and mails nobody. The same task in a town with the module on does work
on the very same samples, so the first check cannot pass by having nothing to do.
"""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from portal.registry import PeriodicTask, platform_tasks, town_modules
from tenants.models import Town
from tests.factories import UserFactory

from .conftest import Harness
from .probe import snapshot

# Tasks that mail people about the samples' due work (the link check only flags links).
MAILING = {
    "directory: review reminders",
    "info: menu nudge",
    "exchange: listing reminders and expiry",
    "shop: appointment reminders",
    "volunteer: check expiry",
    "fund: impact report reminders",
    "shop: overdue fee invoices",
}
# Tasks whose work calls Stripe and commits, which this rolled-back test cannot: their on and
# off runs are walked in a transactional test of their own (named here).
WALKED_ELSEWHERE = {
    "shop: invoice fees": "tests/modules/shop/test_fee_invoices.py"
    "::test_the_monthly_task_invoices_where_the_shop_is_on_and_nowhere_else",
}
TASKS = [(module.key, periodic) for module in town_modules() for periodic in module.periodic_tasks]


def _run(town: Town, periodic: PeriodicTask) -> Any:
    fresh = Town.objects.get(pk=town.pk)
    with tenant_context(fresh):
        return periodic.task.apply().get()


def test_every_module_task_is_walked() -> None:
    print(f"route harness: {len(TASKS)} periodic tasks")
    assert {key for key, _ in TASKS} == {
        "directory",
        "info",
        "exchange",
        "shop",
        "volunteer",
        "fund",
    }
    assert {periodic.name for _, periodic in TASKS} >= MAILING
    # and each task walked elsewhere names a test that exists
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for where in WALKED_ELSEWHERE.values():
        path, name = where.split("::")
        assert f"def {name}(" in (root / path).read_text(), where


@pytest.mark.parametrize(
    ("module", "periodic"), TASKS, ids=lambda value: getattr(value, "name", value)
)
def test_a_task_does_nothing_where_its_module_is_off(
    db: None,
    harness: Harness,
    module: str,
    periodic: PeriodicTask,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given town A with the module switched off, and work that would be due
    town = harness.town_a
    others = [key for key in town.enabled_modules if key != module]
    Town.objects.filter(pk=town.pk).update(enabled_modules=others)
    before = snapshot([town], module)
    # when the task runs there anyway
    with django_capture_on_commit_callbacks(execute=True):
        result = _run(town, periodic)
    # then it changed nothing and wrote to no one
    assert result is None
    assert snapshot([town], module) == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("module", "periodic"), TASKS, ids=lambda value: getattr(value, "name", value)
)
def test_the_same_task_works_where_its_module_is_on(
    db: None,
    harness: Harness,
    module: str,
    periodic: PeriodicTask,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    if periodic.name in WALKED_ELSEWHERE:
        pytest.skip(f"walked in {WALKED_ELSEWHERE[periodic.name]}")
    town = harness.town_a
    before = snapshot([town], module)
    with django_capture_on_commit_callbacks(execute=True):
        _run(town, periodic)
    assert snapshot([town], module) != before or mailoutbox
    if periodic.name in MAILING:
        # so that "mails nobody" where the module is off is not simply a task that never mails
        assert mailoutbox, f"{periodic.name} mailed no one on its due samples"


PLATFORM_TASKS = platform_tasks()


def test_every_platform_task_is_walked() -> None:
    assert {periodic.name for periodic in PLATFORM_TASKS} == {
        "notifications: daily digests",
        "notifications: weekly digests",
        "accounts: remove expired data exports",
    }


def _waiting_digest(town: Town, frequency: str, email: str) -> None:
    from portal.notifications.services import set_preferences
    from portal.notify import notify

    with tenant_context(Town.objects.get(pk=town.pk)):
        person = UserFactory(email=email)
        set_preferences(user=person, choices={"other": frequency})
        notify(person, "moderation/reported", context={"what": "Listing", "title": "Digest"})


def _expired_export(town: Town, email: str) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from portal.accounts.models import DataExport

    with tenant_context(Town.objects.get(pk=town.pk)):
        DataExport.objects.create(
            user=UserFactory(email=email),
            status=DataExport.Status.FAILED,
            expires_at=timezone.now() - timedelta(days=1),
        )


def _exports_of(town: Town) -> list[str]:
    from portal.accounts.models import DataExport

    with tenant_context(Town.objects.get(pk=town.pk)):
        return list(DataExport.objects.values_list("user__email", flat=True))


@pytest.mark.parametrize("periodic", PLATFORM_TASKS, ids=lambda value: value.name)
def test_a_platform_task_works_in_its_town_and_leaves_the_other_alone(
    db: None,
    harness: Harness,
    periodic: PeriodicTask,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    if periodic.name == "accounts: remove expired data exports":
        # given an expired export in both towns
        _expired_export(harness.town_a, "a-export@example.org")
        _expired_export(harness.town_b, "b-export@example.org")
        before_b = snapshot([harness.town_b], None)
        # when the task runs in town A
        with django_capture_on_commit_callbacks(execute=True):
            _run(harness.town_a, periodic)
        # then town A's is gone and town B's stays
        assert "a-export@example.org" not in _exports_of(harness.town_a)
        assert "b-export@example.org" in _exports_of(harness.town_b)
        assert snapshot([harness.town_b], None) == before_b
        return
    # given a digest due in both towns
    frequency = "daily" if "daily" in periodic.name else "weekly"
    _waiting_digest(harness.town_a, frequency, f"a-{frequency}@example.org")
    _waiting_digest(harness.town_b, frequency, f"b-{frequency}@example.org")
    before_b = snapshot([harness.town_b], None)
    # when the task runs in town A
    with django_capture_on_commit_callbacks(execute=True):
        _run(harness.town_a, periodic)
    # then town A's person has their digest, and town B is untouched
    recipients = [message.to for message in mailoutbox]
    assert [f"a-{frequency}@example.org"] in recipients
    assert [f"b-{frequency}@example.org"] not in recipients
    assert snapshot([harness.town_b], None) == before_b


def test_beat_fans_a_platform_task_out_to_every_active_town(
    db: None, harness: Harness, monkeypatch: Any
) -> None:
    from portal.background import run_platform_task_in_towns

    task = PLATFORM_TASKS[0].task
    schemas: list[str] = []
    monkeypatch.setattr(
        task, "apply_async", lambda *a, **kw: schemas.append(kw["headers"]["_schema_name"])
    )
    count = run_platform_task_in_towns.apply(args=[task.name]).get()
    assert count == len(schemas) == len(set(schemas))  # one message per town
    assert {harness.town_a.schema_name, harness.town_b.schema_name} <= set(schemas)
    assert "public" not in schemas
