"""Every periodic task the registry schedules does nothing in a town with its module off.

Run directly in town A (as if queued before the module was switched off, or by hand), each
task writes nothing and mails nobody. The same task in a town with the module on does work
on the very same samples, so the first check cannot pass by having nothing to do.
"""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from portal.registry import PeriodicTask, town_modules
from tenants.models import Town

from .conftest import Harness
from .probe import snapshot

# Tasks that mail people about the samples' due work (the link check only flags links).
MAILING = {
    "directory: review reminders",
    "info: menu nudge",
    "exchange: listing reminders and expiry",
}
TASKS = [(module.key, periodic) for module in town_modules() for periodic in module.periodic_tasks]


def _run(town: Town, periodic: PeriodicTask) -> Any:
    fresh = Town.objects.get(pk=town.pk)
    with tenant_context(fresh):
        return periodic.task.apply().get()


def test_every_module_task_is_walked() -> None:
    print(f"route harness: {len(TASKS)} periodic tasks")
    assert {key for key, _ in TASKS} == {"directory", "info", "exchange"}
    assert {periodic.name for _, periodic in TASKS} >= MAILING


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
    town = harness.town_a
    before = snapshot([town], module)
    with django_capture_on_commit_callbacks(execute=True):
        _run(town, periodic)
    assert snapshot([town], module) != before or mailoutbox
    if periodic.name in MAILING:
        # so that "mails nobody" where the module is off is not simply a task that never mails
        assert mailoutbox, f"{periodic.name} mailed no one on its due samples"
