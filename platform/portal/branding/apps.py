from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandingConfig(AppConfig):
    name = "portal.branding"
    label = "branding"
    verbose_name = "Branding"

    def ready(self) -> None:
        from portal.accounts.audit import register_audit_labels

        register_audit_labels({"published_pages_changed": _("Published pages changed")})
