"""Settings for the container image: secrets and hosts come from the environment."""

from .backup_bucket import s3_backups_storage
from .base import *  # noqa: F403
from .base import DATABASES
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
# Rotating the key (ops/runbooks.md): the old one listed here, comma-separated, keeps the
# links already mailed, sessions and password-reset links valid until they expire.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
LQ_PUBLIC_SCHEME = "https"
# ingress-nginx (helm/lq) terminates TLS and sets X-Forwarded-Proto itself, replacing what a
# client sends; gunicorn runs with --forwarded-allow-ips=* behind it. Never expose the pods.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the cluster's ingress, REMOTE_ADDR is the ingress: one shared log-in limit for all.
LQ_TRUSTED_PROXIES = env_int("LQ_TRUSTED_PROXIES", 1)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30)
# Every town is a subdomain of the base domain, all behind the one wildcard certificate.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading binds the whole registered domain for years: only for a domain that is ours
# alone (not a customer's subdomain), so it is opt-in.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Cap connection lifetime: each connection's catalog cache grows with the towns it visits.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# ... and the towns it serves: a backend keeps ~0.5 MB of catalog entries per town served;
# closed after 100 towns it stays under 100 MB (ops/bench/README.md, "Traffic over many towns").
LQ_DB_CONN_MAX_TOWNS = env_int("DB_CONN_MAX_TOWNS", 100)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "backups": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("LQ_BACKUP_DIR", "/var/lib/lq/backups")},
    },
    # Town archives for download and upload (portal.operators.town_archives): private too.
    "town_archives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("LQ_TOWN_ARCHIVE_DIR", "/var/lib/lq/town-archives")},
    },
}
# An S3-compatible bucket for the town backups (ops/backups.md, settings/backup_bucket.py):
# credentials come from the environment (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) or boto3's
# default chain (IRSA), never from here.
if env_str("LQ_BACKUP_BUCKET", ""):
    STORAGES["backups"] = s3_backups_storage(
        bucket=env_str("LQ_BACKUP_BUCKET"),
        endpoint_url=env_str("LQ_BACKUP_ENDPOINT_URL", ""),
        region=env_str("LQ_BACKUP_REGION", ""),
        prefix=env_str("LQ_BACKUP_PREFIX", "town-backups"),
    )
    # The town archives made for download and uploaded for import go to the same bucket
    # under their own prefix: the web and worker pods share no disk, and a download is
    # handed out as a signed address of the bucket (portal.operators.archive_views).
    STORAGES["town_archives"] = s3_backups_storage(
        bucket=env_str("LQ_BACKUP_BUCKET"),
        endpoint_url=env_str("LQ_BACKUP_ENDPOINT_URL", ""),
        region=env_str("LQ_BACKUP_REGION", ""),
        prefix=env_str("LQ_TOWN_ARCHIVE_PREFIX", "town-archives"),
    )
