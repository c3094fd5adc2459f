"""The operator host's Django admin lists no town-only models (their tables are not there)."""

from django.contrib import admin


def test_no_town_module_model_is_registered_on_the_operator_admin() -> None:
    labels = {model._meta.app_label for model in admin.site._registry}
    assert not labels & {"exchange", "info", "directory", "branding"}
