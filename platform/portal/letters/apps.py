from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    """The quarterly e-letter of a town (a town app: its tables live in every town schema)."""

    name = "portal.letters"
    label = "letters"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal.accounts.audit import register_audit_labels
        from portal.personal_data import declare_personal_data

        from .personal_data import LETTERS

        declare_personal_data(LETTERS)

        register_audit_labels(
            {
                "letter_started": _("E-letter started"),
                "letter_sent": _("E-letter sent"),
                "letter_resent_uncertain": _("E-letter sent again where it was uncertain"),
            }
        )
