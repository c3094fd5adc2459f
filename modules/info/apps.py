from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(*, town: Any) -> None:
    from .demo import load_demo

    load_demo(town=town)


def _home_panel() -> Any:
    from portal.registry import HomePanel

    from .selectors import home_panel

    # What is current in town: next events, latest news, today's lunch menus.
    return HomePanel(template="info/home_panel.html", context=home_panel())


def _letter_sections(start: Any, end: Any) -> Any:
    from .letter import letter_sections

    return letter_sections(start, end)


def _organisation_panel(organisation_slug: str) -> Any:
    from portal.registry import HomePanel

    from .selectors import coming_events_of

    # The directory's organisation page shows the organisation's coming dates.
    occurrences = coming_events_of(organisation_slug)
    if not occurrences:
        return None
    return HomePanel(
        template="info/organisation_events.html",
        context={"occurrences": occurrences, "organiser_slug": organisation_slug},
    )


def _content_summary() -> list[str]:
    from .selectors import content_counts

    return content_counts()


class InfoConfig(AppConfig):
    name = "modules.info"
    label = "info"

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.continuity import TownExport
        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import area, tasks
        from .dashboard import dashboard_figures
        from .notification_kinds import NOTIFICATION_KINDS
        from .open_data import OPEN_DOWNLOADS
        from .personal_data import INFO
        from .search_provider import search_groups

        declare_module(
            TownModule(
                key="info",
                app=self.name,
                label=_("Local information"),
                pictogram="info",
                urls="modules.info.urls",
                api_urls="modules.info.api.urls",
                moderation_url="info:moderation",
                home_panel=_home_panel,
                personal_area=area.personal_area,
                organisation_panel=_organisation_panel,
                content_summary=_content_summary,
                periodic_tasks=(
                    PeriodicTask(
                        task=tasks.check_links,
                        schedule=crontab(hour=3, minute=17),
                        name="info: check links",
                    ),
                    PeriodicTask(
                        task=tasks.nudge_menu_providers,
                        schedule=crontab(hour=10, minute=5),
                        name="info: menu nudge",
                    ),
                ),
                load_demo=_load_demo,
                letter_sections=_letter_sections,
                notification_kinds=NOTIFICATION_KINDS,
                search=search_groups,
                personal_data=INFO,
                export=TownExport(
                    app="info",
                    models=(
                        "InfoSettings",
                        "Link",
                        "News",
                        "Event",
                        "Menu",
                    ),
                ),
                open_downloads=OPEN_DOWNLOADS,
                dashboard_figures=dashboard_figures,
            )
        )
