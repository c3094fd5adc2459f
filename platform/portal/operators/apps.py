from django.apps import AppConfig


class OperatorsConfig(AppConfig):
    """The operator site on the bare base domain: onboarding, lifecycle, support entry."""

    name = "portal.operators"
    label = "operators"
    verbose_name = "Operators"

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.registry import PeriodicTask, declare_public_task

        from . import tasks

        declare_public_task(
            PeriodicTask(
                task=tasks.top_up_spare_schemas,
                schedule=crontab(minute="*/10"),  # (and after each new town)
                name="operators: top up spare town schemas",
            )
        )
        declare_public_task(
            PeriodicTask(
                task=tasks.back_up_towns,
                schedule=crontab(hour=2, minute=41),  # (UTC, nightly; ops/backups.md)
                name="operators: back up towns",
            )
        )
        declare_public_task(
            PeriodicTask(
                task=tasks.remove_expired_town_archives,
                schedule=crontab(minute=17),  # (hourly)
                name="operators: remove expired town archives",
            )
        )
