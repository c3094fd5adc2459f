"""Routing benchmark: a town's home page with LQ's routing vs the same page without routing.

    ./lq bench ops/bench/routing.py [--rounds 15] [--seconds 1.5] [--profile]

On a fresh database of its own it provisions one town, then starts one worker process per
variant (see routing_settings.py): plain (baseline: plain Django backend, no tenant routing),
fixed (django-tenants backend, schema set once), lq (TownRoutingMiddleware, cached),
lq-every (lq with a SET search_path before every query) and stock (TenantMainMiddleware).
Each worker calls Django's WSGI handler in-process (no HTTP server, one thread, persistent
database connection as in production) for GET / on the town's host. Rounds alternate the
variants so that noise from other load hits all of them alike. Reports requests/s medians,
the ratio to the baseline, database round trips per request (counted at the psycopg cursor,
so django-tenants' SET search_path counts too), and where the routing time goes.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import (
    Worker,
    backend_pid,
    bench_database,
    cpu_ns,
    median,
    put_on_path,
    setup_django,
    wsgi_environ,
)

VARIANTS = ["plain", "fixed", "lq", "lq-every", "stock"]
DESCRIPTIONS = {
    "plain": "baseline: plain Django, no tenant routing",
    "fixed": "django-tenants backend, schema set once",
    "lq": "LQ (cached routing, SET on town change)",
    "lq-every": "LQ routing, SET search_path per query",
    "stock": "django-tenants TenantMainMiddleware",
}
SLUG = "bench"


# --- worker side ---------------------------------------------------------------------------


def _requester(host: str) -> Callable[[], tuple[str, bytes]]:
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()

    def one() -> tuple[str, bytes]:
        status: list[str] = []

        def start_response(s: str, headers: Any, exc_info: Any = None) -> None:
            status.append(s)

        result = handler(wsgi_environ(host), start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()  # sends request_finished, as a WSGI server does
        return status[0], body

    return one


def _count(one: Callable[[], tuple[str, bytes]], n: int) -> dict[str, Any]:
    """Round trips per request at the driver (psycopg) and as Django sees them."""
    import psycopg
    from django.db import connection

    driver: list[str] = []
    django_seen: list[str] = []
    original_execute = psycopg.Cursor.execute
    original_executemany = psycopg.Cursor.executemany

    def execute(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        driver.append(query if isinstance(query, str) else repr(query))
        return original_execute(self, query, *args, **kwargs)

    def executemany(self: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        driver.append(str(query))
        return original_executemany(self, query, *args, **kwargs)

    def wrapper(execute_: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        django_seen.append(sql)
        return execute_(sql, params, many, context)

    psycopg.Cursor.execute = execute  # type: ignore[method-assign]
    psycopg.Cursor.executemany = executemany  # type: ignore[method-assign]
    try:
        last: list[str] = []
        for _ in range(n):
            before = len(driver)
            with connection.execute_wrapper(wrapper):
                one()
            last = driver[before:]
    finally:
        psycopg.Cursor.execute = original_execute  # type: ignore[method-assign]
        psycopg.Cursor.executemany = original_executemany  # type: ignore[method-assign]
    return {
        "driver": len(driver) / n,
        "django": len(django_seen) / n,
        "statements": [" ".join(s.split())[:110] for s in last],
    }


def _components(one: Callable[[], tuple[str, bytes]], n: int) -> dict[str, float]:
    """Microseconds per request spent in the routing middleware and in SET search_path."""
    from django.db import connections

    wrapper_class = type(connections["default"])

    spent = {"request": 0.0, "routing_middleware": 0.0, "set_search_path": 0.0}
    patches: list[tuple[Any, str, Any]] = []
    depth: dict[str, int] = {}

    def timed(owner: Any, name: str, key: str) -> None:
        owner = next(klass for klass in owner.__mro__ if name in klass.__dict__)
        original = owner.__dict__[name]

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            depth[key] = depth.get(key, 0) + 1
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                depth[key] -= 1
                if depth[key] == 0:  # the outermost call only (subclass calling super())
                    spent[key] += time.perf_counter() - start

        setattr(owner, name, wrapper)
        patches.append((owner, name, original))

    from django_tenants.middleware.main import TenantMainMiddleware

    from tenants.middleware import TownRoutingMiddleware

    timed(TenantMainMiddleware, "process_request", "routing_middleware")
    timed(TownRoutingMiddleware, "process_request", "routing_middleware")
    if hasattr(wrapper_class, "_handle_search_path"):
        timed(wrapper_class, "_handle_search_path", "set_search_path")
    try:
        start = time.perf_counter()
        for _ in range(n):
            one()
        spent["request"] = time.perf_counter() - start
    finally:
        for owner, name, original in patches:
            setattr(owner, name, original)
    return {key: value / n * 1e6 for key, value in spent.items()}


def _profile(one: Callable[[], tuple[str, bytes]], n: int) -> str:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        one()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(22)
    stats.sort_stats("cumulative").print_stats(
        r"middleware|_handle_search_path|set_tenant|clear_cache|town_for_host|set_tag|render"
    )
    return out.getvalue()


def _run(one: Callable[[], tuple[str, bytes]], seconds: float) -> dict[str, float]:
    """Requests/s for `seconds`, and CPU per request of this process and of its PostgreSQL backend.

    On a busy machine the rate swings with other load; CPU time per request does not (much),
    and client + server CPU bounds the rate of one synchronous worker on an idle machine.
    """
    backend = backend_pid()
    me = os.getpid()
    client_start, server_start = cpu_ns(me), cpu_ns(backend)
    deadline = time.perf_counter() + seconds
    count = 0
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        for _ in range(10):
            one()
        count += 10
    elapsed = time.perf_counter() - start
    same_backend = backend_pid() == backend
    return {
        "rps": count / elapsed,
        "client_us": (cpu_ns(me) - client_start) / count / 1e3,
        "server_us": (cpu_ns(backend) - server_start) / count / 1e3 if same_backend else math.nan,
    }


def worker() -> int:
    """Answer commands (one JSON line each) from the parent on stdin until 'quit'."""
    put_on_path()
    setup_django()
    one = _requester(os.environ["LQ_BENCH_HOST"])
    for line in sys.stdin:
        command = json.loads(line)
        action = command["action"]
        if action == "check":
            status, body = one()
            reply: dict[str, Any] = {
                "status": status,
                "bytes": len(body),
                "town_in_page": os.environ["LQ_BENCH_TOWN_NAME"].encode() in body,
            }
        elif action == "run":
            reply = _run(one, command["seconds"])
        elif action == "count":
            reply = _count(one, command["n"])
        elif action == "components":
            reply = _components(one, command["n"])
        elif action == "profile":
            reply = {"text": _profile(one, command["n"])}
        elif action == "quit":
            return 0
        else:
            reply = {"error": f"unknown action {action}"}
        print(json.dumps(reply), flush=True)
    return 0


# --- parent side ---------------------------------------------------------------------------


def prepare(towns: int) -> tuple[str, str, str]:
    from django.core.management import call_command
    from django.db import connections

    from portal.operators.services import provision_town
    from tenants.services import ensure_public_and_template, town_host

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    import contextlib

    with contextlib.redirect_stdout(io.StringIO()):
        ensure_public_and_template()
    town = provision_town(slug=SLUG, name="Benchhausen", admin_email="admin@bench.example")
    for i in range(1, towns):
        provision_town(slug=f"other-{i}", name=f"Other {i}", admin_email=f"a@o{i}.example")
    connections.close_all()
    return str(town.schema_name), town_host(SLUG), str(town.name)


def main() -> int:
    if "--worker" in sys.argv:
        return worker()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=1.5, help="per variant and round")
    parser.add_argument("--towns", type=int, default=3, help="towns in the database")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--component-requests", type=int, default=500)
    parser.add_argument("--profile-requests", type=int, default=500)
    parser.add_argument(
        "--profile", action="store_true", help="print cProfile tops (also when lq < 0.95x)"
    )
    args = parser.parse_args()
    variants = args.variants.split(",")
    assert variants[0] == "plain", "the first variant is the baseline"

    with bench_database():
        setup_django()
        schema, host, town_name = prepare(args.towns)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "routing_settings",
            "LQ_BENCH_SCHEMA": schema,
            "LQ_BENCH_HOST": host,
            "LQ_BENCH_TOWN_NAME": town_name,
            # One connection per worker for the whole run (CPU is read from its backend).
            "DB_CONN_MAX_AGE": "3600",
        }
        workers = {v: Worker(__file__, v, env) for v in variants}
        try:
            return run(workers, variants, args)
        finally:
            for w in workers.values():
                w.quit()


def run(workers: dict[str, Worker], variants: list[str], args: argparse.Namespace) -> int:
    checks = {v: workers[v].ask(action="check") for v in variants}
    for v, check in checks.items():
        if not check["status"].startswith("200") or not check["town_in_page"]:
            raise SystemExit(f"bench: variant {v} answered {check}")
    print("pages (bytes): " + ", ".join(f"{v} {c['bytes']}" for v, c in checks.items()))
    for v in variants:  # warm up: templates compiled, connection open, caches filled
        workers[v].ask(action="run", seconds=1.0)

    rps: dict[str, list[float]] = {v: [] for v in variants}
    cpu: dict[str, list[float]] = {v: [] for v in variants}
    client: dict[str, list[float]] = {v: [] for v in variants}
    server: dict[str, list[float]] = {v: [] for v in variants}
    for r in range(args.rounds):
        order = variants[r % len(variants) :] + variants[: r % len(variants)]
        for v in order:
            got = workers[v].ask(action="run", seconds=args.seconds)
            rps[v].append(got["rps"])
            if not math.isnan(got["server_us"]):
                client[v].append(got["client_us"])
                server[v].append(got["server_us"])
                cpu[v].append(got["client_us"] + got["server_us"])
        print(
            f"round {r + 1}: " + ", ".join(f"{v} {rps[v][-1]:.0f}/s" for v in variants),
            flush=True,
        )
    counts = {v: workers[v].ask(action="count", n=50) for v in variants}
    parts = {v: workers[v].ask(action="components", n=args.component_requests) for v in variants}

    base = median(rps["plain"])
    base_cpu = median(cpu["plain"])
    print(
        f"\nGET / of one town, {args.rounds} rounds x {args.seconds:g} s per variant, "
        "in-process WSGI, 1 thread, persistent connection"
    )
    print(
        f"\n{'variant':9} {'':42} {'req/s':>6} {'min':>5} {'max':>5} {'ratio':>6} "
        f"{'cpu us':>7} {'app':>6} {'pg':>6} {'ratio':>6} {'trips':>5} {'django':>6}"
    )
    for v in variants:
        med = median(rps[v])
        print(
            f"{v:9} {DESCRIPTIONS[v]:42} {med:6.0f} {min(rps[v]):5.0f} {max(rps[v]):5.0f} "
            f"{med / base:6.3f} {median(cpu[v]):7.0f} {median(client[v]):6.0f} "
            f"{median(server[v]):6.0f} {base_cpu / median(cpu[v]):6.3f} "
            f"{counts[v]['driver']:5.1f} {counts[v]['django']:6.1f}"
        )
    print(
        "\nreq/s: median of the rounds, ratio = against the baseline's median."
        "\ncpu us: CPU per request of the Python process (app) plus its PostgreSQL backend (pg),"
        "\n  medians; ratio = baseline CPU / variant CPU (the throughput ratio on an idle machine,"
        "\n  and far steadier than req/s while other jobs load the machine)."
        "\ntrips = statements psycopg sent per request; django = those Django's cursor saw."
    )
    print("\nStatements of one request:")
    for v in variants:
        print(f"  {v}:")
        for statement in counts[v]["statements"]:
            print(f"    {statement}")
    print(
        f"\nTime per request (us, measured apart from the rates above, "
        f"{args.component_requests} requests):"
    )
    print(f"  {'variant':9} {'request':>8} {'routing mw':>11} {'SET search_path':>16}")
    for v in variants:
        p = parts[v]
        print(
            f"  {v:9} {p['request']:8.0f} {p['routing_middleware']:11.1f} "
            f"{p['set_search_path']:16.1f}"
        )

    lq_ratio = base_cpu / median(cpu["lq"]) if "lq" in cpu else 1.0
    if args.profile or lq_ratio < 0.95:
        for v in [v for v in ("plain", "lq", "stock") if v in workers]:
            print(f"\ncProfile of {v}, {args.profile_requests} requests:")
            print(workers[v].ask(action="profile", n=args.profile_requests)["text"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
