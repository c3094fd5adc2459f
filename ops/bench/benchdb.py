"""A database of the benchmark's own: created before Django starts, dropped when it ends.

Every benchmark runs against `lq_bench_<pid>` on the server of DATABASE_URL (never the
databases `lq` or `test_lq*`, which belong to development and tests) with the settings module
`bench_settings` (or one built on it), found on sys.path next to this file.
"""

from __future__ import annotations

import io
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent.parent
DEFAULT_URL = "postgresql://postgres@127.0.0.1:54329/lq"


def put_on_path() -> None:
    """platform/ (source root), the checkout and ops/bench/ (the bench settings) on sys.path."""
    for folder in (BENCH_DIR, ROOT, ROOT / "platform"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))


def _server_url() -> str:
    import dj_database_url

    parsed = dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_URL))
    user = parsed.get("USER") or "postgres"
    password = f":{parsed['PASSWORD']}" if parsed.get("PASSWORD") else ""
    host = parsed.get("HOST") or "127.0.0.1"
    port = parsed.get("PORT") or 5432
    return f"postgresql://{user}{password}@{host}:{port}/postgres"


def _check_name(name: str) -> None:
    if not name.startswith("lq_bench_") or not name.replace("_", "").isalnum():
        raise SystemExit(f"bench: refusing to use database {name!r} (only lq_bench_*)")


def create_database(name: str) -> None:
    import psycopg

    _check_name(name)
    with psycopg.connect(_server_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str, patience: float = 120) -> None:
    """Drop the database; a backend busy in clone_schema() can take a while to terminate."""
    import psycopg

    _check_name(name)
    deadline = time.monotonic() + patience
    with psycopg.connect(_server_url(), autocommit=True) as conn:
        while True:
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                return
            except psycopg.errors.ObjectInUse:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)


def drop_stale_databases() -> None:
    """Drop lq_bench_<pid> databases whose benchmark process no longer runs (killed runs)."""
    import psycopg

    with psycopg.connect(_server_url(), autocommit=True) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT datname FROM pg_database WHERE datname ~ '^lq_bench_[0-9]+$'"
            ).fetchall()
        ]
    for name in names:
        pid = int(name.rsplit("_", 1)[1])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print(f"bench: dropping stale database {name}", flush=True)
            drop_database(name)
        except PermissionError:
            pass


def _raise_on_term(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@contextmanager
def bench_database(settings_module: str = "bench_settings") -> Iterator[str]:
    """Create lq_bench_<pid>, point Django at it, and drop it afterwards (also on Ctrl-C/TERM)."""
    name = f"lq_bench_{os.getpid()}"
    put_on_path()
    os.environ["LQ_BENCH_DB"] = name
    # Forced, not defaulted: portal.settings.test would point at the database `lq`.
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    signal.signal(signal.SIGTERM, _raise_on_term)
    drop_stale_databases()
    create_database(name)
    print(f"bench: created database {name}", flush=True)
    try:
        yield name
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception as exc:  # Django may not be set up yet
            print(f"bench: closing connections: {exc}", file=sys.stderr)
        drop_database(name)
        print(f"bench: dropped database {name}", flush=True)


def setup_django() -> None:
    import django

    django.setup()


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def cpu_ns(pid: int) -> int:
    """CPU time a process has used, in ns (the kernel's schedstat; not inflated by waiting
    for a core on a busy machine, unlike wall time)."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def backend_pid() -> int:
    """The process id of the default connection's PostgreSQL backend (connects if needed)."""
    from django.db import connections

    wrapper = connections["default"]
    wrapper.ensure_connection()
    return int(wrapper.connection.info.backend_pid)


class Worker:
    """A bench script run again as `<script> --worker` with LQ_BENCH_VARIANT set: one JSON
    command per line in, one JSON reply per line out."""

    def __init__(self, script: str, variant: str, env: dict[str, str]) -> None:
        self.variant = variant
        self.proc = subprocess.Popen(
            [sys.executable, script, "--worker"],
            cwd=ROOT,
            env={**env, "LQ_BENCH_VARIANT": variant},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, **command: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"bench: worker {self.variant} died (exit {self.proc.wait()})")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def quit(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps({"action": "quit"}) + "\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def wsgi_environ(host: str, path: str = "/") -> dict[str, Any]:
    """A plain GET of `path` on `host`, as a WSGI server hands it to Django."""
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "text/html",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
