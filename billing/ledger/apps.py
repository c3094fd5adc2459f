from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "billing.ledger"
    label = "ledger"
    verbose_name = "Ledger"

    def ready(self) -> None:
        from portal.personal_data import declare_personal_data

        from .personal_data import LEDGER

        declare_personal_data(LEDGER)
