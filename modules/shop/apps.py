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

        from billing.subscriptions.handlers import register_invoice_kind
        from portal.continuity import TownExport
        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import tasks
        from .area import personal_area
        from .dashboard import dashboard_figures
        from .invoice_handler import FEE_INVOICES
        from .moderation_queue import ShopQueue
        from .notification_kinds import NOTIFICATION_KINDS
        from .personal_data import SHOP
        from .scopes import CONSENT_SCOPES
        from .search_provider import search_groups

        # The webhooks and the reconciliation hand the providers' fee invoices to the shop.
        register_invoice_kind(FEE_INVOICES)
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
                export=TownExport(
                    app="shop",
                    models=(
                        "Provider",
                        "ShopSettings",
                        "Category",
                        "Offer",
                        "OfferPhoto",
                        "Order",
                        "OrderEvent",
                        "CalendarFeed",
                        "ProviderInvoice",
                        "ProviderPhoto",
                        "ProviderClip",
                    ),
                ),
                search=search_groups,
                consent_scopes=CONSENT_SCOPES,
                dashboard_figures=dashboard_figures,
                personal_area=personal_area,
                periodic_tasks=(
                    PeriodicTask(
                        task=tasks.expire_unanswered_requests,
                        schedule=crontab(minute="*/15"),
                        name="shop: expire unanswered requests",
                    ),
                    # Hourly from 17:00 to 22:00 town time (beat runs in Europe/Berlin, the
                    # towns' zone): the reminder arrives the evening before, and an order
                    # confirmed during the evening, or a run missed while a worker was down,
                    # is still reminded by a later run (each order once: the claim).
                    PeriodicTask(
                        task=tasks.send_appointment_reminders,
                        schedule=crontab(minute=5, hour="17-22"),
                        name="shop: appointment reminders",
                    ),
                    # The previous month's fees, on the first of the month at 03:00 town
                    # time; a run that fails is retried by Celery and finishes what it began.
                    PeriodicTask(
                        task=tasks.invoice_fees,
                        schedule=crontab(minute=0, hour=3, day_of_month=1),
                        name="shop: invoice fees",
                    ),
                    PeriodicTask(
                        task=tasks.tell_overdue_fee_invoices,
                        schedule=crontab(minute=30, hour=9),
                        name="shop: overdue fee invoices",
                    ),
                ),
                audit_labels={
                    "shop_provider_claimed": _("Business profile claimed"),
                    "shop_order_requested_for": _("Service requested for a resident"),
                    "shop_order_confirmed_for": _("Order confirmed for a resident"),
                    "shop_order_completed_for": _("Order marked done for a resident"),
                    "shop_order_cancelled_for": _("Order cancelled for a resident"),
                    "shop_calendar_feed_created": _("Calendar address made for a business"),
                    "shop_calendar_feed_renewed": _("Calendar address renewed for a business"),
                    "shop_calendar_feed_revoked": _("Calendar address switched off for a business"),
                    "shop_settings_changed": _("Shop settings changed"),
                    "shop_category_created": _("Shop category added"),
                    "shop_category_changed": _("Shop category changed"),
                    "shop_provider_approved_at_once": _(
                        "Business public at once (no approval needed)"
                    ),
                },
            )
        )
