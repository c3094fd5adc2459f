"""The LQ Fonds: the town's community fund that every shop order's fee fills, and the
rounds in which residents choose what it pays for (see models.py)."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _home_panel() -> Any:
    from .home import home_panel

    return home_panel()


def _load_demo(*, town: Any) -> None:
    from .demo import load_demo

    load_demo(town=town)


class FundConfig(AppConfig):
    name = "modules.fund"
    label = "fund"

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.continuity import TownExport
        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import tasks
        from .area import personal_area
        from .moderation import MODERATION
        from .notification_kinds import NOTIFICATION_KINDS
        from .open_data import OPEN_DOWNLOADS
        from .personal_data import FUND
        from .scopes import CONSENT_SCOPES

        declare_module(
            TownModule(
                key="fund",
                app=self.name,
                label=_("LQ Fonds"),
                pictogram="fund",
                urls="modules.fund.urls",
                api_urls="modules.fund.api.urls",
                home_panel=_home_panel,
                load_demo=_load_demo,
                personal_area=personal_area,
                personal_data=FUND,
                export=TownExport(
                    app="fund",
                    models=(
                        "FundSettings",
                        "Round",
                        "PhaseChange",
                        "Proposal",
                        "ProposalPhoto",
                        "Recommendation",
                        "Declaration",
                        "VoterRecord",
                        "Ballot",
                        "Receipt",
                        "Payout",
                        "ImpactReport",
                        "ImpactPhoto",
                    ),
                ),
                open_downloads=OPEN_DOWNLOADS,
                moderation_queue=MODERATION,
                manage_url="fund:manage",
                consent_scopes=CONSENT_SCOPES,
                notification_kinds=NOTIFICATION_KINDS,
                periodic_tasks=(
                    # Every five minutes: a phase begins at midnight town time and voting
                    # closes on the hour; the count must follow within minutes.
                    PeriodicTask(
                        task=tasks.move_rounds,
                        schedule=crontab(minute="*/5"),
                        name="fund: move rounds",
                    ),
                    PeriodicTask(
                        task=tasks.impact_reminders,
                        schedule=crontab(minute=40, hour=7),
                        name="fund: impact report reminders",
                    ),
                ),
                audit_labels={
                    "fund_round_created": _("Fund round created"),
                    "fund_round_moved": _("Fund round moved to its next phase by hand"),
                    "fund_round_changed": _("Fund round's dates or rules changed"),
                    "fund_settings_changed": _("Fund settings changed"),
                    "fund_proposal_sent_for": _("Fund proposal sent for an organisation"),
                    "fund_proposal_made_for": _("Fund proposal made for a resident"),
                    "fund_review_closed": _("Fund committee's review closed with a shortlist"),
                    "fund_conflict_declared": _("Fund committee member declared a tie"),
                    "fund_paper_ballot_entered": _("Paper ballot entered"),
                    "fund_assisted_ballot_recorded": _("Ballot recorded by phone for a resident"),
                    "fund_transfer_recorded": _("Bank transfer of a fund payout recorded"),
                },
            )
        )
