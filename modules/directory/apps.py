from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _content_summary() -> list[str]:
    from .selectors import content_counts

    return content_counts()


def _load_demo(*, town: Any) -> None:
    from .demo import load_demo

    load_demo(town=town)


def _letter_sections(start: Any, end: Any) -> Any:
    from .letter import letter_sections

    return letter_sections(start, end)


class DirectoryConfig(AppConfig):
    name = "modules.directory"
    label = "directory"

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.continuity import TownExport
        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import area, tasks
        from .dashboard import dashboard_figures
        from .moderation_queue import DirectoryQueue
        from .notification_kinds import NOTIFICATION_KINDS
        from .open_data import OPEN_DOWNLOADS
        from .personal_data import DIRECTORY
        from .search_provider import search_groups

        declare_module(
            TownModule(
                key="directory",
                app=self.name,
                label=_("Clubs and organisations"),
                pictogram="directory",
                urls="modules.directory.urls",
                api_urls="modules.directory.api.urls",
                moderation_url="directory:moderation",
                personal_area=area.personal_area,
                periodic_tasks=(
                    PeriodicTask(
                        task=tasks.send_review_reminders_for_town,
                        schedule=crontab(hour=7, minute=15),
                        name="directory: review reminders",
                    ),
                ),
                load_demo=_load_demo,
                letter_sections=_letter_sections,
                dashboard_figures=dashboard_figures,
                content_summary=_content_summary,
                moderation_queue=DirectoryQueue(),
                notification_kinds=NOTIFICATION_KINDS,
                search=search_groups,
                personal_data=DIRECTORY,
                export=TownExport(
                    app="directory",
                    models=(
                        "Organisation",
                        "Offering",
                        "Representative",
                        "RepresentativeInvitation",
                        "OrganisationChange",
                        "DirectorySettings",
                    ),
                ),
                open_downloads=OPEN_DOWNLOADS,
            )
        )
