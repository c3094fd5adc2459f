from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _content_summary() -> list[str]:
    from .selectors import content_counts

    return content_counts()


def _load_demo(*, town: Any) -> None:
    from .demo import load_demo

    load_demo(town=town)


class ExchangeConfig(AppConfig):
    name = "modules.exchange"
    label = "exchange"

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.continuity import TownExport
        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import area, tasks
        from .dashboard import dashboard_figures
        from .moderation_queue import ExchangeQueue
        from .notification_kinds import NOTIFICATION_KINDS
        from .open_data import OPEN_DOWNLOADS
        from .personal_data import EXCHANGE
        from .scopes import CONSENT_SCOPES
        from .search_provider import search_groups

        declare_module(
            TownModule(
                key="exchange",
                app=self.name,
                label=_("Swap exchange"),
                pictogram="exchange",
                urls="modules.exchange.urls",
                api_urls="modules.exchange.api.urls",
                moderation_url="exchange:moderation",
                personal_area=area.personal_area,
                periodic_tasks=(
                    PeriodicTask(
                        task=tasks.process_listing_expiry,
                        schedule=crontab(hour=6, minute=15),
                        name="exchange: listing reminders and expiry",
                    ),
                ),
                load_demo=_load_demo,
                dashboard_figures=dashboard_figures,
                content_summary=_content_summary,
                moderation_queue=ExchangeQueue(),
                search=search_groups,
                consent_scopes=CONSENT_SCOPES,
                notification_kinds=NOTIFICATION_KINDS,
                personal_data=EXCHANGE,
                export=TownExport(
                    app="exchange",
                    models=(
                        "ExchangeSettings",
                        "Listing",
                        "ListingPhoto",
                        "Thread",
                        "Message",
                        "TimeAccount",
                        "TimeTransfer",
                    ),
                ),
                open_downloads=OPEN_DOWNLOADS,
                audit_labels={
                    "exchange_transfer_recorded": _("Time transfer recorded"),
                    "exchange_transfer_reversed": _("Time transfer reversed"),
                    "exchange_listing_posted_for": _("Listing posted for a resident"),
                    "exchange_listing_deleted": _("Listing deleted by its owner"),
                    "exchange_message_sent_for": _("Message written for a resident"),
                    "exchange_transfer_confirmed_for": _("Time transfer confirmed for a resident"),
                    "exchange_settings_changed": _("Exchange settings changed"),
                },
            )
        )
