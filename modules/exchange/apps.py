from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "modules.exchange"
    label = "exchange"

    def ready(self) -> None:
        from portal.accounts.audit import register_audit_labels

        register_audit_labels(
            {
                "exchange_transfer_recorded": _("Time transfer recorded"),
                "exchange_transfer_reversed": _("Time transfer reversed"),
            }
        )
