from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "billing.ledger"
    label = "ledger"
    verbose_name = "Ledger"

    def ready(self) -> None:
        from portal.continuity import TownExport, declare_town_export
        from portal.personal_data import declare_personal_data

        from .personal_data import LEDGER
        from .selectors import ledger_checksum

        declare_personal_data(LEDGER)
        declare_town_export(
            TownExport(
                app="ledger",
                models=("Account", "Transaction", "Entry"),
                checksums={"checksum": ledger_checksum},
            )
        )
