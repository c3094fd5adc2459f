"""`manage.py check --deploy` with the production settings reports nothing."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_deploy_checks(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LQ_BASE_DOMAIN": "lq.example",
        "DATABASE_URL": "postgresql://lq@db.internal:5432/lq",
        "REDIS_URL": "redis://redis.internal:6379/0",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def reported(result: subprocess.CompletedProcess[str]) -> list[str]:
    lines = (result.stdout + result.stderr).splitlines()
    # drf-spectacular's schema warnings are the OpenAPI work's (issue 6, schemathesis part).
    return [line for line in lines if line.startswith("?: (") and "drf_spectacular" not in line]


def test_production_settings_pass_the_deploy_checks() -> None:
    result = run_deploy_checks()
    assert reported(result) == [], result.stdout + result.stderr


BUCKET_ENV = {
    "LQ_BACKUP_BUCKET": "lq-backups",
    "LQ_BACKUP_ENDPOINT_URL": "https://fra1.digitaloceanspaces.com",
    "LQ_BACKUP_REGION": "fra1",
    "LQ_BACKUP_PREFIX": "nightly",
}


def test_production_settings_with_a_backup_bucket_pass_the_deploy_checks() -> None:
    result = run_deploy_checks(**BUCKET_ENV)
    assert reported(result) == [], result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_the_backup_buckets_keys_come_from_the_environment_not_the_settings() -> None:
    # given the bucket and its keys in the environment, as the chart passes them
    key, secret = "LQTESTKEY" + secrets.token_hex(4), secrets.token_urlsafe(30)
    code = (
        "import django; django.setup();"
        "from django.conf import settings as s;"
        "from django.core.files.storage import storages;"
        "b = storages['backups'];"
        "print(type(b).__name__, b.bucket_name, b.endpoint_url, b.region_name, b.location,"
        " b.default_acl, b.querystring_auth, b.file_overwrite, b.max_memory_size);"
        "print(b.access_key, b.secret_key);"
        "print([n for n in dir(s) if n.startswith('AWS_')], repr(s.STORAGES))"
    )
    result = subprocess.run(  # noqa: S603 (a constant program)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("AWS_")},
            "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "AWS_ACCESS_KEY_ID": key,
            "AWS_SECRET_ACCESS_KEY": secret,
            **BUCKET_ENV,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    storage, keys, in_settings = result.stdout.splitlines()[:3]
    # then the backups go to the bucket: no ACL sent (private to the bucket's owner), signed
    # URLs, nothing replaced, reads spooled to disk past 1 MiB
    assert storage == (
        "S3Storage lq-backups https://fra1.digitaloceanspaces.com fra1 nightly"
        " None True False 1048576"
    ), result.stderr
    # and the storage has the keys from the environment, which no setting holds
    assert keys == f"{key} {secret}"
    assert in_settings.startswith("[] ") and key not in in_settings and secret not in in_settings


def test_the_deploy_checks_do_object_to_a_weak_setup() -> None:
    # A short secret key and no HSTS are reported: the check above can fail.
    result = run_deploy_checks(SECRET_KEY="short", SECURE_HSTS_SECONDS="0")
    found = " ".join(reported(result))
    assert "security.W009" in found and "security.W004" in found


def test_production_cookies_and_hsts() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_DOMAIN, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(  # noqa: S603 (a constant program)
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": f"{ROOT / 'platform'}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split("\n")[0] == (
        "True True True False None ('HTTP_X_FORWARDED_PROTO', 'https')"
    ), result.stderr


def dockerfile_env(dockerfile: Path) -> dict[str, str]:
    """The ENV block(s) of the image: KEY=value pairs over continued lines, comments skipped."""
    lines = [line.strip() for line in dockerfile.read_text().splitlines()]
    env: dict[str, str] = {}
    instruction = ""
    for line in lines:
        if line.startswith("#") or not line:
            continue
        continued = line.endswith("\\")
        instruction += " " + line.rstrip("\\")
        if not continued:
            words = instruction.split()
            if words[0] == "ENV":
                env.update(word.split("=", 1) for word in words[1:])  # type: ignore[misc]
            instruction = ""
    return env


def test_the_image_entrypoint_passes_the_deploy_checks_with_the_charts_env(tmp_path: Path) -> None:
    # The image's ENV (ops/Dockerfile, /app being this checkout) and the web pod's env as the
    # chart renders it for the large installation, the secret's keys filled in; nothing else of
    # this machine's environment. Docker is not usable here, so the image's command runs as a
    # subprocess on the image's Python version and dependencies (the project's virtualenv).
    from ops import helm_render

    image = {
        k: v.replace("/app", str(ROOT)) for k, v in dockerfile_env(ROOT / "ops/Dockerfile").items()
    }
    assert image["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
    manifests = helm_render.manifests(ROOT / "helm/lq/values-large.yaml")
    web = next(
        m for m in manifests if m["metadata"]["name"] == "lq-web" and m["kind"] == "Deployment"
    )
    secrets_ = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgresql://lq@db.internal:5432/lq",
        "REDIS_URL": "redis://redis.internal:6379/0",
        "SENTRY_DSN": "",
        "EMAIL_HOST_PASSWORD": secrets.token_urlsafe(16),
    }
    pod: dict[str, str] = {}
    for entry in web["spec"]["template"]["spec"]["containers"][0]["env"]:
        if "value" in entry:
            pod[entry["name"]] = entry["value"]
        elif entry["name"] in secrets_:
            pod[entry["name"]] = secrets_[entry["name"]]
        else:  # a key the Secret may lack (the Stripe keys, the previous SECRET_KEY …)
            assert entry["valueFrom"]["secretKeyRef"].get("optional") is True, entry["name"]
    assert pod["LQ_CITUS_SCHEMA_SHARDING"] == "true" and pod["SECURE_SSL_REDIRECT"] == "true"
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        **image,
        **pod,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    # The entrypoint's own command (exit status at Django's default fail level, ERROR); every
    # warning but drf-spectacular's (see reported()) fails the test as well.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert reported(result) == [], result.stdout + result.stderr
    assert "security." not in result.stdout + result.stderr
