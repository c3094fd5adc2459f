"""Background work of the info module: the link check and the menu nudge, per town.

Beat runs both in every town with the module on (see apps.py and portal.registry).
"""

from __future__ import annotations

from celery import shared_task

from portal.background import TownTask

from . import services


@shared_task(base=TownTask)
def check_links() -> int:
    """Check the current town's links; returns how many were newly flagged as dead."""
    return len(services.check_all_links())


@shared_task(base=TownTask)
def nudge_menu_providers() -> int:
    """Remind the current town's restaurants whose menu has run out; returns the count."""
    return len(services.nudge_expired_menus())
