"""Background work of neighbourly help (beat runs it in every town with the module on; see
apps.py)."""

from __future__ import annotations

from celery import shared_task

from portal.background import TownTask


@shared_task(base=TownTask)
def check_expiry() -> int:
    """The daily run over helpers' checks: remind once before a required check ends, log
    and tell once when it has ended; how many reminders and expiries."""
    from .services.checks import record_expired_checks, remind_expiring_checks

    return remind_expiring_checks() + record_expired_checks()
