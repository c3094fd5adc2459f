"""An archive written by an older LQ (its schema lacked migrations this deployment has) is
loaded at its own state and migrated forward; one that names a migration this deployment
lacks, that is no state of its migrations, whose way back cannot be undone, or whose way
forward cannot run in a transaction is refused and leaves nothing."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import tenant_context

from billing.ledger.selectors import ledger_checksum
from portal.accounts.models import User
from portal.continuity.archive import ArchiveRefused
from portal.continuity.declarations import exported_tables
from portal.continuity.export import export_town
from portal.continuity.importing import import_town
from portal.continuity.tables import table_digests
from portal.notifications.models import Delivery, Notification
from tenants.models import Town
from tests.portal.continuity.conftest import (
    RoundTrip,
    drop_town,
    in_own_connection,
    nothing_left,
    rewrite,
)

pytestmark = pytest.mark.django_db

OLD = "altstadt"  # the town as an older LQ had it
NEW = "neu-altstadt"  # imported from its archive here
# The migrations the older LQ lacked: the notification's target column and the indexes
# dropped after it.
LACKED = {
    ("notifications", "0002_notification_target"),
    ("notifications", "0003_drop_indexes_led_by_composites"),
}
BACK_TO = ("notifications", "0001_notifications")


@dataclass
class Older:
    archive: Path
    manifest: dict[str, Any]


def _export_at_an_older_state(*, source: Path, folder: Path) -> dict[str, Any]:
    town = import_town(path=source, slug=OLD)
    with tenant_context(town):
        # (the demo has no notifications yet; the older LQ had no target column for them)
        people = list(User.objects.order_by("id")[:3])
        for number, person in enumerate(people):
            Notification.objects.create(
                user=person,
                kind="test",
                title=f"Hinweis {number}",
                target=f"exchange:listing:{number}",
                delivery=Delivery.IMMEDIATE,
            )
        executor = MigrationExecutor(connection)
        executor.migrate([BACK_TO])
    manifest = export_town(town=town, path=folder / "older.zip")
    drop_town(OLD)
    return manifest


@pytest.fixture(scope="module")
def older(round_trip: RoundTrip, tmp_path_factory: Any, django_db_blocker: Any) -> Older:
    folder = tmp_path_factory.mktemp("older")
    with django_db_blocker.unblock():
        in_own_connection(drop_town, slug=OLD)
        manifest = in_own_connection(
            _export_at_an_older_state, source=round_trip.archive, folder=folder
        )
    return Older(folder / "older.zip", manifest)


@pytest.fixture
def no_new_town(round_trip: RoundTrip) -> Iterator[None]:
    in_own_connection(drop_town, slug=NEW)
    yield
    in_own_connection(drop_town, slug=NEW)


def test_an_older_archive_is_migrated_forward(
    round_trip: RoundTrip, older: Older, no_new_town: None
) -> None:
    # given an archive of the demo town from an LQ without two notification migrations
    records = {tuple(record) for record in older.manifest["migrations"]}
    assert not LACKED & records and BACK_TO in records
    assert "target" not in older.manifest["tables"]["notifications_notification"]["columns"]
    assert older.manifest["tables"]["notifications_notification"]["rows"] > 0
    # when it is imported
    town = in_own_connection(import_town, path=older.archive, slug=NEW)
    # then (checked on a connection of its own, which holds no lock the clean-up waits for)
    in_own_connection(_check_moved_forward, town=town, round_trip=round_trip, older=older)


def _check_moved_forward(*, town: Town, round_trip: RoundTrip, older: Older) -> None:
    with tenant_context(town):
        # the town is at this deployment's state
        executor = MigrationExecutor(connection)
        assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
        assert executor.loader.applied_migrations.keys() >= LACKED
        # and its notifications are there, with the new column's default
        notifications = older.manifest["tables"]["notifications_notification"]["rows"]
        assert Notification.objects.count() == notifications
        assert set(Notification.objects.values_list("target", flat=True)) == {""}
        # and the ledger is the archive's
        assert ledger_checksum() == older.manifest["checksums"]["ledger.checksum"]
        assert ledger_checksum() == round_trip.manifest["checksums"]["ledger.checksum"]
    # and every other table holds the rows the demo town has, ids and references included
    tables = [t for t in exported_tables() if t != "notifications_notification"]
    assert table_digests(str(town.schema_name), tables) == table_digests(
        str(round_trip.source.schema_name), tables
    )


def test_an_archive_naming_an_unknown_migration_is_refused(
    older: Older, no_new_town: None, tmp_path: Path
) -> None:
    # given an older archive that also names a migration this deployment does not have
    def unknown(facts: dict[str, Any]) -> None:
        facts["migrations"].append(["fund", "0099_not_written_yet"])

    archive = rewrite(older.archive, tmp_path / "unknown.zip", manifest=unknown)
    with pytest.raises(ArchiveRefused, match=r"newer version .* fund\.0099_not_written_yet"):
        in_own_connection(import_town, path=archive, slug=NEW)
    nothing_left(NEW)


def test_records_that_are_no_state_of_the_migrations_are_refused(
    round_trip: RoundTrip, no_new_town: None, tmp_path: Path
) -> None:
    # given an archive that has notifications 0003 but not the 0002 it depends on
    def gap(facts: dict[str, Any]) -> None:
        facts["migrations"].remove(["notifications", "0002_notification_target"])

    archive = rewrite(round_trip.archive, tmp_path / "gap.zip", manifest=gap)
    with pytest.raises(ArchiveRefused, match=r"not a state .* notifications\.0002"):
        in_own_connection(import_town, path=archive, slug=NEW)
    nothing_left(NEW)


def test_an_archive_before_an_irreversible_migration_is_refused(
    round_trip: RoundTrip, no_new_town: None, tmp_path: Path
) -> None:
    # given an archive from before the exchange moved its time bank to the ledger (a data
    # migration without a way back) and what came after it
    def before(facts: dict[str, Any]) -> None:
        facts["migrations"] = [
            record
            for record in facts["migrations"]
            if record[0] != "exchange" or record[1] < "0004_move_time_bank_to_ledger"
        ]

    archive = rewrite(round_trip.archive, tmp_path / "before.zip", manifest=before)
    with pytest.raises(
        ArchiveRefused, match=r"exchange\.0004_move_time_bank_to_ledger, which cannot be undone"
    ):
        in_own_connection(import_town, path=archive, slug=NEW)
    nothing_left(NEW)


def test_a_way_forward_through_a_non_atomic_migration_is_refused(
    older: Older, no_new_town: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a deployment whose notifications 0002 cannot run inside a transaction
    migration = importlib.import_module(
        "portal.notifications.migrations.0002_notification_target"
    ).Migration
    monkeypatch.setattr(migration, "atomic", False)
    # then the older archive, which needs it, is refused before anything changes
    with pytest.raises(ArchiveRefused, match=r"0002_notification_target, which cannot run inside"):
        in_own_connection(import_town, path=older.archive, slug=NEW)
    nothing_left(NEW)
