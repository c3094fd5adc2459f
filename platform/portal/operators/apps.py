from django.apps import AppConfig


class OperatorsConfig(AppConfig):
    """The operator site on the bare base domain: onboarding, lifecycle, support entry."""

    name = "portal.operators"
    label = "operators"
    verbose_name = "Operators"
