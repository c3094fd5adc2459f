from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _content_summary() -> list[str]:
    from .selectors import content_counts

    return content_counts()


def _load_demo(*, town: Any) -> None:
    from .demo import load_demo

    load_demo(town=town)


class DirectoryConfig(AppConfig):
    name = "modules.directory"
    label = "directory"

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import tasks
        from .moderation_queue import DirectoryQueue

        declare_module(
            TownModule(
                key="directory",
                app=self.name,
                label=_("Clubs and organisations"),
                pictogram="🏛",
                urls="modules.directory.urls",
                api_urls="modules.directory.api.urls",
                moderation_url="directory:moderation",
                periodic_tasks=(
                    PeriodicTask(
                        task=tasks.send_review_reminders_for_town,
                        schedule=crontab(hour=7, minute=15),
                        name="directory: review reminders",
                    ),
                ),
                load_demo=_load_demo,
                content_summary=_content_summary,
                moderation_queue=DirectoryQueue(),
            )
        )
