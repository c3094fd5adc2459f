"""Settings of one spread-benchmark worker: bench settings, the worker's name on its connection.

The parent finds each worker's PostgreSQL backend in pg_stat_activity by application_name
(lq-spread-<variant>; the parent is lq-spread-parent); DB_CONN_MAX_TOWNS (portal.settings.base)
sets the recycling under test.
"""

import os

from bench_settings import *  # noqa: F403
from bench_settings import DATABASES

DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = "lq-spread-" + os.environ.get(
    "LQ_BENCH_VARIANT", "one"
)
