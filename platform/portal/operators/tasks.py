"""The operator site's background work in the public schema: spare town schemas."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from portal.background import PublicTask
from tenants.services import ensure_public_and_template
from tenants.spare_schemas import top_up_spares

logger = logging.getLogger(__name__)

# Two top-ups at once would each copy the missing spares: the second waits for the first.
TOP_UP_LOCK = 0x4C51_5350


@shared_task(base=PublicTask, name="operators.top_up_spare_schemas")
def top_up_spare_schemas() -> int:
    """Keep LQ_SPARE_SCHEMAS copies of the current template ready; how many were made."""
    from django.db import connection

    if settings.LQ_SPARE_SCHEMAS <= 0:
        return 0
    template = ensure_public_and_template()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [TOP_UP_LOCK])
        if not cursor.fetchone()[0]:
            return 0  # (another top-up is running)
        try:
            made, dropped = top_up_spares(template.schema_name)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [TOP_UP_LOCK])
    if made or dropped:
        logger.info("Spare town schemas: %d made, %d of an older template dropped", made, dropped)
    return made


@shared_task(base=PublicTask, name="operators.back_up_towns")
def back_up_towns() -> int:
    """Back up every active town to the backup storage and apply retention
    (portal.continuity.backups); how many towns were backed up. A town that fails is
    logged and the others go on."""
    from portal.continuity.backups import back_up_all_towns

    done, failed = back_up_all_towns()
    logger.info("Town backups: %d done, %d failed", done, failed)
    return done


@shared_task(base=PublicTask, name="operators.run_town_archive_job")
def run_town_archive_job(public_id: str) -> str:
    """Make or read in one town archive (portal.operators.town_archives); the job's status."""
    from .town_archives import run_job

    job = run_job(public_id)
    return job.status if job is not None else "not queued"


@shared_task(base=PublicTask, name="operators.remove_expired_town_archives")
def remove_expired_town_archives() -> int:
    """Delete the town archives whose download time is over; how many."""
    from .town_archives import remove_expired

    return remove_expired()
