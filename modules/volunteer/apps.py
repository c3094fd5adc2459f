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
        from .search_provider import search_groups

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
                # help: services, requests, messages
                notification_kinds=NOTIFICATION_KINDS,
                search=search_groups,
                audit_labels={
                    "volunteer_service_created": _("Volunteer service offered"),
                    "volunteer_service_changed": _("Volunteer service changed"),
                    "volunteer_request_sent_for": _("Help requested for a resident"),
                    "volunteer_request_cancelled_for": _("Help request cancelled for a resident"),
                    "volunteer_request_approved": _("Help request approved"),
                    "volunteer_request_refused": _("Help request not approved"),
                    "volunteer_request_assigned": _("Helper assigned to a request"),
                    "volunteer_request_cancelled": _("Help request cancelled by the coordinator"),
                },
            )
        )
