"""Spare town schemas: copies of the template made ahead of time, so that a new town is a
rename instead of a copy.

Copying the template is ~660 new relations (tables, their keys and indexes, sequences, TOAST
tables), 0.2-0.3 s of DDL that no statement order makes much cheaper; renaming a schema
changes one catalog row. A background task keeps `LQ_SPARE_SCHEMAS` copies of the template
(`top_up_spares()`); `create_town` takes one if there is one and copies the template only
when none is left.

A spare is named `lq_spare_<tag>_<random>`, where the tag is a digest of the template's
fingerprint (its migration records and number of relations, `template_copy`) and of the
rows a copy takes from it (migration records, content types, permissions, seed rows). A
deploy migrates the template, which changes the tag: spares of the old shape are never taken
again, and the next top-up drops them. A spare is no town: no Town row names it, so nothing
routes to it, migrates it or lists it.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import connection, transaction

from .template_copy import copy_template, template_fingerprint, template_snapshot

SPARE_PREFIX = "lq_spare_"
# The class of the advisory locks on spares (the two-key form: apart from every one-key lock).
SPARE_LOCK_CLASS = 0x5350


def spare_tag(template: str) -> str:
    """The digest of what a copy of `template` would be now."""
    snapshot = template_snapshot(template)
    q = connection.ops.quote_name
    digests = []
    with connection.cursor() as cursor:
        for table, _columns in snapshot.row_copies:
            # (names from the catalog, quoted; the tables hold a few hundred rows)
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "  # noqa: S608
                f"FROM {q(template)}.{q(table)} t"
            )
            digests.append(f"{table}:{cursor.fetchone()[0]}")
        # and the sequences' values (a rolled-back insert moves one and nothing else)
        cursor.execute(
            "SELECT md5(coalesce(string_agg(sequencename || '=' || coalesce(last_value, 0), "
            "',' ORDER BY sequencename), '')) FROM pg_sequences WHERE schemaname = %s",
            [template],
        )
        digests.append(f"sequences:{cursor.fetchone()[0]}")
    fingerprint = template_fingerprint(template)[1:]  # (not the connection's alias)
    text = repr((template, fingerprint, digests))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def spare_schemas() -> list[str]:
    """Every spare schema, of any tag, by name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY 1",
            [SPARE_PREFIX],
        )
        return [name for (name,) in cursor.fetchall()]


def take_spare(template: str, schema: str) -> bool:
    """Rename a spare of the template's current shape to `schema`, in the caller's
    transaction (a rollback gives it back); False when there is none."""
    if not connection.in_atomic_block:
        raise RuntimeError("take_spare must run inside transaction.atomic()")
    prefix = f"{SPARE_PREFIX}{spare_tag(template)}_"
    with connection.cursor() as cursor:
        # The lock of the first free spare: two provisionings never take the same one (the
        # second skips it), and a top-up never drops one that is being taken.
        # (Ordered in a subquery, so that the locks are tried one by one and stop at the
        # first taken.)
        cursor.execute(
            "SELECT nspname FROM (SELECT nspname FROM pg_namespace "
            "WHERE starts_with(nspname, %s) ORDER BY 1) spare "
            "WHERE pg_try_advisory_xact_lock(%s, hashtext(nspname)) LIMIT 1",
            [prefix, SPARE_LOCK_CLASS],
        )
        found = cursor.fetchone()
        if found is None:
            return False
        q = connection.ops.quote_name
        cursor.execute(f"ALTER SCHEMA {q(found[0])} RENAME TO {q(schema)}")
    return True


def top_up_spares(template: str, count: int | None = None) -> tuple[int, int]:
    """Drop the spares of an older template shape and copy new ones until there are
    `count` (default: the LQ_SPARE_SCHEMAS setting), each in its own transaction.
    Returns (made, dropped)."""
    wanted = settings.LQ_SPARE_SCHEMAS if count is None else count
    prefix = f"{SPARE_PREFIX}{spare_tag(template)}_"
    current = [name for name in spare_schemas() if name.startswith(prefix)]
    dropped = 0
    q = connection.ops.quote_name
    for name in spare_schemas():
        if name.startswith(prefix) and current.index(name) < wanted:
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_try_advisory_xact_lock(%s, hashtext(%s))", [SPARE_LOCK_CLASS, name]
            )
            if cursor.fetchone()[0]:  # (else it is being taken right now)
                cursor.execute(f"DROP SCHEMA IF EXISTS {q(name)} CASCADE")
                dropped += 1
    made = 0
    for _n in range(wanted - min(len(current), wanted)):
        with transaction.atomic():
            copy_template(template, prefix + secrets.token_hex(4))
        made += 1
    return made, dropped
