"""Task base classes and the one way to queue work for a town.

A task runs in the schema of the town that queued it (tenant-schemas-celery puts the schema
in a header). `TownTask`, the default, refuses to run in the public schema or the template:
a task queued without a town fails loudly instead of reading or writing operator data by
accident (or writing into the template, whose rows every new town would inherit). Tasks
that are meant for the public schema (fan-out over towns, billing) use `PublicTask`.
"""

from __future__ import annotations

import logging
from typing import Any

import sentry_sdk
from celery import shared_task
from django.conf import settings
from django.db import transaction
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.task import TenantTask

from portal import registry
from tenants.current import current_schema

SCHEMA_HEADER = "_schema_name"
logger = logging.getLogger(__name__)


class TaskWithoutTown(RuntimeError):
    """A town task was queued from the public schema, so it does not know its town."""


def _is_town_schema(schema: str) -> bool:
    return schema not in {get_public_schema_name(), settings.TENANT_BASE_SCHEMA}


def _refuse(task_name: str, schema: str) -> TaskWithoutTown:
    return TaskWithoutTown(
        f"Task {task_name} was queued without a town (schema {schema!r}); queue it inside "
        "the town (tenant_context or a town request) so it runs in that town's schema."
    )


def _task_module(task: Any) -> registry.TownModule | None:
    # Celery gives a task made from a function that function's __module__ (and its proxies,
    # as shared_task returns, pass the attribute on).
    return registry.module_for_import_path(str(task.__module__))


class TownTask(TenantTask):
    """A task that runs inside one town's schema, and only there.

    A task defined in a town module's app does nothing in a town that has that module
    switched off (it may have been queued before the switch, or directly for that town).
    """

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # tenant-schemas-celery has switched the connection (task_prerun) by now.
        schema = current_schema()
        if not _is_town_schema(schema):
            raise _refuse(self.name, schema)
        sentry_sdk.set_tag("town", schema)
        module = _task_module(self)
        if module is not None and not registry.module_on_in_current_town(module.key):
            logger.info("Skipped %s in %s: module %s is off", self.name, schema, module.key)
            return None
        return super().__call__(*args, **kwargs)


class PublicTask(TenantTask):
    """A task that deliberately runs in the public schema, wherever it was queued from."""

    abstract = True

    def apply_async(self, args: Any = None, kwargs: Any = None, **options: Any) -> Any:
        # Without this, tenant-schemas-celery would run it in the schema of the caller.
        options["headers"] = {
            **(options.get("headers") or {}),
            SCHEMA_HEADER: get_public_schema_name(),
        }
        return super().apply_async(args, kwargs, **options)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `task` for the current town once the transaction commits.

    The schema is captured now: by the time the transaction commits the connection may
    have left the town (for instance at the end of a `tenant_context`). A town task queued
    outside a town is refused here already, where the caller's traceback shows who did it.
    """
    schema = current_schema()
    if isinstance(task, TownTask) and not _is_town_schema(schema):
        raise _refuse(task.name, schema)

    def send() -> None:
        task.apply_async(args=args, kwargs=kwargs, headers={SCHEMA_HEADER: schema})

    transaction.on_commit(send)


def fan_out_to_towns(
    task: Any, *args: Any, module: str | None, batch_size: int = 200, **kwargs: Any
) -> int:
    """Queue `task` once per active town with `module` on, in that town's schema; the count.

    `module=None` means every active town; it is refused for a task of a town module, whose
    towns without the module must get nothing. Meant to be called from a PublicTask started
    by beat. Towns are read in batches so that a thousand towns cost a handful of queries,
    and one message is sent per town (never one per user: the town task itself works
    through its users in bulk). Suspended and archived towns, the template and the public
    schema get nothing.
    """
    from tenants.models import Town

    owner = _task_module(task)
    if owner is not None and owner.key != module:
        raise ValueError(f"{task.name} belongs to module {owner.key!r}; pass module={owner.key!r}")
    count = 0
    towns = Town.objects.filter(status=Town.Status.ACTIVE, is_template=False)
    if module is not None:
        towns = towns.filter(enabled_modules__contains=[module])
    schemas = (
        towns.exclude(schema_name__in=[get_public_schema_name(), settings.TENANT_BASE_SCHEMA])
        .values_list("schema_name", flat=True)
        .order_by("schema_name")
    )
    for schema in schemas.iterator(chunk_size=batch_size):
        task.apply_async(args=args, kwargs=kwargs, headers={SCHEMA_HEADER: schema})
        count += 1
    return count


@shared_task(base=PublicTask, name="portal.run_module_task_in_towns")
def run_module_task_in_towns(task_name: str, module: str) -> int:
    """Beat entry of every module's periodic task: one run per town with the module on."""
    from celery import current_app

    return fan_out_to_towns(current_app.tasks[task_name], module=module)


@shared_task(base=PublicTask, name="portal.run_platform_task_in_towns")
def run_platform_task_in_towns(task_name: str) -> int:
    """Beat entry of a platform periodic task: one run per active town."""
    from celery import current_app

    return fan_out_to_towns(current_app.tasks[task_name], module=None)


def schedule_module_tasks(sender: Any) -> None:
    """Put every module's declared periodic tasks, the platform's and the public schema's on
    the beat schedule."""
    for periodic in registry.public_tasks():
        sender.add_periodic_task(periodic.schedule, periodic.task.s(), name=periodic.name)
    for periodic in registry.platform_tasks():
        sender.add_periodic_task(
            periodic.schedule,
            run_platform_task_in_towns.s(periodic.task.name),
            name=periodic.name,
        )
    for module in registry.town_modules():
        for periodic in module.periodic_tasks:
            sender.add_periodic_task(
                periodic.schedule,
                run_module_task_in_towns.s(periodic.task.name, module.key),
                name=periodic.name,
            )
