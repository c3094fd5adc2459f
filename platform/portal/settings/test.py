"""Settings for `./lq test`: real PostgreSQL and Redis, e-mail kept in memory."""

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, STATE_DIR
from .env import env_int, env_str

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
LQ_BASE_DOMAIN = "lq.test"
# No spare schemas: every test town is copied (tests/tenants/test_spare_schemas.py turns them on).
LQ_SPARE_SCHEMAS = 0
ALLOWED_HOSTS = [".lq.test", "lq.test", "testserver", "10.0.0.7"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Parallel test runs on one server pick their own database and Redis number. Within one run,
# each pytest-xdist worker (PYTEST_XDIST_WORKER = gw0, gw1, ...) has its own of everything:
# pytest-django suffixes the database name (test_lq_gw0, and the towns' schemas live in it);
# Redis numbers count up from LQ_TEST_REDIS_DB (gw0 -> 1, gw1 -> 2), since cache.clear() empties
# the whole number and the Celery broker of the real-worker tests lives there too; files too.
_XDIST_WORKER = env_str("PYTEST_XDIST_WORKER", "gw0")
_WORKER_INDEX = int(_XDIST_WORKER.removeprefix("gw") or "0")
DATABASES["default"]["TEST"] = {"NAME": env_str("LQ_TEST_DB", "test_lq")}
_TEST_REDIS_DB = env_int("LQ_TEST_REDIS_DB", 1) + _WORKER_INDEX
_TEST_REDIS = REDIS_URL.rsplit("/", 1)[0] + f"/{_TEST_REDIS_DB}"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _TEST_REDIS,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
CELERY_BROKER_URL = _TEST_REDIS
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # (tests/portal/continuity/test_backups.py points it at a tmp_path)
    "backups": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(STATE_DIR / "test" / _XDIST_WORKER / "backups")},
    },
    # Town archives for download and upload (portal.operators.town_archives): private too.
    "town_archives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(STATE_DIR / "test" / _XDIST_WORKER / "town-archives")},
    },
}
# Each test puts its uploads in its own tmp_path (tests/conftest.py); what runs outside a test
# (the session's towns) writes here, apart from `./lq run`'s files and the other workers'.
MEDIA_ROOT = STATE_DIR / "test" / _XDIST_WORKER / "media"
LQ_OUTBOX_DIR = STATE_DIR / "test" / _XDIST_WORKER / "outbox"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process when queued (the schema header still applies); the tests that check
# the worker-side schema rule start a real worker against Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Tests speak English (the msgids) unless a test chooses German; the German catalogue and
# the towns' German default have tests of their own (tests/portal/test_german.py).
LANGUAGE_CODE = "en"

# Billing: the tests start a fake Stripe per worker (tests/billing/stripe_server.py, fixture
# `stripe_fake`, which switches billing on against it); elsewhere billing is off, as on a
# deployment without a key.
STRIPE_API_KEY = ""
STRIPE_API_BASE = "http://127.0.0.1:9"  # discard: a test that forgot `stripe_fake` fails
STRIPE_WEBHOOK_SECRET = ""
STRIPE_IS_FAKE = True
