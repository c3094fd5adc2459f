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
        from celery.schedules import crontab

        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import tasks
        from .moderation_queue import ShopQueue
        from .notification_kinds import NOTIFICATION_KINDS
        from .personal_data import SHOP
        from .scopes import CONSENT_SCOPES
        from .search_provider import search_groups

        declare_module(
            TownModule(
                key="shop",
                app=self.name,
                label=_("Services and offers"),
                pictogram="shop",
                urls="modules.shop.urls",
                api_urls="modules.shop.api.urls",
                # The console links it under the modules' moderation: the network manager
                # reads the rules there, the town administrators change them.
                moderation_url="shop:settings",
                content_summary=_content_summary,
                load_demo=_load_demo,
                moderation_queue=ShopQueue(),
                notification_kinds=NOTIFICATION_KINDS,
                personal_data=SHOP,
                search=search_groups,
                consent_scopes=CONSENT_SCOPES,
                periodic_tasks=(
                    PeriodicTask(
                        task=tasks.expire_unanswered_requests,
                        schedule=crontab(minute="*/15"),
                        name="shop: expire unanswered requests",
                    ),
                ),
                audit_labels={
                    "shop_provider_claimed": _("Business profile claimed"),
                    "shop_order_requested_for": _("Service requested for a resident"),
                    "shop_order_confirmed_for": _("Order confirmed for a resident"),
                    "shop_order_completed_for": _("Order marked done for a resident"),
                    "shop_order_cancelled_for": _("Order cancelled for a resident"),
                    "shop_settings_changed": _("Shop settings changed"),
                    "shop_category_created": _("Shop category added"),
                    "shop_category_changed": _("Shop category changed"),
                    "shop_provider_approved_at_once": _(
                        "Business public at once (no approval needed)"
                    ),
                },
            )
        )
