from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "billing.subscriptions"
    label = "subscriptions"
    verbose_name = "Billing"

    def ready(self) -> None:
        from celery.schedules import crontab

        from portal.registry import PeriodicTask, declare_public_task

        from . import tasks

        declare_public_task(
            PeriodicTask(
                task=tasks.reconcile_with_stripe,
                schedule=crontab(minute=40),  # hourly: a lost webhook is repaired within one
                name="billing: reconcile with Stripe",
            )
        )
        declare_public_task(
            PeriodicTask(
                task=tasks.town_dunning,
                schedule=crontab(hour=8, minute=15),
                name="billing: town dunning",
            )
        )
