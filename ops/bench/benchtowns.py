"""Many town schemas fast, for benchmarks: the template copied (tenants.template_copy) with
Town and Domain rows in bulk, a fresh connection every 10 schemas (a long-lived backend's
catalog cache grows with every schema it touches)."""

from __future__ import annotations

import time
from collections.abc import Callable


def town_schema_count() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'town\\_%%'")
        return int(cursor.fetchone()[0])


def grow_towns(
    target: int, *, prefix: str = "g", town_schemas: Callable[[], int] = town_schema_count
) -> None:
    """Add towns named `<prefix>-<n>` until `target` town schemas exist."""
    from django.db import connections, transaction

    from tenants.models import Domain, Town
    from tenants.services import schema_name_for, town_host
    from tenants.template_copy import copy_template

    schemas = town_schemas()
    missing = target - schemas
    if missing <= 0:
        return
    print(f"\ngrowing to {target} town schemas ({missing} more, by copy) …", flush=True)
    start = batch_start = time.perf_counter()
    batch: list[str] = []
    for i in range(missing):
        if i % 10 == 0:
            connections.close_all()
        slug = f"{prefix}-{schemas + i}"
        with transaction.atomic():
            copy_template("lq_template", schema_name_for(slug))
        batch.append(slug)
        if len(batch) == 100 or i == missing - 1:
            towns = Town.objects.bulk_create(
                [Town(schema_name=schema_name_for(s), slug=s, name=s.title()) for s in batch]
            )
            Domain.objects.bulk_create([Domain(domain=town_host(t.slug), tenant=t) for t in towns])
            now = time.perf_counter()
            print(
                f"  {i + 1}/{missing} ({now - start:.0f} s; "
                f"{(now - batch_start) / len(batch):.3f} s per schema in this batch)",
                flush=True,
            )
            batch, batch_start = [], now
