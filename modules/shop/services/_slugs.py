"""A free slug for a new row (a provider's, a category's): the name's, numbered if taken."""

from __future__ import annotations

from django.db.models import Model
from django.utils.text import slugify


def unique_slug(model: type[Model], name: str, *, max_length: int, fallback: str) -> str:
    """`name` as a slug of at most `max_length` characters (`fallback` when nothing is
    left of it), with -2, -3, ... appended while another row of `model` has it."""
    base = slugify(name)[:max_length].strip("-") or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
