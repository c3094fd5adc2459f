from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from portal.personal_data import declare_personal_data

        from .audit import register_audit_labels
        from .personal_data import ACCOUNTS

        declare_personal_data(ACCOUNTS)
        register_audit_labels(
            {
                "account_deleted": _("Account deleted"),
                "data_export_requested": _("Data download requested"),
            }
        )
