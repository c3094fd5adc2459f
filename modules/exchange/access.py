"""Guards of the exchange's pages: the module must be switched on for the town."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse

from portal.module_access import module_required

View = Callable[..., HttpResponse]
MODULE = "exchange"


# A town that has not switched the exchange on answers 404 on all its pages.
exchange_enabled = module_required(MODULE)
