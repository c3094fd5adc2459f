"""One sample-maker per module (and one for the platform's own routes).

`tests.harness.samples.<module key>.make_samples()` (`platform` for routes outside modules)
runs inside town A and creates real objects for every route of its module that takes URL
arguments; it returns `{route name: {URL kwarg: value}}`. A route whose arguments no maker
provides fails `test_every_route_has_samples`, so a new route is covered the day it is added.
"""

from __future__ import annotations

import importlib
from typing import Any

Samples = dict[str, dict[str, Any]]


def make_samples(module: str | None) -> Samples:
    """Run the sample-maker of `module` (None: the platform); {} when it has none."""
    name = module or "platform"
    try:
        maker = importlib.import_module(f"tests.harness.samples.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.harness.samples.{name}":
            raise
        return {}
    samples: Samples = maker.make_samples()
    return samples
