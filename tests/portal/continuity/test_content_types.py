"""An archive from a deployment whose content types have other ids: the imported town takes
this deployment's ids, so the process-wide content type cache and the generic relations
(moderation reports) give the right models in it."""

from __future__ import annotations

import hashlib
import json
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, models
from django_tenants.utils import tenant_context

from modules.exchange.models import Listing
from portal.accounts.models import User
from portal.continuity.content_types import content_type_ids, renumbering
from portal.continuity.export import export_town
from portal.continuity.importing import import_town
from portal.moderation.models import Report
from portal.moderation.services import open_reports_of
from portal.operators.services import provision_town
from tenants.models import Town
from tests.factories import UserFactory
from tests.factories.exchange import ReportFactory
from tests.portal.continuity.conftest import drop_town, in_own_connection

pytestmark = pytest.mark.django_db

SOURCE = "typen"
COPY = "typen-kopie"
STALE = ("altes_modul", "weg")  # a content type of a model this deployment lacks


@dataclass
class Shuffled:
    town: Town
    listing_title: str
    permuted: dict[int, int]  # the source's id -> the archive's


def _make_source() -> str:
    town = provision_town(
        slug=SOURCE, name="Typenstadt", admin_email="admin@typen.example", enabled_modules=None
    )
    with tenant_context(town):
        report = ReportFactory()
        reporter = report.reporter
        reporter.user_permissions.add(
            Permission.objects.get(codename="view_listing", content_type__app_label="exchange")
        )
        UserFactory()  # (someone else, without permissions)
        return str(report.target.title)


def _copy_lines(data: bytes) -> list[list[bytes]]:
    return [line.split(b"\t") for line in data.splitlines()]


def _shuffle(source: Path, target: Path) -> dict[int, int]:
    """A copy of the archive whose content types have other ids (each the next one's, with a
    stale one among them): as if another deployment had written it."""
    with zipfile.ZipFile(source) as old:
        manifest = json.loads(old.read("manifest.json"))
        members = {info.filename: old.read(info) for info in old.infolist()}
    tables = manifest["tables"]
    types = _copy_lines(members["tables/django_content_type.copy"])
    id_at = tables["django_content_type"]["columns"].index("id")
    stale_id = max(int(row[id_at]) for row in types) + 1
    stale = [b""] * len(types[0])
    stale[id_at] = str(stale_id).encode()
    for column, value in zip(("app_label", "model"), STALE, strict=True):
        stale[tables["django_content_type"]["columns"].index(column)] = value.encode()
    types.append(stale)
    ids = sorted(int(row[id_at]) for row in types)
    permuted = dict(zip(ids, ids[1:] + ids[:1], strict=True))  # (each takes the next's id)
    for row in types:
        row[id_at] = str(permuted[int(row[id_at])]).encode()
    types.sort(key=lambda row: int(row[id_at]))
    changed = {"django_content_type": types}
    for table, facts in tables.items():
        if "content_type_id" not in facts["columns"] or table == "django_content_type":
            continue
        at = facts["columns"].index("content_type_id")
        rows = _copy_lines(members[f"tables/{table}.copy"])
        for row in rows:
            row[at] = str(permuted[int(row[at])]).encode()
        changed[table] = rows
    # (a permission of the stale content type, as Django made them for every model)
    permissions = changed["auth_permission"]
    columns = tables["auth_permission"]["columns"]
    permission = [b""] * len(columns)
    values = {
        "id": str(max(int(row[columns.index("id")]) for row in permissions) + 1),
        "name": "Can view weg",
        "content_type_id": str(permuted[stale_id]),
        "codename": "view_weg",
    }
    for column, value in values.items():
        permission[columns.index(column)] = value.encode()
    permissions.append(permission)
    assert {"auth_permission", "moderation_report"} <= changed.keys()
    for table, rows in changed.items():
        data = b"".join(b"\t".join(row) + b"\n" for row in rows)
        members[f"tables/{table}.copy"] = data
        tables[table].update(
            rows=len(rows), size=len(data), sha256=hashlib.sha256(data).hexdigest()
        )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in members.items():
            if name != "manifest.json":
                new.writestr(name, data)
        new.writestr("manifest.json", json.dumps(manifest))
    return permuted


