from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "billing.ledger"
    label = "ledger"
    verbose_name = "Ledger"

    def ready(self) -> None:
        from portal.continuity import TownExport, declare_town_export
        from portal.personal_data import declare_personal_data

        from .personal_data import LEDGER
        from .selectors import ledger_checksum, ledger_rule_broken

        declare_personal_data(LEDGER)
        declare_town_export(
            TownExport(
                app="ledger",
                models=("Account", "Transaction", "Entry"),
                checksums={"checksum": ledger_checksum},
                # (migrations/0002_ledger_rules.py; ledger_rule_broken checks the same)
                load_triggers=(
                    ("ledger_entry", "ledger_entry_balanced"),
                    ("ledger_transaction", "ledger_transaction_balanced"),
                ),
                load_check=ledger_rule_broken,
            )
        )
