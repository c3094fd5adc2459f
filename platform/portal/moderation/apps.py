from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "portal.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from portal.accounts.audit import register_audit_labels
        from portal.personal_data import declare_personal_data

        from .personal_data import MODERATION

        declare_personal_data(MODERATION)

        register_audit_labels(
            {
                "content_reported": _("Content reported"),
                "content_hidden": _("Content hidden"),
                "content_restored": _("Content shown again"),
                "reports_dismissed": _("Reports dismissed"),
                "content_approved": _("Content approved"),
                "content_rejected": _("Content rejected"),
            }
        )