@pytest.fixture
def shuffled(towns: Any, tmp_path: Path) -> Iterator[Shuffled]:
    for slug in (SOURCE, COPY):
        in_own_connection(drop_town, slug=slug)
    try:
        title = in_own_connection(_make_source)
        source = Town.objects.get(slug=SOURCE)
        exported = tmp_path / "typen.zip"
        in_own_connection(export_town, town=source, path=exported)
        permuted = _shuffle(exported, tmp_path / "shuffled.zip")
        town = in_own_connection(import_town, path=tmp_path / "shuffled.zip", slug=COPY)
        yield Shuffled(town=town, listing_title=title, permuted=permuted)
    finally:
        for slug in (SOURCE, COPY):
            in_own_connection(drop_town, slug=slug)


def test_the_imported_town_has_this_deployments_content_type_ids(
    shuffled: Shuffled, town_a: Town
) -> None:
    # (checked on a connection of its own: the test's transaction must hold no lock on the
    # copy's tables, which the clean-up drops)
    in_own_connection(_check_content_types, shuffled=shuffled, town_a=town_a)


def _check_content_types(*, shuffled: Shuffled, town_a: Town) -> None:
    template = content_type_ids(settings.TENANT_BASE_SCHEMA)
    # given the archive with other ids, imported
    imported = content_type_ids(shuffled.town.schema_name)
    # then its content types have the template's ids, and the stale one a fresh id
    listing = template[("exchange", "listing")]
    assert shuffled.permuted[listing] != listing and shuffled.permuted[listing] in template.values()
    assert {key: id_ for key, id_ in imported.items() if key != STALE} == template
    assert imported[STALE] > max(template.values())
    with tenant_context(shuffled.town):
        # and when a thread serving another town fills the process-wide cache meanwhile
        # (django-tenants empties it at every switch of schema, not between threads)
        with _cache_filled_elsewhere(town_a):
            # then the cache agrees with the town's own rows
            for model in (Listing, Report, Permission, User):
                key = (model._meta.app_label, model._meta.model_name)
                assert ContentType.objects.get_for_model(model).pk == imported[key], key
            # and the report still points at the listing, found through the cache both ways
            report = Report.objects.get()
            assert isinstance(report.target, Listing)
            assert report.target.title == shuffled.listing_title
            assert open_reports_of(report.target).get() == report
        # and the permissions kept their models (the stale one included)
        assert report.reporter.has_perm("exchange.view_listing")
        stale = Permission.objects.get(codename="view_weg")
        assert (stale.content_type.app_label, stale.content_type.model) == STALE
        with connection.cursor() as cursor:
            # (Django's own permissions are named after their model: view_listing …)
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE p.codename <> "
                "split_part(p.codename, '_', 1) || '_' || t.model) FROM auth_permission p "
                "JOIN django_content_type t ON t.id = p.content_type_id "
                "WHERE p.codename ~ '^(add|change|delete|view)_'"
            )
            total, wrong = cursor.fetchone()
            assert total > 100 and wrong == 0


@contextmanager
def _cache_filled_elsewhere(town: Town) -> Iterator[None]:
    """Meanwhile, another thread has read every content type of `town` (and so put them
    into the cache) and stays in it."""
    filled, done = threading.Event(), threading.Event()

    def other_town() -> None:
        try:
            with tenant_context(town):
                for pk in ContentType.objects.values_list("pk", flat=True):
                    ContentType.objects.get_for_id(pk)
                filled.set()
                done.wait(timeout=60)  # (leaving the town would empty the cache again)
        finally:
            filled.set()
            connections.close_all()

    worker = threading.Thread(target=other_town)
    worker.start()
    try:
        assert filled.wait(timeout=60)
        yield
    finally:
        done.set()
        worker.join()


def test_renumbering_keeps_matching_ids_and_gives_the_others_fresh_ones() -> None:
    ours = {("a", "x"): 1, ("a", "y"): 2, ("b", "z"): 3}
    town = {("a", "x"): 1, ("a", "y"): 3, ("b", "z"): 2, ("c", "gone"): 4, ("c", "old"): 2_000}
    assert renumbering(town, ours) == {3: 2, 2: 3, 2_000: 5}
    assert renumbering(ours, ours) == {}


def test_every_reference_to_a_content_type_is_a_real_foreign_key() -> None:
    # (the import finds what to renumber in the catalog's foreign keys: a generic relation
    # whose content type were a plain number, or a key without a constraint, would keep the
    # archive's ids and point at another model)
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if isinstance(field, GenericForeignKey):
                ct_field = model._meta.get_field(field.ct_field)
                assert ct_field.is_relation and ct_field.related_model is ContentType, model
            elif field.concrete and field.related_model is ContentType:
                assert isinstance(field, models.ForeignKey) and field.db_constraint, field
            elif field.concrete and "content_type" in field.name:
                raise AssertionError(f"{model._meta.label}.{field.name} refers to content types")
