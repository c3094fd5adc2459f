"""Switching the fund (or the shop) off in town A for one test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tenants.models import Town
from tenants.routing import forget_towns


@pytest.fixture
def switch_off(town_a: Town) -> Iterator[Callable[[str], None]]:
    def off(module: str) -> None:
        modules = [key for key in Town.objects.get(pk=town_a.pk).enabled_modules if key != module]
        Town.objects.filter(pk=town_a.pk).update(enabled_modules=modules)
        forget_towns()  # the host -> town map is cached

    yield off
    forget_towns()
