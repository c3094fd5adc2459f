from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "portal.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"

    def ready(self) -> None:
        from portal.personal_data import declare_personal_data

        from .personal_data import DASHBOARD

        declare_personal_data(DASHBOARD)
