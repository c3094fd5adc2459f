"""Settings shared by every environment. Values that differ come from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF

from .env import env_bool, env_int, env_list, env_str

# Lets application code write ModelForm[User] … at run time too. DRF's serializers and
# generic views define __class_getitem__ themselves. Never import DRF here: its views read
# REST_FRAMEWORK when imported, before this module has defined it, and keep DRF's defaults
# (AllowAny, no token auth, no pagination, no error shape) for good.
django_stubs_ext.monkeypatch()

PLATFORM_DIR = Path(__file__).resolve().parent.parent.parent
ROOT_DIR = PLATFORM_DIR.parent
STATE_DIR = ROOT_DIR / ".lq"

SECRET_KEY = env_str("SECRET_KEY", "insecure-local-key-change-me")
DEBUG = env_bool("DEBUG", False)

# Towns live on <slug>.<LQ_BASE_DOMAIN>; the operator site on the bare base domain.
LQ_BASE_DOMAIN = env_str("LQ_BASE_DOMAIN", "localhost")
LQ_PUBLIC_SCHEME = env_str("LQ_PUBLIC_SCHEME", "http")
LQ_PUBLIC_PORT = env_str("LQ_PUBLIC_PORT", "")
# The name authenticator apps show next to the code.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "LQ")
# Proxies in front of the web server that append to X-Forwarded-For (the ingress: 1); the
# log-in limit per connection reads the visitor's address from there.
LQ_TRUSTED_PROXIES = env_int("LQ_TRUSTED_PROXIES", 0)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [LQ_BASE_DOMAIN, f".{LQ_BASE_DOMAIN}"])
# Seconds a web process trusts its cached host -> town map (suspension reaches other
# processes within this time; the process that changed a town forgets it at once).
LQ_TOWN_CACHE_SECONDS = env_int("LQ_TOWN_CACHE_SECONDS", 10)
# Copies of the template kept ready so that a new town is a schema rename, not a copy
# (tenants.spare_schemas); topped up after each new town and every ten minutes. 0: none.
LQ_SPARE_SCHEMAS = env_int("LQ_SPARE_SCHEMAS", 3)
# Seconds the home page's module panels (next events, news, the fund) stay in the town's
# cache: what they show may be this old; 0 reads them on every visit.
LQ_HOME_PANEL_SECONDS = env_int("LQ_HOME_PANEL_SECONDS", 60)

SHARED_APPS = [
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "portal.accounts",
    # Users live in both schemas, so do their second-step devices (operators must use one).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tenants",
    "portal.operators",
    "billing.subscriptions",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
    "django.contrib.messages",
    "rest_framework.authtoken",
    "portal.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "portal.branding",
    "portal.moderation",
    "portal.behalf",
    "portal.letters",
    "portal.notifications",
    "portal.search",
    "portal.dashboard",
    "portal.mail_log",
    "modules.directory",
    "modules.info",
    "modules.exchange",
    "modules.shop",
    "modules.fund",
    "modules.volunteer",
    "billing.ledger",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Town"
TENANT_DOMAIN_MODEL = "tenants.Domain"
TENANT_BASE_SCHEMA = "lq_template"
TENANT_CREATION_FAKES_MIGRATIONS = True
# One `SET search_path` per schema change instead of one before every query (about 8 % of a
# small page; see ops/bench/README.md). django-tenants forgets the setting on rollback,
# savepoint rollback, close and every set_tenant; tests/tenants/test_search_path_leaks.py
# proves that no path leaks. Never combine with PgBouncer transaction pooling.
TENANT_LIMIT_SET_CALLS = True
PUBLIC_SCHEMA_URLCONF = "portal.urls_public"
ROOT_URLCONF = "portal.urls_town"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "portal.health.HealthCheckMiddleware",
    # First, so that the answers routing gives itself (unknown host, bad address) carry it too.
    "csp.middleware.CSPMiddleware",
    "tenants.middleware.TownRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tenants.middleware.TownLocaleMiddleware",
    "tenants.middleware.TownStatusMiddleware",
    # After the locale (the town's time zone decides which day it is).
    "portal.dashboard.seen.SeenDayMiddleware",
    # After password, the second step: operators always, anyone who set it up, and town
    # administrators where the town requires it (kept here so it survives moving the
    # operator site's views).
    "portal.accounts.two_factor_middleware.TwoFactorMiddleware",
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgresql://postgres@127.0.0.1:54329/lq"),
        # django-tenants' backend that also skips a SET the server already has.
        engine="tenants.postgresql_backend",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
# On Citus (ops/citus.md): every schema this application creates (a new town's, by
# tenants.template_copy) becomes a distributed schema, placed whole on one worker node. A
# session setting, so nothing else changes; plain PostgreSQL keeps it as an unused placeholder.
LQ_CITUS_SCHEMA_SHARDING = env_bool("LQ_CITUS_SCHEMA_SHARDING", False)
if LQ_CITUS_SCHEMA_SHARDING:
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        _options.get("options", "") + " -c citus.enable_schema_based_sharding=on"
    ).strip()
# Close a database connection after it has served more than this many towns (0: never). Each
# PostgreSQL backend keeps the catalog entries of every town it has served; this bounds them.
LQ_DB_CONN_MAX_TOWNS = env_int("DB_CONN_MAX_TOWNS", 0)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:63799/0")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Every key carries the current schema, so towns never read each other's entries.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Host-only cookies: a session of one town is never sent to another town's host.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# No inline script and no inline style attributes anywhere: a town's colours come in one
# <style> block carrying the request's nonce (base.html); everything else is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.branding.context_processors.town",
                "portal.navigation.navigation",
                "portal.notifications.context_processors.unread_notifications",
            ],
            # The portal package is no app; its tags are named here (`{% load icons %}`).
            "libraries": {"icons": "portal.templatetags.icons"},
        },
    }
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [PLATFORM_DIR / "portal" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ROOT_DIR / "staticfiles"
STATICFILES_DIRS = [PLATFORM_DIR / "portal" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(STATE_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    # Files are stored under the town's schema name (django-tenants' storage).
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Town backups (portal.continuity.backups, ops/backups.md): private, never under MEDIA_URL.
    "backups": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("LQ_BACKUP_DIR", str(STATE_DIR / "backups"))},
    },
    # Town archives for download and upload (portal.operators.town_archives): private too.
    "town_archives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("LQ_TOWN_ARCHIVE_DIR", str(STATE_DIR / "town-archives"))},
    },
}
# Retention: the newest backup of each of the last N days and of each of the last N weeks.
LQ_BACKUP_KEEP_DAILY = env_int("LQ_BACKUP_KEEP_DAILY", 7)
LQ_BACKUP_KEEP_WEEKLY = env_int("LQ_BACKUP_KEEP_WEEKLY", 4)
# A town archive made for download is kept this long; a download link shown is valid this long.
LQ_TOWN_ARCHIVE_KEEP_HOURS = env_int("LQ_TOWN_ARCHIVE_KEEP_HOURS", 48)
LQ_TOWN_ARCHIVE_LINK_SECONDS = env_int("LQ_TOWN_ARCHIVE_LINK_SECONDS", 3600)
WHITENOISE_USE_FINDERS = DEBUG
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A business's uploaded video clip (the shop): larger files are refused with a message.
SHOP_VIDEO_MAX_BYTES = env_int("SHOP_VIDEO_MAX_BYTES", 50 * 1024 * 1024)

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "LQ <no-reply@localhost>")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
LQ_OUTBOX_DIR = STATE_DIR / "outbox"
# The mail provider's bounce webhook (/mail/bounces/ on the operator host) sends this as
# "Authorization: Bearer ..."; empty refuses every bounce report. LQ_BOUNCE_WEBHOOK_SECRET_FILE too.
LQ_BOUNCE_WEBHOOK_SECRET = env_str("LQ_BOUNCE_WEBHOOK_SECRET", "")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a bad token then gets 401 with a WWW-Authenticate header, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.TownAutoSchema",
    # JSON only (the pages use forms, the API takes none), through a parser with a nesting
    # limit: a deeply nested body was a RecursionError, a 500.
    "DEFAULT_PARSER_CLASSES": ["portal.api.parsers.DepthLimitedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.TownPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "portal.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LQ town API",
    "DESCRIPTION": "The REST API of one town's citizen portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request and response shapes differ (read-only fields, input patterns): separate
    # components keep both true, and generated clients get the right types.
    "COMPONENT_SPLIT_REQUEST": True,
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}

# Billing through Stripe (billing/subscriptions). Without a key billing is switched off and says
# so on the operator site and in the console; `./lq run` and `./lq test` point these at the
# local fake Stripe server (ops/localstripe_server.py).
STRIPE_API_KEY = env_str("STRIPE_API_KEY", "")
STRIPE_API_BASE = env_str("STRIPE_API_BASE", "https://api.stripe.com")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
# How old a signed webhook may be (seconds), as Stripe's own default.
STRIPE_WEBHOOK_TOLERANCE = env_int("STRIPE_WEBHOOK_TOLERANCE", 300)
# True against localstripe: calls it lacks are not made (see billing/subscriptions/README.md).
STRIPE_IS_FAKE = env_bool("STRIPE_IS_FAKE", False)
# Days after an invoice's due date before a town is flagged and mailed as overdue.
BILLING_DUNNING_GRACE_DAYS = env_int("BILLING_DUNNING_GRACE_DAYS", 14)
# Days a provider has to pay a fee invoice.
BILLING_PROVIDER_DAYS_UNTIL_DUE = env_int("BILLING_PROVIDER_DAYS_UNTIL_DUE", 14)

SENTRY_DSN = env_str("SENTRY_DSN", "-")
if SENTRY_DSN != "-":
    from portal.observability import init_sentry

    init_sentry(SENTRY_DSN, environment=env_str("SENTRY_ENVIRONMENT", "production"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "portal.log_filters.DropClientErrorTracebacks"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # 403s and friends: one WARNING line each, no traceback.
    "loggers": {"django.request": {"filters": ["client_errors"]}},
}
