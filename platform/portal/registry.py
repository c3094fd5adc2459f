"""The module registry: every town module declares itself here once, in its `ready()`.

The town URLconf, the home page, a person's area (`/me/`), the console's moderation
links, the beat schedule, the demo command and the task guard all read this registry, so
nothing in `platform/` imports a module, and adding a module is one `apps.py` (a
`declare_module(...)` call) and one `TENANT_APPS` line.

The module guard is applied here, once and outermost: a module's URLs (pages and API) are
included through `ModuleResolver`, which refuses to resolve anything while the current town
has the module switched off. The request then fails URL resolution exactly like an address
that never existed: a 404 for every method and path, before CSRF checks, authentication,
method checks or any view code run.

A module also declares its open-format downloads (`OpenDownload`): files of what the town
publishes (CSV, iCal) that a successor portal or the town's website can take over without
LQ. The console lists those of the modules that are on and serves each at
/manage/downloads/<key>/<filename> behind the same module guard (`open_download_urlpatterns`).

The same declaration carries what the shared kits need from the module: its moderation
queue provider, its consent scopes, the labels of its audit action codes, the kinds of
notification it sends (`portal.notifications.kinds`), its search provider and how it exports
and erases a person's data (`portal.personal_data`). The kits read
them from here (`portal.moderation.queue`, `portal.behalf.scopes`, `portal.accounts.audit`),
so a module registers nothing anywhere else, and the queue and the consent pages skip the
modules a town has switched off. The registry itself imports none of the kits.

Adding a module: its `apps.py` calls `declare_module(TownModule(...))` in `ready()`; one
`TENANT_APPS` line; its key among `tenants.models.Module` (the choices of a town's
`enabled_modules`); and, for the route harness, `tests/harness/samples/<key>.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, URLResolver, include, path
from django.urls.exceptions import Resolver404
from django.urls.resolvers import ResolverMatch
from django.utils.functional import Promise

from portal.icons import check_icon_name
from tenants.current import current_town
from tenants.models import Module

if TYPE_CHECKING:  # the kits import the registry, not the other way round
    from datetime import date

    from portal.behalf.scopes import ConsentScope
    from portal.continuity import TownExport
    from portal.dashboard.figures import DashboardSection
    from portal.moderation.queue import ModerationProvider
    from portal.notifications.kinds import NotificationKind
    from portal.personal_data import PersonalData
    from portal.search.groups import SearchProvider


@dataclass(frozen=True)
class HomePanel:
    """A box on the town's home page: a template and what it shows."""

    template: str
    context: Any


@dataclass(frozen=True)
class AreaItem:
    """One line of a person's area ("Mein Bereich"): a count with words that links on.

    `section` is "waiting" (something waits for the person), "mine" (what they have) or
    "account" (their time account and the like); `label` is already worded for `count`
    (ngettext), e.g. "2 unread messages"; `icon` is an icon name (NAV's `{% icon %}`)."""

    section: str
    label: str | Promise
    count: int
    url: str
    icon: str = ""


AREA_SECTIONS = ("waiting", "mine", "account")


@dataclass(frozen=True)
class LetterSection:
    """A module's part of the quarterly e-letter, pre-filled for the moderators to edit.

    `body` is plain text: paragraphs separated by a blank line; web addresses in it become
    links, markup stays text (the letter escapes everything)."""

    heading: str
    body: str


@dataclass(frozen=True)
class PeriodicTask:
    """A town task beat runs in every active town that has the module switched on."""

    task: Any  # a portal.background.TownTask
    schedule: Any  # a celery schedule, e.g. crontab(hour=3, minute=17)
    name: str  # the beat entry's name, e.g. "info: check links"


DOWNLOAD_FILENAME = re.compile(r"[a-z0-9][a-z0-9-]*\.(csv|ics)")


@dataclass(frozen=True)
class OpenDownload:
    """A file of the town's public data in an open format, for the console's download page.

    `writer(base_url)` yields the file's bytes piece by piece (it is streamed), `base_url`
    being the town's address ("https://town.example") for links and iCal UIDs; it keeps no
    personal data that the portal does not show publicly. `filename` ("events.ics") is the
    last part of its address; the file is saved as "<town slug>-<filename>"."""

    key: str
    title: str | Promise
    filename: str
    media_type: str  # e.g. "text/csv; charset=utf-8"
    writer: Callable[[str], Iterable[bytes]]
    description: str | Promise = ""


