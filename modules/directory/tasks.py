"""Background work of the directory: daily review reminders, fanned out per town."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.schedules import crontab

from portal.background import PublicTask, TownTask, fan_out_to_towns
from portal.celery import app
from tenants.current import current_town

from . import services


@shared_task(base=TownTask)
def send_review_reminders_for_town() -> int:
    """Remind this town's representatives of profiles not confirmed for too long."""
    town = current_town()
    if town is None or not town.module_enabled("directory"):
        return 0
    return services.send_review_reminders()


@shared_task(base=PublicTask)
def send_review_reminders() -> int:
    """Beat entry: one reminder task per active town."""
    return fan_out_to_towns(send_review_reminders_for_town)


@app.on_after_finalize.connect  # type: ignore[untyped-decorator]
def register_periodic_tasks(sender: Any, **kwargs: Any) -> None:
    sender.add_periodic_task(
        crontab(hour=7, minute=15),
        send_review_reminders.s(),
        name="directory: review reminders",
    )
