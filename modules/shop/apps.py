from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _content_summary() -> list[str]:
    from .selectors import content_counts

    return content_counts()


def _load_demo(*, town: Any) -> None:
    from .demo import load_demo

    load_demo(town=town)


class ShopConfig(AppConfig):
    name = "modules.shop"
    label = "shop"

    def ready(self) -> None:
        from portal.registry import TownModule, declare_module

        from .moderation_queue import ShopQueue
        from .notification_kinds import NOTIFICATION_KINDS
        from .personal_data import SHOP
        from .search_provider import search_groups

        declare_module(
            TownModule(
                key="shop",
                app=self.name,
                label=_("Services and offers"),
                pictogram="shop",
                urls="modules.shop.urls",
                content_summary=_content_summary,
                load_demo=_load_demo,
                moderation_queue=ShopQueue(),
                notification_kinds=NOTIFICATION_KINDS,
                personal_data=SHOP,
                search=search_groups,
                audit_labels={"shop_provider_claimed": _("Business profile claimed")},
            )
        )