@dataclass(frozen=True)
class TownModule:
    """What a module tells the platform about itself."""

    key: str  # as in tenants.models.Module and Town.enabled_modules
    app: str  # the app's import path, e.g. "modules.info"
    label: str | Promise
    pictogram: str  # an icon name of portal.icons (e.g. "calendar"), shown with the label
    urls: str | None = None  # dotted URLconf of its pages, mounted at /<key>/
    api_urls: str | None = None  # dotted URLconf of its API, mounted at /api/v1/<key>/
    moderation_url: str | None = None  # URL name of its moderation page, e.g. "info:moderation"
    manage_url: str | None = None  # URL name of its management page, e.g. "fund:manage"
    home_panel: Callable[[], HomePanel | None] | None = None
    # Its part of a person's area: personal_area(user) -> the person's AreaItems (a constant
    # number of queries; an empty sequence when there is nothing to say).
    personal_area: Callable[[Any], Sequence[AreaItem]] | None = None
    # A box on an organisation's page (given the organisation's slug), e.g. its coming events.
    organisation_panel: Callable[[str], HomePanel | None] | None = None
    # How much content the module holds in the town, in words ("12 events"), so the console
    # can say what disappears from the portal while the module is off.
    content_summary: Callable[[], Sequence[str]] | None = None
    periodic_tasks: Sequence[PeriodicTask] = field(default_factory=tuple)
    load_demo: Callable[..., None] | None = None  # load_demo(town=...) inside the town
    on_town_created: Callable[..., None] | None = None  # on_town_created(town=...) in the town
    # What the shared kits read; scope keys and audit codes start with "<key>_", so two
    # modules (or a module and the platform) can never claim the same one.
    moderation_queue: ModerationProvider | None = None  # its items in the console's queue
    consent_scopes: Sequence[ConsentScope] = ()  # what a resident can allow a helper to do
    audit_labels: Mapping[str, str | Promise] = field(default_factory=dict)  # code -> label
    # Its parts of the quarterly e-letter: letter_sections(start, end) -> what it tells about
    # the days start..end (inclusive, the town's calendar) and what is coming after `end`.
    letter_sections: Callable[[date, date], Sequence[LetterSection]] | None = None
    # What it notifies people of; each person chooses per kind: at once, digest or off.
    notification_kinds: Sequence[NotificationKind] = ()
    # Its part of the one search (portal.search): search(query) -> its groups of hits, a
    # constant number of queries, each group capped at query.limit; group keys "<key>_…".
    search: SearchProvider | None = None
    # How "download my data" exports and "delete my account" erases what it keeps of a person.
    personal_data: PersonalData | None = None
    # Its figures on the administrator's dashboard: dashboard_figures(since=<a Monday>) ->
    # DashboardSections whose weekly series are one grouped query each (portal.dashboard).
    dashboard_figures: Callable[..., Sequence[DashboardSection]] | None = None
    # Which of its models a town archive holds (portal.continuity), and which it leaves out.
    export: TownExport | None = None
    # Its open-format downloads of what the town publishes (see OpenDownload).
    open_downloads: Sequence[OpenDownload] = ()


class ModuleAlreadyDeclared(RuntimeError):
    pass


_modules: dict[str, TownModule] = {}


def declare_module(module: TownModule) -> TownModule:
    """Register `module`; call it from the module's `AppConfig.ready()`."""
    check_icon_name(module.pictogram)  # a typo fails at start-up, not as an empty box
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
    codes = [scope.key for scope in module.consent_scopes] + list(module.audit_labels)
    codes += [kind.key for kind in module.notification_kinds]
    for code in codes:
        if not code.startswith(prefix):
            raise ValueError(
                f"Module {module.key!r} declares {code!r}: its consent scopes, audit action "
                f"codes and notification kinds start with {prefix!r}."
            )
    _check_downloads(module)
    scope_keys = [scope.key for scope in module.consent_scopes]
    if len(set(scope_keys)) != len(scope_keys):
        raise ValueError(f"Module {module.key!r} declares a consent scope twice.")
    for other in _modules.values():
        if other.key != module.key and other.app == module.app:
            raise ModuleAlreadyDeclared(f"App {module.app} declares two modules.")
    _modules[module.key] = module
    return module


def _check_downloads(module: TownModule) -> None:
    keys = [download.key for download in module.open_downloads]
    names = [download.filename for download in module.open_downloads]
    if len(set(keys)) != len(keys) or len(set(names)) != len(names):
        raise ValueError(f"Module {module.key!r} declares a download key or file name twice.")
    for download in module.open_downloads:
        if not DOWNLOAD_FILENAME.fullmatch(download.filename) or not download.key.isidentifier():
            raise ValueError(
                f"Module {module.key!r}: download {download.key!r} needs an identifier as key "
                f"and a file name like 'events.ics', not {download.filename!r}."
            )


_platform_tasks: dict[str, PeriodicTask] = {}


def declare_platform_task(periodic: PeriodicTask) -> PeriodicTask:
    """A platform town task beat runs in every active town, whatever its modules (the
    notification digests); call it from the platform app's `ready()`."""
    _platform_tasks[periodic.name] = periodic
    return periodic


def platform_tasks() -> list[PeriodicTask]:
    """The platform's own periodic town tasks."""
    return list(_platform_tasks.values())


