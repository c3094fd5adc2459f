from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _home_panel() -> Any:
    from portal.registry import HomePanel

    from .selectors import fund_summary

    return HomePanel(template="fund/home_panel.html", context=fund_summary())


class FundConfig(AppConfig):
    name = "modules.fund"
    label = "fund"

    def ready(self) -> None:
        from portal.registry import TownModule, declare_module

        declare_module(
            TownModule(
                key="fund",
                app=self.name,
                label=_("LQ Fonds"),
                pictogram="fund",
                urls="modules.fund.urls",
                home_panel=_home_panel,
            )
        )
