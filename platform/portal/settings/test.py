"""Settings for `./lq test`: real PostgreSQL and Redis, e-mail kept in memory."""

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL
from .env import env_str

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
LQ_BASE_DOMAIN = "lq.test"
ALLOWED_HOSTS = [".lq.test", "lq.test", "testserver", "10.0.0.7"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Parallel test runs on one server pick their own database and Redis number.
DATABASES["default"]["TEST"] = {"NAME": env_str("LQ_TEST_DB", "test_lq")}
_TEST_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/" + env_str("LQ_TEST_REDIS_DB", "1")
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
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process when queued (the schema header still applies); the tests that check
# the worker-side schema rule start a real worker against Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Tests speak English (the msgids) unless a test chooses German; the German catalogue and
# the towns' German default have tests of their own (tests/portal/test_german.py).
LANGUAGE_CODE = "en"