_public_tasks: dict[str, PeriodicTask] = {}


def declare_public_task(periodic: PeriodicTask) -> PeriodicTask:
    """A periodic task beat runs once, in the public schema (its task a PublicTask): the
    operator's billing. It names the towns it acts in itself."""
    _public_tasks[periodic.name] = periodic
    return periodic


def public_tasks() -> list[PeriodicTask]:
    """The periodic tasks of the public schema."""
    return list(_public_tasks.values())


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


def download_url_name(module_key: str, download_key: str) -> str:
    """The URL name (in the console's namespace) of one module's download."""
    return f"download_{module_key}_{download_key}"


def open_download_urlpatterns(view: Callable[..., Any]) -> list[URLPattern | URLResolver]:
    """Per module with downloads, `downloads/<key>/<filename>` served by `view` (given
    `module_key` and `download_key`), behind the module guard: off in a town, a 404."""
    patterns: list[URLPattern | URLResolver] = []
    for module in _modules.values():
        files = [
            path(
                download.filename,
                view,
                {"module_key": module.key, "download_key": download.key},
                name=download_url_name(module.key, download.key),
            )
            for download in module.open_downloads
        ]
        if files:
            patterns.append(
                ModuleResolver(module.key, path(f"downloads/{module.key}/", include(files)))
            )
    return patterns


# --- what the platform asks of every enabled module ----------------------------------------


def _enabled_with(attr: str) -> Iterator[tuple[TownModule, Any]]:
    """(module, its `attr`) for every module of the current town that is on and sets it, in
    TENANT_APPS order: the one loop behind every question the platform asks the modules."""
    for module in _modules.values():
        value = getattr(module, attr)
        if value is not None and module_on_in_current_town(module.key):
            yield module, value


def home_panels() -> list[HomePanel]:
    """The panels of the current town's enabled modules, for its home page.

    Each panel is kept in the town's cache for LQ_HOME_PANEL_SECONDS (what it shows may be
    that old; a module switched off drops out at once, its panel is never asked for)."""
    from django.conf import settings

    from portal.town_cache import cached_for_town

    seconds = settings.LQ_HOME_PANEL_SECONDS
    panels = (
        cached_for_town(f"home-panel:{module.key}", make, seconds=seconds) if seconds else make()
        for module, make in _enabled_with("home_panel")
    )
    return [panel for panel in panels if panel is not None]


def personal_area_items(user: Any) -> list[AreaItem]:
    """What the current town's enabled modules put on `user`'s area, in module order."""
    return [item for _module, items in _enabled_with("personal_area") for item in items(user)]


def letter_sections(start: date, end: date) -> list[tuple[str, LetterSection]]:
    """(module key, section) of the current town's enabled modules, for a new e-letter."""
    return [
        (module.key, section)
        for module, sections in _enabled_with("letter_sections")
        for section in sections(start, end)
    ]


def search_providers() -> list[SearchProvider]:
    """The search providers of the current town's enabled modules, in TENANT_APPS order."""
    return [provider for _module, provider in _enabled_with("search")]


def dashboard_sections(*, since: date) -> list[DashboardSection]:
    """The dashboard sections of the current town's enabled modules, in registry order."""
    return [
        section
        for _module, figures in _enabled_with("dashboard_figures")
        for section in figures(since=since)
    ]


def open_downloads() -> list[tuple[TownModule, OpenDownload]]:
    """(module, download) of the current town's enabled modules, in registry order."""
    return [
        (module, download)
        for module, downloads in _enabled_with("open_downloads")
        for download in downloads
    ]


def open_download(module_key: str, download_key: str) -> OpenDownload | None:
    """One download of a module the current town has on, or None."""
    for module, download in open_downloads():
        if module.key == module_key and download.key == download_key:
            return download
    return None


def organisation_panels(organisation_slug: str) -> list[HomePanel]:
    """What the current town's enabled modules show on one organisation's page."""
    panels = (make(organisation_slug) for _module, make in _enabled_with("organisation_panel"))
    return [panel for panel in panels if panel is not None]


def content_summaries() -> dict[str, list[str]]:
    """Per module key, its content in the current town in words (modules on or off)."""
    return {
        module.key: list(module.content_summary())
        for module in _modules.values()
        if module.content_summary is not None
    }


def module_for_path(path: str) -> TownModule | None:
    """The declared module whose pages or API `path` would belong to ("/info/…")."""
    for module in _modules.values():
        prefixes = [f"/{module.key}/"] if module.urls else []
        if module.api_urls:
            prefixes.append(f"/api/v1/{module.key}/")
        if any(path.startswith(prefix) for prefix in prefixes):
            return module
    return None


def run_town_created(*, town: Any) -> None:
    """Let every module the new town has switched on prepare it (inside the town)."""
    for module in _modules.values():
        if module.on_town_created is not None and town.module_enabled(module.key):
            module.on_town_created(town=town)
