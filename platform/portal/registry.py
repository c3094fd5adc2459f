"""The module registry: every town module declares itself here once, in its `ready()`.

The town URLconf, the home page, the console's moderation links, the beat schedule, the
demo command and the task guard all read this registry, so nothing in `platform/` imports
a module, and adding a module is one `apps.py` (a `declare_module(...)` call) and one
`TENANT_APPS` line.

The module guard is applied here, once and outermost: a module's URLs (pages and API) are
included through `ModuleResolver`, which refuses to resolve anything while the current town
has the module switched off. The request then fails URL resolution exactly like an address
that never existed: a 404 for every method and path, before CSRF checks, authentication,
method checks or any view code run.

The same declaration carries what the shared kits need from the module: its moderation
queue provider, its consent scopes, the labels of its audit action codes, and how it
exports and erases a person's data (`portal.personal_data`). The kits read
them from here (`portal.moderation.queue`, `portal.behalf.scopes`, `portal.accounts.audit`),
so a module registers nothing anywhere else, and the queue and the consent pages skip the
modules a town has switched off. The registry itself imports none of the kits.

Adding a module: its `apps.py` calls `declare_module(TownModule(...))` in `ready()`; one
`TENANT_APPS` line; its key among `tenants.models.Module` (the choices of a town's
`enabled_modules`); and, for the route harness, `tests/harness/samples/<key>.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, URLResolver, include, path
from django.urls.exceptions import Resolver404
from django.urls.resolvers import ResolverMatch
from django.utils.functional import Promise

from tenants.current import current_town
from tenants.models import Module

if TYPE_CHECKING:  # the kits import the registry, not the other way round
    from portal.behalf.scopes import ConsentScope
    from portal.moderation.queue import ModerationProvider
    from portal.personal_data import PersonalData


@dataclass(frozen=True)
class HomePanel:
    """A box on the town's home page: a template and what it shows."""

    template: str
    context: Any


@dataclass(frozen=True)
class PeriodicTask:
    """A town task beat runs in every active town that has the module switched on."""

    task: Any  # a portal.background.TownTask
    schedule: Any  # a celery schedule, e.g. crontab(hour=3, minute=17)
    name: str  # the beat entry's name, e.g. "info: check links"


@dataclass(frozen=True)
class TownModule:
    """What a module tells the platform about itself."""

    key: str  # as in tenants.models.Module and Town.enabled_modules
    app: str  # the app's import path, e.g. "modules.info"
    label: str | Promise
    pictogram: str
    urls: str | None = None  # dotted URLconf of its pages, mounted at /<key>/
    api_urls: str | None = None  # dotted URLconf of its API, mounted at /api/v1/<key>/
    moderation_url: str | None = None  # URL name of its moderation page, e.g. "info:moderation"
    home_panel: Callable[[], HomePanel | None] | None = None
    periodic_tasks: Sequence[PeriodicTask] = field(default_factory=tuple)
    load_demo: Callable[..., None] | None = None  # load_demo(town=...) inside the town
    on_town_created: Callable[..., None] | None = None  # on_town_created(town=...) in the town
    # What the shared kits read; scope keys and audit codes start with "<key>_", so two
    # modules (or a module and the platform) can never claim the same one.
    moderation_queue: ModerationProvider | None = None  # its items in the console's queue
    consent_scopes: Sequence[ConsentScope] = ()  # what a resident can allow a helper to do
    audit_labels: Mapping[str, str | Promise] = field(default_factory=dict)  # code -> label
    # How "download my data" exports and "delete my account" erases what it keeps of a person.
    personal_data: PersonalData | None = None


class ModuleAlreadyDeclared(RuntimeError):
    pass


_modules: dict[str, TownModule] = {}


def declare_module(module: TownModule) -> TownModule:
    """Register `module`; call it from the module's `AppConfig.ready()`."""
    if module.key not in Module.values:
        raise ValueError(
            f"Module key {module.key!r} is not one of tenants.models.Module, so no town could "
            "switch it on; add it there."
        )
    known = _modules.get(module.key)
    # The same app declaring again (its ready() run twice) replaces its declaration: its
    # provider is a fresh object each time, so equality cannot tell the two apart.
    if known is not None and known.app != module.app:
        raise ModuleAlreadyDeclared(f"Module {module.key!r} is declared twice ({known.app}).")
    prefix = f"{module.key}_"
    for code in [scope.key for scope in module.consent_scopes] + list(module.audit_labels):
        if not code.startswith(prefix):
            raise ValueError(
                f"Module {module.key!r} declares {code!r}: its consent scopes and audit action "
                f"codes start with {prefix!r}."
            )
    scope_keys = [scope.key for scope in module.consent_scopes]
    if len(set(scope_keys)) != len(scope_keys):
        raise ValueError(f"Module {module.key!r} declares a consent scope twice.")
    for other in _modules.values():
        if other.key != module.key and other.app == module.app:
            raise ModuleAlreadyDeclared(f"App {module.app} declares two modules.")
    _modules[module.key] = module
    return module


def town_modules() -> list[TownModule]:
    """Every declared module, in TENANT_APPS order (the order of the apps' ready())."""
    return list(_modules.values())


def get_module(key: str) -> TownModule | None:
    return _modules.get(key)


def module_for_import_path(import_path: str) -> TownModule | None:
    """The module whose app contains the Python module `import_path` (e.g. a task's)."""
    for module in _modules.values():
        if import_path == module.app or import_path.startswith(module.app + "."):
            return module
    return None


def is_built(key: str) -> bool:
    """A module is built when an installed app declared it; the others show 'coming soon'."""
    return key in _modules


def module_on_in_current_town(key: str) -> bool:
    """True in a town (the connection's, set by the middleware or a task) with `key` on."""
    town = current_town()
    return town is not None and town.module_enabled(key)


# --- URLs -----------------------------------------------------------------------------------


class ModuleResolver(URLResolver):
    """An `include()` that exists only in towns that have `module_key` switched on."""

    def __init__(self, module_key: str, resolver: URLResolver) -> None:
        super().__init__(
            resolver.pattern,
            resolver.urlconf_name,
            resolver.default_kwargs,
            resolver.app_name,
            resolver.namespace,
        )
        self.module_key = module_key

    def resolve(self, path: str) -> ResolverMatch:
        # The middleware has set the town on the connection before URL resolution.
        if not module_on_in_current_town(self.module_key):
            raise Resolver404({"path": path, "tried": []})
        return super().resolve(path)


def module_urlpatterns() -> list[URLPattern | URLResolver]:
    """Each module's API and pages, each behind its module guard (API first: /api/v1/…)."""
    patterns: list[URLPattern | URLResolver] = []
    for module in _modules.values():
        if module.api_urls:
            api = path(f"api/v1/{module.key}/", include(module.api_urls))
            patterns.append(ModuleResolver(module.key, api))
    for module in _modules.values():
        if module.urls:
            pages = path(f"{module.key}/", include(module.urls))
            patterns.append(ModuleResolver(module.key, pages))
    return patterns


# --- what the platform asks of every enabled module ----------------------------------------


def home_panels() -> list[HomePanel]:
    """The panels of the current town's enabled modules, for its home page."""
    panels = []
    for module in _modules.values():
        if module.home_panel is not None and module_on_in_current_town(module.key):
            panel = module.home_panel()
            if panel is not None:
                panels.append(panel)
    return panels


def run_town_created(*, town: Any) -> None:
    """Let every module the new town has switched on prepare it (inside the town)."""
    for module in _modules.values():
        if module.on_town_created is not None and town.module_enabled(module.key):
            module.on_town_created(town=town)
