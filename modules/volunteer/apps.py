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
        from celery.schedules import crontab

        from portal.continuity import TownExport
        from portal.registry import PeriodicTask, TownModule, declare_module

        from . import tasks
        from .area import personal_area
        from .notification_kinds import NOTIFICATION_KINDS
        from .personal_data import VOLUNTEER
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
                notification_kinds=NOTIFICATION_KINDS,
                personal_data=VOLUNTEER,
                export=TownExport(
                    app="volunteer",
                    models=(
                        "VolunteerSettings",
                        "Service",
                        "DemandEvent",
                        "Helper",
                        "Check",
                        "VettingEvent",
                        "HelpRequest",
                        "Message",
                        "Vehicle",
                        "RideSeries",
                        "Ride",
                        "DriverFeed",
                    ),
                ),
                search=search_groups,
                personal_area=personal_area,
                periodic_tasks=(
                    # Early in the morning town time: a check valid until yesterday has
                    # ended; the reminders arrive with the day's first mail.
                    PeriodicTask(
                        task=tasks.check_expiry,
                        schedule=crontab(minute=20, hour=6),
                        name="volunteer: check expiry",
                    ),
                ),
                audit_labels={
                    # vetting
                    "volunteer_helper_joined": _("Offered to help in a volunteer service"),
                    "volunteer_helper_left": _("Left a volunteer service"),
                    "volunteer_helper_vetted": _("Volunteer vetted"),
                    "volunteer_helper_refused": _("Volunteer not accepted"),
                    "volunteer_helper_suspended": _("Volunteer suspended"),
                    "volunteer_helper_reinstated": _("Volunteer reinstated"),
                    "volunteer_helper_check_recorded": _("Volunteer's check recorded"),
                    "volunteer_helper_check_expired": _("Volunteer's check expired"),
                    # help: services, requests, messages
                    "volunteer_service_created": _("Volunteer service offered"),
                    "volunteer_service_changed": _("Volunteer service changed"),
                    "volunteer_request_sent_for": _("Help requested for a resident"),
                    "volunteer_request_cancelled_for": _("Help request cancelled for a resident"),
                    "volunteer_request_approved": _("Help request approved"),
                    "volunteer_request_refused": _("Help request not approved"),
                    "volunteer_request_assigned": _("Helper assigned to a request"),
                    "volunteer_request_unassigned": _("Helper taken off a request"),
                    "volunteer_request_cancelled": _("Help request cancelled by the coordinator"),
                    # rides
                    "volunteer_ride_booked_for": _("Ride booked for a resident"),
                    "volunteer_ride_cancelled_for": _("Ride cancelled for a resident"),
                    "volunteer_ride_assigned": _("Ride assigned by the dispatcher"),
                    "volunteer_ride_unassigned": _("Driver taken off a ride by the dispatcher"),
                    "volunteer_ride_cancelled": _("Ride cancelled by the dispatcher"),
                    "volunteer_series_booked_for": _("Repeating ride booked for a resident"),
                    "volunteer_series_cancelled_for": _("Repeating ride cancelled for a resident"),
                },
            )
        )
