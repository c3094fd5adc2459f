"""Background work of the info module: the link check and the menu nudge, per town."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.schedules import crontab

from portal.background import PublicTask, TownTask, fan_out_to_towns
from portal.celery import app

from . import services


@shared_task(base=TownTask)
def check_links() -> int:
    """Check the current town's links; returns how many were newly flagged as dead."""
    return len(services.check_all_links())


@shared_task(base=TownTask)
def nudge_menu_providers() -> int:
    """Remind the current town's restaurants whose menu has run out; returns the count."""
    return len(services.nudge_expired_menus())


@shared_task(base=PublicTask)
def check_links_in_all_towns() -> int:
    return fan_out_to_towns(check_links)


@shared_task(base=PublicTask)
def nudge_menu_providers_in_all_towns() -> int:
    return fan_out_to_towns(nudge_menu_providers)


@app.on_after_finalize.connect  # type: ignore[untyped-decorator]
def register_periodic_tasks(sender: Any, **kwargs: Any) -> None:
    sender.add_periodic_task(
        crontab(hour=3, minute=17), check_links_in_all_towns.s(), name="info: check links"
    )
    sender.add_periodic_task(
        crontab(hour=10, minute=5), nudge_menu_providers_in_all_towns.s(), name="info: menu nudge"
    )
