"""Every route of the town URLconf, found by walking its resolvers (nothing is listed by hand)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from portal.registry import ModuleResolver

# Converters and DRF's default lookup; anything else in a pattern is a literal.
_KWARG = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" as reverse() wants it
    pattern: str  # the full pattern, for messages
    module: str | None  # the registry module it belongs to, or None for the platform
    kwargs: tuple[str, ...]  # the URL arguments it takes
    is_api: bool

    @property
    def id(self) -> str:
        return self.name


def _walk(
    patterns: list[URLPattern | URLResolver],
    prefix: str,
    namespace: str,
    module: str | None,
) -> list[Route]:
    routes: list[Route] = []
    for entry in patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            owner = entry.module_key if isinstance(entry, ModuleResolver) else module
            routes += _walk(entry.url_patterns, text, inner, owner)
            continue
        if not entry.name:
            raise AssertionError(f"The route {text!r} has no name; every route needs one.")
        kwargs = tuple(m.group("name") or m.group("rname") for m in _KWARG.finditer(text))
        clean = text.replace("^", "").replace("$", "")
        routes.append(
            Route(
                name=namespace + entry.name,
                pattern=clean,
                module=module,
                kwargs=kwargs,
                is_api=clean.startswith("api/"),
            )
        )
    return routes


def town_routes() -> list[Route]:
    """Every route of a town host, in URLconf order."""
    return _walk(get_resolver("portal.urls_town").url_patterns, "", "", None)
