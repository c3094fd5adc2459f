"""A demo town with every module's content, exported once and imported once as another
slug, for the whole directory (building it takes a while); and helpers that say whether an
import left anything behind."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.db import connection, connections
from django.test import override_settings
from django_tenants.utils import schema_exists

from portal.continuity.export import export_town, town_media_root
from portal.continuity.importing import import_town
from portal.operators.management.commands.demo import DEMO_TOWNS, fill_demo_town
from portal.operators.services import provision_town
from tenants.models import Domain, Module, Town
from tenants.services import schema_name_for

SOURCE = "quelle"
TARGET = "ziel"


@dataclass
class RoundTrip:
    source: Town
    target: Town
    archive: Path
    manifest: dict[str, Any]
    media: Path


def _clear_media_cache() -> None:
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture(scope="session")
def continuity_media(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("continuity-media")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, continuity_media: Path) -> Iterator[None]:
    """One media folder for the directory's tests: the demo town's files stay there."""
    settings.MEDIA_ROOT = continuity_media
    _clear_media_cache()
    yield
    _clear_media_cache()


def in_own_connection(function: Callable[..., Any], /, **kwargs: Any) -> Any:
    """`function(**kwargs)` on a connection of its own, outside the test's transaction (an
    export takes its own snapshot, an import commits): in a thread, its error raised here."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(**kwargs)
        except BaseException as exc:
            outcome["error"] = exc
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def drop_town(slug: str) -> None:
    """Remove a town of these tests: row, domains, schema and media folder."""
    from portal.operators.models import TownAuditEntry

    connection.set_schema_to_public()
    Domain.objects.filter(tenant__slug=slug).delete()
    TownAuditEntry.objects.filter(town__slug=slug).delete()
    Town.objects.filter(slug=slug).delete()
    schema = schema_name_for(slug)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    shutil.rmtree(town_media_root(schema), ignore_errors=True)


def nothing_left(slug: str) -> None:
    """No row, domain, schema or file of `slug`, and no half-unpacked media."""
    connection.set_schema_to_public()
    schema = schema_name_for(slug)
    assert not Town.objects.filter(slug=slug).exists()
    assert not Domain.objects.filter(domain__startswith=f"{slug}.").exists()
    assert not schema_exists(schema)
    root = town_media_root(schema)
    assert not root.exists() or not any(root.iterdir())
    assert not list(root.parent.glob(".import-*"))


def rewrite(
    source: Path,
    target: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    list_added: bool = True,
) -> Path:
    """A copy of the archive `source` with its manifest or members changed."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(source) as old:
        facts = json.loads(old.read("manifest.json"))
        if list_added:
            for name, data in add.items():
                facts["media"][name.removeprefix("media/")] = {
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
        if manifest:
            manifest(facts)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
            for info in old.infolist():
                if info.filename == "manifest.json":
                    continue
                new.writestr(info.filename, replace.get(info.filename, old.read(info)))
            for name, data in add.items():
                new.writestr(name, data)
            new.writestr("manifest.json", json.dumps(facts))
    return target


# Built once for this folder's tests and dropped as soon as a worker leaves the folder
# (`pytest_runtest_teardown` below): the tests after it (the operator's town list counts the
# towns) never see them. Module-scoped over a cache, so that a worker coming back to the
# folder builds them again.
_BUILT: dict[str, RoundTrip] = {}
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def round_trip(
    towns: Any, django_db_blocker: Any, continuity_media: Path, tmp_path_factory: Any
) -> RoundTrip:
    if "value" in _BUILT:
        return _BUILT["value"]
    folder = tmp_path_factory.mktemp("archives")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=continuity_media):
        _clear_media_cache()
        for slug in (SOURCE, TARGET):
            drop_town(slug)
        source = provision_town(
            slug=SOURCE,
            name="Quellstadt",
            admin_email="admin@quelle.example",
            postcodes=DEMO_TOWNS[0].postcodes,
            districts=DEMO_TOWNS[0].districts,
            enabled_modules=list(Module.values),
        )
        fill_demo_town(DEMO_TOWNS[0], source)
        connection.set_schema_to_public()
        archive = folder / "quelle.zip"
        manifest = export_town(town=source, path=archive)
        target = import_town(path=archive, slug=TARGET, name="Zielstadt")
        connection.set_schema_to_public()
        _clear_media_cache()
    _BUILT["value"] = RoundTrip(source, target, archive, manifest, continuity_media)
    return _BUILT["value"]


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Drop the round trip's towns when the next test is not one of this folder's."""
    from pytest_django.plugin import blocking_manager_key

    if "value" not in _BUILT:
        return
    if nextitem is not None and HERE in Path(nextitem.path).resolve().parents:
        return
    with (
        item.config.stash[blocking_manager_key].unblock(),
        override_settings(MEDIA_ROOT=_BUILT["value"].media),
    ):
        _clear_media_cache()
        for slug in (SOURCE, TARGET):
            drop_town(slug)
        _clear_media_cache()
    _BUILT.clear()
