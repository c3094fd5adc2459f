from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.personal_data import declare_personal_data
        from portal.registry import PeriodicTask, declare_platform_task

        from . import tasks
        from .personal_data import NOTIFICATIONS

        declare_personal_data(NOTIFICATIONS)

        # In the morning, after the night's module tasks, before people read their mail.
        declare_platform_task(
            PeriodicTask(
                task=tasks.plan_daily_digests,
                schedule=crontab(hour=7, minute=0),
                name="notifications: daily digests",
            )
        )
        declare_platform_task(
            PeriodicTask(
                task=tasks.plan_weekly_digests,
                schedule=crontab(day_of_week=1, hour=7, minute=30),
                name="notifications: weekly digests",
            )
        )
