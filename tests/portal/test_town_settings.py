"""The settings-row base every module's per-town settings derive from."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from portal.town_settings import TownSettingsRow

ROWS = [model for model in apps.get_models() if issubclass(model, TownSettingsRow)]


def test_every_module_keeps_its_settings_on_the_base() -> None:
    assert {model._meta.app_label for model in ROWS} == {
        "branding",
        "directory",
        "info",
        "exchange",
        "shop",
        "volunteer",
        "fund",
    }


@pytest.mark.parametrize("model", ROWS, ids=lambda model: model.__name__)
def test_reading_never_writes_and_a_town_has_one_row(in_town_a: Any, model: Any) -> None:
    # given a town that never saved its settings (the test towns are given published pages,
    # so they are taken away here; the test's transaction brings them back)
    model.objects.all().delete()
    # reading gives the defaults, unsaved
    assert model.current().pk is None
    assert model.objects.count() == 0
    # when a service needs the row, it is stored once
    first = model.stored()
    assert model.stored().pk == first.pk
    assert model.current().pk == first.pk
    # and a change locks that same row
    with transaction.atomic():
        assert model.locked().pk == first.pk
    # then the database refuses a second row
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create()
    assert model.objects.count() == 1


def test_other_towns_keep_their_own_rows(db: None, town_a: Any, town_b: Any) -> None:
    from django_tenants.utils import tenant_context

    from modules.exchange.models import ExchangeSettings

    with tenant_context(town_a):
        row = ExchangeSettings.stored()
        row.listing_days = 7
        row.save()
    with tenant_context(town_b):
        assert ExchangeSettings.current().listing_days == 60
