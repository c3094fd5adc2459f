"""Reads on accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from .models import Role, User


@dataclass(frozen=True)
class UserCounts:
    total: int
    pending: int


def user_counts() -> UserCounts:
    """How many people the current town has, and how many wait for approval."""
    users = User.objects.people()
    return UserCounts(total=users.count(), pending=users.filter(status=User.Status.PENDING).count())


def dangerously_count_users_across_schemas(schemas: list[str]) -> dict[str, UserCounts]:
    """User counts of many towns in two round trips (which exist, then one UNION over them).

    The one read that crosses towns' schemas, for the operator site only: it names the
    schemas itself instead of running in the current town, so it must never be given
    schemas chosen by a visitor.
    """
    if not schemas:
        return {}
    with connection.cursor() as cursor:
        # A town row whose schema is missing (provisioning failed half-way, rows made
        # without schemas) would otherwise fail the whole list; it counts as no one.
        cursor.execute(
            "SELECT name FROM unnest(%s::text[]) AS name "
            "WHERE to_regclass(quote_ident(name) || '.accounts_user') IS NOT NULL",
            [schemas],
        )
        schemas = [row[0] for row in cursor.fetchall()]
    if not schemas:
        return {}
    parts = []
    for schema in schemas:
        quoted = connection.ops.quote_name(schema)
        parts.append(
            f"SELECT %s, count(*), count(*) FILTER (WHERE status = 'pending') "  # noqa: S608
            f"FROM {quoted}.accounts_user WHERE deleted_at IS NULL"
        )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), schemas)
        return {row[0]: UserCounts(total=row[1], pending=row[2]) for row in cursor.fetchall()}


def town_users() -> QuerySet[User]:
    """Every person of the current town (no deleted accounts), for the console."""
    return User.objects.people().order_by("full_name", "email")


def pending_users() -> QuerySet[User]:
    """Accounts of the current town that wait for a moderator's approval, oldest first."""
    return User.objects.people().filter(status=User.Status.PENDING).order_by("date_joined")


def active_moderators() -> QuerySet[User]:
    """The town's moderators and administrators who can act now (active, not blocked)."""
    return User.objects.people().filter(
        roles__overlap=[Role.MODERATOR, Role.TOWN_ADMIN],
        is_active=True,
        status=User.Status.ACTIVE,
    )


def residency_postcodes() -> list[str] | None:
    """The postcodes the current town's residency policy admits, or None when its policy
    does not go by postcode (votes and other residents-only acts ask this)."""
    from tenants.current import current_town
    from tenants.models import ResidencyPolicy

    town = current_town()
    if town is None or town.residency_policy != ResidencyPolicy.POSTCODE:
        return None
    return list(town.postcodes)
