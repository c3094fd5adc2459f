"""Settings for `./lq bench`: the test settings on a database and Redis number of the bench's own.

The benchmark scripts set LQ_BENCH_DB (lq_bench_<pid>) before Django starts.
"""

import os

from portal.settings.test import *  # noqa: F403
from portal.settings.test import CACHES, DATABASES, REDIS_URL

DATABASES["default"]["NAME"] = os.environ["LQ_BENCH_DB"]
# Persistent connections, as in production (portal.settings.production).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "300"))
_BENCH_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/" + os.environ.get("LQ_BENCH_REDIS_DB", "3")
CACHES["default"]["LOCATION"] = _BENCH_REDIS
CELERY_BROKER_URL = _BENCH_REDIS
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
