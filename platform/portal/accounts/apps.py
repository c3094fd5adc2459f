from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from celery.schedules import crontab
        from django.utils.translation import gettext_lazy as _

        from portal.personal_data import declare_personal_data
        from portal.registry import PeriodicTask, declare_platform_task

        from . import tasks
        from .audit import register_audit_labels
        from .personal_data import ACCOUNTS

        declare_personal_data(ACCOUNTS)
        # (the platform's town apps and Django's: what a town archive holds of them)
        from portal.continuity.platform_exports import declare_platform_exports

        declare_platform_exports()
        # Downloads of personal data expire after a week; their files must not stay behind.
        declare_platform_task(
            PeriodicTask(
                task=tasks.remove_expired_exports_task,
                schedule=crontab(hour=4, minute=40),
                name="accounts: remove expired data exports",
            )
        )
        register_audit_labels(
            {
                "account_deleted": _("Account deleted"),
                "data_export_requested": _("Data download requested"),
                "town_archive_requested": _("Archive of the whole town requested"),
                "town_archive_downloaded": _("Archive of the whole town downloaded"),
            }
        )
