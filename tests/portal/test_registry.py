"""The module registry: declarations, fan-out per module, beat schedule, API inference.

Regression tests for issue 6, defect 2 (periodic tasks ran in towns that had switched the
module off: the exchange expired listings there, the info module checked links and mailed).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.exchange.models import Listing
from modules.exchange.tasks import process_listing_expiry
from modules.info.tasks import nudge_menu_providers
from portal import registry
from portal.api.base import TownViewSet
from portal.background import fan_out_to_towns, run_module_task_in_towns
from portal.celery import app
from tenants.models import Town
from tests.factories.exchange import ListingFactory
from tests.factories.info import MenuFactory


def _switch_off(town: Town, module: str) -> None:
    others = [key for key in town.enabled_modules if key != module]
    Town.objects.filter(pk=town.pk).update(enabled_modules=others)


def _expired_listing(town: Town) -> Listing:
    with tenant_context(town):
        return ListingFactory(expires_at=timezone.now() - timedelta(hours=1))


def _status(town: Town, listing: Listing) -> str:
    with tenant_context(town):
        return Listing.objects.get(pk=listing.pk).status


def test_every_module_declares_itself_once() -> None:
    keys = [module.key for module in registry.town_modules()]
    assert keys == ["directory", "info", "exchange", "shop", "fund", "volunteer"]
    assert registry.module_for_import_path("modules.info.api.views") is registry.get_module("info")
    assert registry.module_for_import_path("modules.infox.views") is None
    with pytest.raises(registry.ModuleAlreadyDeclared):
        registry.declare_module(
            registry.TownModule(key="info", app="modules.other", label="x", pictogram="module")
        )
    with pytest.raises(ValueError, match=r"tenants\.models\.Module"):
        registry.declare_module(
            registry.TownModule(key="bakery", app="modules.bakery", label="x", pictogram="module")
        )


def test_nightly_expiry_skips_a_town_with_the_exchange_off(
    db: None, town_a: Town, town_b: Town, django_capture_on_commit_callbacks: Any
) -> None:
    # given an expired listing in both towns, and town B with the exchange switched off
    in_a, in_b = _expired_listing(town_a), _expired_listing(town_b)
    _switch_off(town_b, "exchange")
    # when beat starts the exchange's nightly run
    with django_capture_on_commit_callbacks(execute=True):
        towns = run_module_task_in_towns.apply(args=[process_listing_expiry.name, "exchange"]).get()
    # then only town A's listing expired, and town B was not even queued
    assert _status(town_a, in_a) == Listing.Status.EXPIRED
    assert _status(town_b, in_b) == Listing.Status.ACTIVE
    assert (
        towns
        == Town.objects.filter(
            status=Town.Status.ACTIVE, is_template=False, enabled_modules__contains=["exchange"]
        )
        .exclude(schema_name="public")
        .count()
    )


def test_expiry_queued_directly_for_a_town_without_the_exchange_writes_nothing(
    db: None, town_b: Town, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    listing = _expired_listing(town_b)
    _switch_off(town_b, "exchange")
    with (
        tenant_context(Town.objects.get(pk=town_b.pk)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert process_listing_expiry.apply().get() is None
    assert _status(town_b, listing) == Listing.Status.ACTIVE
    assert mailoutbox == []


def test_menu_nudge_mails_nobody_in_a_town_without_the_info_module(
    db: None, town_b: Town, django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    with tenant_context(town_b):
        MenuFactory(valid_from=yesterday - timedelta(days=3), valid_until=yesterday)
    _switch_off(town_b, "info")
    with django_capture_on_commit_callbacks(execute=True):
        run_module_task_in_towns.apply(args=[nudge_menu_providers.name, "info"]).get()
        with tenant_context(Town.objects.get(pk=town_b.pk)):
            assert nudge_menu_providers.apply().get() is None
    assert mailoutbox == []


def test_fan_out_of_a_module_task_must_name_its_module(db: None, towns: Any) -> None:
    with pytest.raises(ValueError, match="exchange"):
        fan_out_to_towns(process_listing_expiry, module=None)


def test_beat_runs_every_declared_periodic_task() -> None:
    app.finalize(auto=True)
    schedule = app.conf.beat_schedule
    for module in registry.town_modules():
        for periodic in module.periodic_tasks:
            entry = schedule[periodic.name]
            assert entry["task"] == run_module_task_in_towns.name
            assert list(entry["args"]) == [periodic.task.name, module.key]


def test_module_viewsets_know_their_module() -> None:
    from modules.exchange.api.views import ListingViewSet
    from modules.info.api.views import OccurrenceListView

    assert ListingViewSet.town_module == "exchange"
    assert OccurrenceListView.town_module == "info"


def test_a_viewset_of_an_undeclared_module_fails_at_import() -> None:
    with pytest.raises(TypeError, match="not declared"):
        type("StrayViewSet", (TownViewSet,), {"__module__": "modules.stray.api.views"})


def test_home_page_shows_panels_only_of_enabled_modules(
    db: None, town_a: Town, client_a: Any
) -> None:
    assert 'class="info-panel"' in client_a.get("/").content.decode()
    _switch_off(town_a, "info")
    from tenants.routing import forget_towns

    forget_towns()
    page = client_a.get("/").content.decode()
    assert 'class="info-panel"' not in page
    assert 'href="/info/"' not in page


def test_a_new_town_is_prepared_by_the_modules_it_has_on(
    db: None, towns: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    from portal.operators.services import provision_town

    # given a module that prepares new towns, and one that is not switched on there
    seen: list[tuple[str, str]] = []

    def prepare(*, town: Town) -> None:
        seen.append((town.slug, connection.schema_name))

    def never(*, town: Town) -> None:
        raise AssertionError("called for a town without the module")

    declared = dict(registry._modules)
    declared["shop"] = registry.TownModule(
        key="shop", app="modules.shop", label="Shop", pictogram="module", on_town_created=prepare
    )
    declared["fund"] = registry.TownModule(
        key="fund", app="modules.fund", label="Fund", pictogram="module", on_town_created=never
    )
    monkeypatch.setattr(registry, "_modules", declared)
    # when a town with the shop is provisioned
    provision_town(
        slug="epsilon", name="Epsilon", admin_email="chef@epsilon.example", enabled_modules=["shop"]
    )
    # then the shop prepared it, inside the new town's schema
    assert seen == [("epsilon", "town_epsilon")]


def test_the_platform_imports_no_module() -> None:
    # The registry is the only way from platform/ to a module (issue 6, kit 1).
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "platform"
    offenders = []
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            offenders += [
                f"{source.relative_to(root)}: {name}"
                for name in names
                if name.split(".")[0] == "modules"
            ]
    assert offenders == []


def test_the_demo_command_loads_what_modules_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    from portal.operators.management.commands.demo import load_module_demo

    loaded: list[str] = []
    declared = dict(registry._modules)
    declared["shop"] = registry.TownModule(
        key="shop",
        app="modules.shop",
        label="Shop",
        pictogram="module",
        load_demo=lambda *, town: loaded.append(town),
    )
    declared["fund"] = registry.TownModule(
        key="fund", app="modules.fund", label="Fund", pictogram="module"
    )
    monkeypatch.setattr(registry, "_modules", declared)
    load_module_demo("shop", "a town")  # type: ignore[arg-type]
    load_module_demo("fund", "a town")  # type: ignore[arg-type]  # declares no demo: nothing
    assert loaded == ["a town"]


def test_a_modules_queue_scopes_and_audit_labels_come_from_its_one_declaration(
    db: None, town_a: Town
) -> None:
    from portal.accounts.audit import audit_label
    from portal.behalf.scopes import consent_scope
    from portal.moderation.queue import provider_of, providers_for

    exchange = registry.get_module("exchange")
    assert exchange is not None and exchange.moderation_queue is not None
    assert provider_of(town_a, "exchange") is exchange.moderation_queue
    assert sorted(providers_for(town_a)) == ["directory", "exchange", "fund", "shop"]
    scope = consent_scope("exchange_time")
    assert scope is not None and scope.module == "exchange"
    assert audit_label("exchange_transfer_recorded") == "Time transfer recorded"
    # a town without the exchange has no exchange queue
    off = Town.objects.get(pk=town_a.pk)
    off.enabled_modules = [key for key in off.enabled_modules if key != "exchange"]
    assert "exchange" not in providers_for(off)
    with pytest.raises(LookupError):
        provider_of(off, "exchange")


def test_scope_keys_and_audit_codes_carry_the_module_key() -> None:
    from portal.behalf.scopes import ConsentScope
    from portal.notifications.kinds import NotificationKind

    wrong: list[dict[str, Any]] = [
        {"audit_labels": {"transfer_recorded": "x"}},
        {"consent_scopes": (ConsentScope(key="time", label="x"),)},
        {"notification_kinds": (NotificationKind("messages", "x"),)},
    ]
    for extra in wrong:
        with pytest.raises(ValueError, match="start with 'exchange_'"):
            registry.declare_module(
                registry.TownModule(
                    key="exchange", app="modules.exchange", label="x", pictogram="module", **extra
                )
            )
    exchange = registry.get_module("exchange")
    assert exchange is not None and exchange.audit_labels  # the real declaration stays
    assert exchange.notification_kinds


def test_one_helper_asks_the_enabled_modules_that_contribute(in_town_a) -> None:
    # given a town with the exchange switched off
    in_town_a.enabled_modules = [m for m in in_town_a.enabled_modules if m != "exchange"]
    in_town_a.save(update_fields=["enabled_modules"])
    # when the registry asks for search providers and dashboard figures
    searching = [module.key for module, _provider in registry._enabled_with("search")]
    figures = [module.key for module, _f in registry._enabled_with("dashboard_figures")]
    # then only modules that are on and contribute answer, in registry order
    assert "exchange" not in searching and "exchange" not in figures
    assert searching == [m.key for m in registry.town_modules() if m.key in searching]
    assert registry.search_providers() == [p for _m, p in registry._enabled_with("search")]
    assert len(registry.search_providers()) == len(searching) >= 1
