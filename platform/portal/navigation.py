"""The navigation on every town page: the town's enabled modules, read from the registry.

A context processor, so every page (the modules' too) gets the same header without its view
doing anything; it reads only the town row the middleware has already loaded (no query).
Modules that are switched on but not built yet (no app declared them) have no pages, so they
are not in the navigation; the home page shows them as "in preparation".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise

from portal import registry


@dataclass(frozen=True)
class NavLink:
    """One entry of the navigation: where it leads, its words and icon, and whether it is here."""

    key: str
    label: str | Promise
    url: str
    icon: str
    current: bool


def module_links(town: Any, path: str) -> list[NavLink]:
    """The pages of every built module `town` has switched on, in the registry's order."""
    links = []
    for module in registry.town_modules():
        if module.urls is None or not town.module_enabled(module.key):
            continue
        url = f"/{module.key}/"
        links.append(
            NavLink(
                key=module.key,
                label=module.label,
                url=url,
                icon=module.pictogram,
                current=path.startswith(url),
            )
        )
    return links


# The platform's own sections of the header, by address (the modules' are their /<key>/).
SECTIONS = (
    ("/town/", "home"),  # the town's home page of a logged-in person ("/" sends them to /me/)
    ("/manage/", "console"),
    ("/me/", "me"),
    ("/accounts/profile/", "me"),
    ("/accounts/login/", "login"),
    ("/accounts/register/", "register"),
    ("/search/", "search"),
)


def current_section(path: str) -> str:
    """The header section `path` belongs to ("home", "console", "me", ...), or ""."""
    if path == "/":
        return "home"
    for prefix, section in SECTIONS:
        if path.startswith(prefix):
            return section
    return ""


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: `nav_modules` (NavLinks) and `nav_section` (see current_section)."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or not tenant.is_town:
        return {"nav_modules": [], "nav_section": ""}
    return {
        "nav_modules": module_links(tenant, request.path),
        "nav_section": current_section(request.path),
    }
