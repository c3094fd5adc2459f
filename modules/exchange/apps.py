from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "modules.exchange"
    label = "exchange"

    def ready(self) -> None:
        from portal.accounts.audit import register_audit_labels
        from portal.moderation.queue import register_provider

        from .moderation_queue import ExchangeQueue

        register_audit_labels({"exchange_transfer_recorded": _("Time transfer recorded")})
        register_provider(ExchangeQueue())
