"""Background work of the accounts: building a person's data export."""

from __future__ import annotations

from celery import shared_task

from portal.background import PublicTask, TownTask, fan_out_to_towns


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


@shared_task(base=PublicTask, name="accounts.remove_expired_exports_in_towns")
def remove_expired_exports_in_towns() -> int:
    """Beat entry: one cleanup per active town (a town has few exports; one task each)."""
    return fan_out_to_towns(remove_expired_exports_task, module=None)
