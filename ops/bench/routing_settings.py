"""Settings of one routing-benchmark worker: LQ_BENCH_VARIANT picks the routing under test.

plain     plain Django PostgreSQL backend, search_path fixed by the connection's options,
          the town object loaded once (baseline: no tenant routing at all)
fixed     django-tenants backend, schema set once at start, no routing middleware
lq        the application's settings: TownRoutingMiddleware with the cached host -> town map
          and TENANT_LIMIT_SET_CALLS = True (one SET search_path per request; the leak tests
          are tests/tenants/test_search_path_leaks.py)
lq-every  as lq, but SET search_path before every query (django-tenants' default)
stock     django-tenants' defaults: TenantMainMiddleware (a domain query on every request)
          and a SET before every query
"""

import os

from bench_settings import *  # noqa: F403
from bench_settings import DATABASES, MIDDLEWARE

VARIANT = os.environ.get("LQ_BENCH_VARIANT", "lq")
_SCHEMA = os.environ.get("LQ_BENCH_SCHEMA", "town_bench")
_ROUTING = "tenants.middleware.TownRoutingMiddleware"
_FIXED = "bench_middleware.FixedTownMiddleware"


def _routing(replacement: str) -> list[str]:
    assert _ROUTING in MIDDLEWARE
    return [replacement if name == _ROUTING else name for name in MIDDLEWARE]


if VARIANT == "plain":
    DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
    DATABASES["default"]["OPTIONS"] = {"options": f"-c search_path={_SCHEMA},public"}
    MIDDLEWARE = _routing(_FIXED)
elif VARIANT == "fixed":
    TENANT_LIMIT_SET_CALLS = False
    MIDDLEWARE = _routing(_FIXED)
elif VARIANT == "lq":
    TENANT_LIMIT_SET_CALLS = True
elif VARIANT == "lq-every":
    TENANT_LIMIT_SET_CALLS = False
elif VARIANT == "stock":
    TENANT_LIMIT_SET_CALLS = False
    MIDDLEWARE = _routing("django_tenants.middleware.main.TenantMainMiddleware")
else:
    raise ValueError(f"unknown LQ_BENCH_VARIANT {VARIANT!r}")
