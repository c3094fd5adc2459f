"""Background work of the LQ Fonds (beat runs it in every town with the module on; see
apps.py)."""

from __future__ import annotations

from celery import shared_task

from portal.background import TownTask


@shared_task(base=TownTask)
def move_rounds() -> int:
    """Move every round along its dates and start the next one on the schedule, then mix
    the boxes of the rounds in voting that received ballots since the last run; how many
    steps and mixes (idempotent: a second run at the same moment does nothing)."""
    from .services.box import mix_open_boxes
    from .services.rounds import move_due_rounds

    # Mixed first: a round that fails to move must not leave the boxes unmixed.
    mixed = mix_open_boxes()
    return mixed + len(move_due_rounds())


@shared_task(base=TownTask)
def announce_voting(*, round_id: int) -> int:
    """Tell the town's voters that voting has opened (one task per town and round);
    how many were told."""
    from .services.announcements import announce_voting_opened

    return announce_voting_opened(round_id=round_id)


@shared_task(base=TownTask)
def impact_reminders() -> int:
    """Remind the winners whose impact report is due soon or overdue (once per stage);
    how many were reminded."""
    from .services.impacts import remind_impact_reports

    return remind_impact_reports()
