from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BehalfConfig(AppConfig):
    """Acting on behalf of a resident: managed residents and their consent records."""

    name = "portal.behalf"
    label = "behalf"
    verbose_name = "Acting on behalf"

    def ready(self) -> None:
        from portal.accounts.audit import register_audit_labels
        from portal.personal_data import declare_personal_data

        from .personal_data import BEHALF

        declare_personal_data(BEHALF)

        register_audit_labels(
            {
                "behalf_resident_created": _("Managed resident created"),
                "behalf_resident_invited": _("Managed resident invited to a full account"),
                "behalf_consent_given": _("Consent to act on someone's behalf recorded"),
                "behalf_consent_revoked": _("Consent to act on someone's behalf revoked"),
            }
        )
