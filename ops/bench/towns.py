"""Many towns fast, for benchmarks: template copies with bulk Town and Domain rows.

provision_town() also makes the branding, the first administrator and an audit trail; a
benchmark that needs 1,000 towns to exist (routing, catalog size, traffic spread) needs only
the schema and the rows that route to it. A fresh connection every 10 schemas keeps one
backend's catalog cache from growing with the copies.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence


def town_schema_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'town\\_%%'")
        return int(cursor.fetchone()[0])


def grow_towns(
    target: int,
    *,
    prefix: str = "g",
    modules: Sequence[str] = (),
    town_schemas: Callable[[], int] = town_schema_count,
) -> list[str]:
    """Copy the template until `target` town schemas exist (as `town_schemas()` counts them);
    the new towns' slugs, `<prefix>-<n>` numbered on from the count, so a second growth
    names no town twice."""
    from django.db import connections, transaction

    from tenants.models import Domain, Town
    from tenants.services import schema_name_for, town_host
    from tenants.template_copy import copy_template

    schemas = town_schemas()
    missing = target - schemas
    if missing <= 0:
        return []
    print(f"\ngrowing to {target} town schemas ({missing} more, by copy) …", flush=True)
    start = batch_start = time.perf_counter()
    batch: list[str] = []
    made: list[str] = []
    for i in range(missing):
        if i % 10 == 0:
            connections.close_all()
        slug = f"{prefix}-{schemas + i}"
        with transaction.atomic():
            copy_template("lq_template", schema_name_for(slug))
        batch.append(slug)
        if len(batch) == 100 or i == missing - 1:
            towns = Town.objects.bulk_create(
                [
                    Town(
                        schema_name=schema_name_for(s),
                        slug=s,
                        name=s.title(),
                        enabled_modules=list(modules),
                    )
                    for s in batch
                ]
            )
            Domain.objects.bulk_create([Domain(domain=town_host(t.slug), tenant=t) for t in towns])
            made += batch
            now = time.perf_counter()
            print(
                f"  {i + 1}/{missing} ({now - start:.0f} s; "
                f"{(now - batch_start) / len(batch):.3f} s per schema in this batch)",
                flush=True,
            )
            batch, batch_start = [], now
    connections.close_all()
    return made
