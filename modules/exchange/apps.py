from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "modules.exchange"
    label = "exchange"

    def ready(self) -> None:
        from portal.accounts.audit import register_audit_labels

        from .scopes import register_exchange_scopes

        register_audit_labels(
            {
                "exchange_transfer_recorded": _("Time transfer recorded"),
                "exchange_listing_posted_for": _("Listing posted for a resident"),
                "exchange_message_sent_for": _("Message written for a resident"),
                "exchange_transfer_confirmed_for": _("Time transfer confirmed for a resident"),
            }
        )
        register_exchange_scopes()
