"""`manage.py town create|import|export|import-archive|backup|drill|suspend|reactivate|archive|
restore|list|ensure-template|migrate`."""

from __future__ import annotations

import argparse
import csv
import io
from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from portal.continuity import backups
from portal.continuity.archive import ArchiveRefused
from portal.continuity.export import export_town
from portal.continuity.importing import import_town
from portal.operators import selectors, services
from tenants import migration_replay, migration_state
from tenants import services as town_services
from tenants.addresses import town_base_url
from tenants.current import set_public_schema
from tenants.models import Town
from tenants.selectors import towns
from tenants.spare_schemas import top_up_spares


class Command(BaseCommand):
    help = "Onboard and manage towns."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Provision a new town from the template schema.")
        create.add_argument("slug")
        create.add_argument("--name", required=True)
        create.add_argument("--admin-email", required=True)
        create.add_argument("--admin-name", default="")
        create.add_argument(
            "--contact-email", default="", help="the town's public contact (shown in footers)"
        )
        create.add_argument("--postcodes", default="", help="comma-separated, e.g. 71263,71265")
        create.add_argument("--districts", default="", help="comma-separated")
        create.add_argument("--language", default="de", choices=["de", "en"])
        for action in ("suspend", "reactivate", "archive", "restore"):
            change = sub.add_parser(action)
            change.add_argument("slug")
            change.add_argument("--reason", required=True, help="kept on record")
        bulk = sub.add_parser(
            "import",
            help="Provision many towns from a CSV file with the columns slug, name, "
            "admin_email and optionally contact_email, postcodes, districts, language "
            "(postcodes and districts separated by ';'). Refused rows are reported by line; "
            "the others are created. A rerun creates only what is still missing.",
        )
        bulk.add_argument("csv_file", type=argparse.FileType("r", encoding="utf-8-sig"))
        export = sub.add_parser(
            "export",
            help="Write a town whole (rows, media, branding, settings, its public record) "
            "to one archive file, from one consistent snapshot.",
        )
        export.add_argument("slug")
        export.add_argument("file", type=Path)
        restore_archive = sub.add_parser(
            "import-archive",
            help="Create a town from an archive `town export` wrote (under its own address or "
            "--slug); all or nothing.",
        )
        restore_archive.add_argument("file", type=Path)
        restore_archive.add_argument("--slug", default=None, help="the new town's address")
        restore_archive.add_argument("--name", default=None, help="the new town's name")
        backup = sub.add_parser(
            "backup",
            help="Back up a town now to the backup storage (as the nightly task does) and "
            "apply the retention rule (ops/backups.md).",
        )
        backup.add_argument("slug")
        drill = sub.add_parser(
            "drill",
            help="Restore the latest backup of a town into a scratch town, compare it with "
            "the backup and the live town, report, and remove the scratch town; fails when "
            "the backup does not restore.",
        )
        drill.add_argument("slug")
        sub.add_parser("list")
        sub.add_parser("ensure-template", help="Create the public row and the template schema.")
        migrate = sub.add_parser(
            "migrate",
            help="Bring every town schema and the template up to the code's migrations: "
            "Django migrates one schema per group, its SQL is replayed in the others and "
            "each is verified (tenants.migration_replay). Failed schemas are named; the "
            "others go on; a rerun does what is left. See ops/migrations.md.",
        )
        migrate.add_argument(
            "--check",
            action="store_true",
            help="Only report what is pending (one query per 500 schemas); exit status 1 "
            "when anything is.",
        )
        migrate.add_argument("--batch-size", type=int, default=migration_replay.BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "create":
                town = services.provision_town(
                    slug=options["slug"],
                    name=options["name"],
                    admin_email=options["admin_email"],
                    admin_name=options["admin_name"],
                    contact_email=options["contact_email"],
                    postcodes=_split(options["postcodes"]),
                    districts=_split(options["districts"]),
                    default_language=options["language"],
                )
                base_url = town_base_url(town.slug)
                reset_url = base_url + reverse(
                    "accounts:password_reset", urlconf=settings.ROOT_URLCONF
                )
                self.stdout.write(f"Created {town.name} at {base_url}/")
                self.stdout.write(
                    f"{options['admin_email']} is its administrator and has been e-mailed a "
                    "link to choose a password (valid for three days). A new link can be "
                    f"requested at {reset_url}"
                )
            elif action == "import":
                self._import(options["csv_file"])
            elif action == "export":
                town = _town(options["slug"])
                if options["file"].exists():
                    raise CommandError(f"{options['file']} exists; choose a new file name.")
                manifest = export_town(town=town, path=options["file"], progress=self._progress)
                rows = sum(table["rows"] for table in manifest["tables"].values())
                self.stdout.write(
                    f"Exported {town.name}: {len(manifest['tables'])} tables, {rows} rows, "
                    f"{len(manifest['media'])} files to {options['file']}"
                )
            elif action == "import-archive":
                town = import_town(
                    path=options["file"],
                    slug=options["slug"],
                    name=options["name"],
                    progress=self._progress,
                )
                set_public_schema()
                self.stdout.write(
                    f"Imported {town.name} at {town_base_url(town.slug)}/ with the status it "
                    f"had: {town.status}."
                )
                if town.status != Town.Status.ACTIVE:
                    self.stdout.write(
                        "Its residents cannot use it until an operator reactivates (suspended) "
                        "or restores (archived) it."
                    )
            elif action == "backup":
                town = _town(options["slug"])
                backup = backups.back_up_town(town)
                deleted = backups.apply_retention(str(town.slug))
                self.stdout.write(
                    f"Backed up {town.name} as {backup.name}; {len(deleted)} older backups deleted."
                )
            elif action == "drill":
                self._drill(_town(options["slug"]))
            elif action == "ensure-template":
                template = town_services.ensure_public_and_template()
                self.stdout.write(f"Template schema {template.schema_name} is in place.")
                # (after a deploy: spares of the old template are dropped, new ones made)
                made, dropped = top_up_spares(template.schema_name)
                self.stdout.write(
                    f"Spare town schemas: {made} made, {dropped} of an older template dropped."
                )
            elif action == "migrate":
                self._migrate(check=options["check"], batch_size=options["batch_size"])
            elif action == "list":
                for summary in selectors.town_summaries():
                    town = summary.town
                    self.stdout.write(
                        f"{town.slug:30} {town.status:10} {summary.users:6} users  {town.name}"
                    )
            else:
                town = _town(options["slug"])
                change = {
                    "suspend": services.suspend_town,
                    "reactivate": services.reactivate_town,
                    "archive": services.archive_town,
                    "restore": services.restore_town,
                }[action]
                town = change(town=town, operator=None, reason=options["reason"])
                self.stdout.write(f"{town.name} is now {town.status}.")
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        except ArchiveRefused as exc:
            raise CommandError(f"The archive is refused: {exc}") from exc

    def _progress(self, step: str, done: int, total: int) -> None:
        if done == total or done % 20 == 0:
            self.stderr.write(f"{step}: {done}/{total}")

    def _drill(self, town: Town) -> None:
        report = backups.drill_town(town, log=self.stderr.write)
        if report.backup:
            self.stdout.write(f"Drill of {town.name} with {report.backup}:")
        for table, outcome in sorted(report.tables.items()):
            live = report.live.get(table, "")
            self.stdout.write(f"  {table:50} {outcome:4} live: {live}")
        changed = sum(1 for v in report.live.values() if v != "same")
        if report.ok:
            self.stdout.write(
                f"OK: {len(report.tables)} tables and the ledger's checksums restored as "
                f"backed up; {changed} tables of the live town changed since; "
                f"{report.seconds:.1f} s. The scratch town is removed."
            )
            return
        raise CommandError(
            f"Drill FAILED after {report.seconds:.1f} s: {report.error} "
            "(the scratch town is removed)."
        )

    def _migrate(self, *, check: bool, batch_size: int) -> None:
        state = migration_state.pending_migrations()
        self.stdout.write(
            f"{state.checked} schemas checked: {len(state.pending)} lack migrations, "
            f"{len(state.without_schema)} have no schema or migration table."
        )
        for missing, count in Counter(state.pending.values()).most_common(10):
            self.stdout.write(f"  {count} schemas lack {', '.join(missing)}")
        for schema in state.without_schema:
            self.stdout.write(f"  {schema}: no schema or django_migrations table")
        if check:
            if not state.up_to_date:
                raise CommandError("Migrations are pending.", returncode=1)
            return
        result = migration_replay.migrate_towns(
            batch_size=batch_size, log=self.stdout.write, state=state
        )
        self.stdout.write(
            f"{len(result.migrated)} schemas migrated by Django, {len(result.replayed)} by "
            f"replaying its SQL (verified), {len(result.failed)} failed."
        )
        for schema, error in sorted(result.failed.items()):
            self.stderr.write(f"{schema}: {error}")
        if result.failed:
            raise CommandError(
                f"{len(result.failed)} schemas failed (see above); the others are migrated. "
                "Fix them and rerun `town migrate`."
            )

    def _import(self, handle: io.TextIOBase) -> None:
        reader = csv.DictReader(handle)
        missing = {"slug", "name", "admin_email"} - set(reader.fieldnames or ())
        if missing:
            raise CommandError(f"The file lacks the column(s) {', '.join(sorted(missing))}.")
        rows = (
            services.TownImportRow(
                line=reader.line_num,
                slug=record["slug"] or "",
                name=record["name"] or "",
                admin_email=record["admin_email"] or "",
                contact_email=record.get("contact_email") or "",
                postcodes=tuple(_split(record.get("postcodes") or "", ";")),
                districts=tuple(_split(record.get("districts") or "", ";")),
                default_language=record.get("language") or "de",
            )
            for record in reader
        )
        created = refused = 0
        for result in services.provision_towns(rows):
            if result.town is None:
                refused += 1
                self.stderr.write(f"line {result.row.line}: {result.row.slug}: {result.error}")
            else:
                created += 1
                self.stdout.write(f"line {result.row.line}: created {result.town.slug}")
        self.stdout.write(f"{created} towns created, {refused} refused.")
        if refused:
            raise CommandError(f"{refused} rows were refused (see above); fix them and rerun.")


def _split(value: str, separator: str = ",") -> list[str]:
    return [item.strip() for item in value.split(separator) if item.strip()]


def _town(slug: str) -> Town:
    try:
        return towns().get(slug=slug)
    except Town.DoesNotExist as exc:
        raise CommandError(f"No town with the address {slug!r}.") from exc
