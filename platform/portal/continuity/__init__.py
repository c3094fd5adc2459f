"""Continuity: a town exported whole as one archive, and imported into a deployment again.

Every app of `TENANT_APPS` declares which of its models a town archive holds (and which it
leaves out, with the reason): town modules with their module (`TownModule.export`), the
ledger and the platform's apps with `declare_town_export(...)`.
tests/portal/continuity/test_declarations.py fails when a model is neither, so a new model
cannot silently be lost in a move. The archive (`portal.continuity.archive`) is written by
`export_town` and read back by `import_town`; `manage.py town export|import-archive` run them. `backups` saves them nightly
to the backups storage, keeps them by its retention rule and drills a restore (`town drill`).
"""

from .declarations import TownExport, all_exports, declare_town_export, exported_tables

__all__ = ["TownExport", "all_exports", "declare_town_export", "exported_tables"]
