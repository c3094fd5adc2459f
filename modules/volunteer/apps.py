from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_demo(*, town: Any) -> None:
    from .demo import load_demo

    load_demo(town=town)


class VolunteerConfig(AppConfig):
    name = "modules.volunteer"
    label = "volunteer"

    def ready(self) -> None:
        from portal.registry import TownModule, declare_module

        from .notification_kinds import NOTIFICATION_KINDS
        from .scopes import CONSENT_SCOPES

        declare_module(
            TownModule(
                key="volunteer",
                app=self.name,
                label=_("Neighbourly help"),
                pictogram="volunteer",
                urls="modules.volunteer.urls",
                api_urls="modules.volunteer.api.urls",
                load_demo=_load_demo,
                consent_scopes=CONSENT_SCOPES,
                notification_kinds=NOTIFICATION_KINDS,
                audit_labels={
                    # --- rides ---
                    "volunteer_ride_booked_for": _("Ride booked for a resident"),
                    "volunteer_ride_cancelled_for": _("Ride cancelled for a resident"),
                    "volunteer_series_booked_for": _("Repeating ride booked for a resident"),
                    "volunteer_series_cancelled_for": _("Repeating ride cancelled for a resident"),
                    # --- end rides ---
                },
            )
        )
