"""Task base classes and the one way to queue work for a town.

A task runs in the schema of the town that queued it (tenant-schemas-celery puts the schema
in a header). `TownTask`, the default, refuses to run in the public schema or the template:
a task queued without a town fails loudly instead of reading or writing operator data by
accident (or writing into the template, whose rows every new town would inherit). Tasks
that are meant for the public schema (fan-out over towns, billing) use `PublicTask`.
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from django.conf import settings
from django.db import transaction
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.task import TenantTask

from tenants.current import current_schema

SCHEMA_HEADER = "_schema_name"


class TaskWithoutTown(RuntimeError):
    """A town task was queued from the public schema, so it does not know its town."""


def _is_town_schema(schema: str) -> bool:
    return schema not in {get_public_schema_name(), settings.TENANT_BASE_SCHEMA}


def _refuse(task_name: str, schema: str) -> TaskWithoutTown:
    return TaskWithoutTown(
        f"Task {task_name} was queued without a town (schema {schema!r}); queue it inside "
        "the town (tenant_context or a town request) so it runs in that town's schema."
    )


class TownTask(TenantTask):
    """A task that runs inside one town's schema, and only there."""

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        # tenant-schemas-celery has switched the connection (task_prerun) by now.
        schema = current_schema()
        if not _is_town_schema(schema):
            raise _refuse(self.name, schema)
        sentry_sdk.set_tag("town", schema)
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


def fan_out_to_towns(task: Any, *args: Any, batch_size: int = 200, **kwargs: Any) -> int:
    """Queue `task` once per active town, each run in that town's schema; returns the count.

    Meant to be called from a PublicTask started by beat. Towns are read in batches so that
    a thousand towns cost a handful of queries, and one message is sent per town (never one
    per user: the town task itself works through its users in bulk). Suspended and archived
    towns, the template and the public schema get nothing.
    """
    from tenants.models import Town

    count = 0
    schemas = (
        Town.objects.filter(status=Town.Status.ACTIVE, is_template=False)
        .exclude(schema_name__in=[get_public_schema_name(), settings.TENANT_BASE_SCHEMA])
        .values_list("schema_name", flat=True)
        .order_by("schema_name")
    )
    for schema in schemas.iterator(chunk_size=batch_size):
        task.apply_async(args=args, kwargs=kwargs, headers={SCHEMA_HEADER: schema})
        count += 1
    return count
