"""Reads on towns."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Town


def towns() -> QuerySet[Town]:
    """Every real town (not the public site, not the template), with its domains."""
    queryset: QuerySet[Town] = (
        Town.objects.exclude(schema_name="public")
        .exclude(is_template=True)
        .prefetch_related("domains")
        .order_by("name")
    )
    return queryset
