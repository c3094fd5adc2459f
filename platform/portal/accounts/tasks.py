"""Background work of the accounts: building a person's data export, removing expired ones
(declared as a platform task in AccountsConfig.ready(): beat runs it in every town)."""

from __future__ import annotations

from celery import shared_task

from portal.background import TownTask


@shared_task(base=TownTask, name="accounts.build_data_export")
def build_data_export_task(export_id: str) -> None:
    """Build the ZIP of one requested export (a retry of a finished one does nothing)."""
    from .services.your_data import build_data_export, mark_export_failed

    try:
        build_data_export(export_id=export_id)
    except Exception:
        mark_export_failed(export_id=export_id)
        raise


@shared_task(base=TownTask, name="accounts.remove_expired_exports")
def remove_expired_exports_task() -> int:
    """Delete the town's expired data exports and their files (idempotent)."""
    from .services.your_data import remove_expired_exports

    return remove_expired_exports()
