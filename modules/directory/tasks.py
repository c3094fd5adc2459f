"""Background work of the directory: daily review reminders (beat runs it in every town
with the directory on; see apps.py and portal.registry)."""

from __future__ import annotations

from celery import shared_task

from portal.background import TownTask

from . import services


@shared_task(base=TownTask)
def send_review_reminders_for_town() -> int:
    """Remind this town's representatives of profiles not confirmed for too long."""
    return services.send_review_reminders()
