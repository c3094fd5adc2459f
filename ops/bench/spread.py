"""Traffic spread over many towns: the same load on 1 town vs round-robin over N towns.

    ./lq bench ops/bench/spread.py [--towns 1000] [--rounds 9] [--seconds 3] [--recycle 50]

On a fresh database of its own it grows to --towns towns (towns.grow_towns: template copies,
all modules on), then starts one worker process per variant, each with one persistent
database connection as in production (CONN_MAX_AGE), calling Django's WSGI handler
in-process (one thread) for anonymous GETs of the home page and two module list pages:

  one        every request on the first town (baseline)
  spread     request i on town i mod N, the connection kept for the whole run
  spread-K   as spread, but the connection closed after it served K towns
             (DB_CONN_MAX_TOWNS=K, tenants.postgresql_backend)
  sliceP-K   round-robin over every P-th town only (N/P towns), closed after K towns: what
             each of P web processes serves when the ingress sends a host always to the same
             pod (helm: ingress.hostAffinity, upstream-hash-by $host) and K >= N/P

Each worker first serves every town once per page (the "after serving N towns" state), then
rounds alternate the variants so that other load hits all alike. Prints requests/s medians,
the ratio to `one`, p95 latency, the resident memory of each worker's PostgreSQL backend
(VmRSS and its private part RssAnon from /proc/<pid>/status; the pid from pg_stat_activity by
application_name, the server runs on this machine) and the relations of one town schema.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import Worker, bench_database, cpu_ns, median, put_on_path, setup_django, wsgi_environ
from towns import grow_towns

PATHS = ["/", "/directory/", "/info/"]
MODULES = ["directory", "info", "exchange", "shop", "fund"]


# --- worker side ---------------------------------------------------------------------------


class BackendCpu:
    """CPU of this worker's PostgreSQL backends, also of those closed by recycling: each
    backend's total is read just before its connection is closed."""

    def __init__(self) -> None:
        from django.db import connections

        self.wrapper = connections["default"]
        self.closed_ns = 0
        klass = type(self.wrapper)
        original = klass.close
        meter = self

        def close(wrapper: Any) -> None:
            if wrapper.connection is not None:
                with contextlib.suppress(OSError):  # (ended already)
                    meter.closed_ns += cpu_ns(wrapper.connection.info.backend_pid)
            original(wrapper)

        klass.close = close  # type: ignore[method-assign]

    def total_ns(self) -> int:
        current = self.wrapper.connection
        return self.closed_ns + (cpu_ns(current.info.backend_pid) if current is not None else 0)


class Load:
    """The request sequence of one worker: its towns round-robin, the pages in turn."""

    def __init__(self, hosts: list[str]) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()
        self.hosts = hosts
        self.i = 0
        self.backend_cpu = BackendCpu()

    def request(self, host: str, path: str) -> tuple[str, bytes]:
        status: list[str] = []

        def start_response(s: str, headers: Any, exc_info: Any = None) -> None:
            status.append(s)

        result = self.handler(wsgi_environ(host, path), start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()  # sends request_finished: Django may close the connection here
        return status[0], body

    def next(self) -> str:
        host = self.hosts[self.i % len(self.hosts)]
        path = PATHS[self.i % len(PATHS)]
        self.i += 1
        status, _body = self.request(host, path)
        return status

    def run(self, seconds: float) -> dict[str, Any]:
        times: list[float] = []
        bad = 0
        client_start, server_start = cpu_ns(os.getpid()), self.backend_cpu.total_ns()
        deadline = time.perf_counter() + seconds
        start = time.perf_counter()
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            if not self.next().startswith("200"):
                bad += 1
            times.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
        client_us = (cpu_ns(os.getpid()) - client_start) / len(times) / 1e3
        server_us = (self.backend_cpu.total_ns() - server_start) / len(times) / 1e3
        times.sort()
        return {
            "rps": len(times) / elapsed,
            "cpu_us": client_us + server_us,
            "server_us": server_us,
            "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1e3,
            "bad": bad,
        }

    def serve_all(self) -> dict[str, Any]:
        """Every town of this worker once per page."""
        start = time.perf_counter()
        n = len(self.hosts) * len(PATHS)
        bad = sum(not self.next().startswith("200") for _ in range(n))
        return {"requests": n, "seconds": time.perf_counter() - start, "bad": bad}


def worker() -> int:
    put_on_path()
    setup_django()
    hosts = json.loads(Path(os.environ["LQ_BENCH_HOSTS_FILE"]).read_text())
    variant = os.environ["LQ_BENCH_VARIANT"]
    if variant == "one":
        hosts = hosts[:1]
    elif variant.startswith("slice"):
        hosts = hosts[:: int(variant.removeprefix("slice").split("-")[0])]
    load = Load(hosts)
    for line in sys.stdin:
        command = json.loads(line)
        action = command["action"]
        if action == "check":
            pages = {}
            for host in (hosts[0], hosts[-1]):
                for path in PATHS:
                    status, body = load.request(host, path)
                    pages[host + path] = [status, len(body)]
            reply: dict[str, Any] = {"pages": pages}
        elif action == "serve_all":
            reply = load.serve_all()
        elif action == "run":
            reply = load.run(command["seconds"])
        elif action == "quit":
            return 0
        else:
            reply = {"error": f"unknown action {action}"}
        print(json.dumps(reply), flush=True)
    return 0


# --- parent side ---------------------------------------------------------------------------


def relations_per_town(schema: str) -> dict[str, int]:
    """pg_class rows of one town schema by kind, with its TOAST tables and their indexes."""
    from django.db import connection

    kinds = {"r": "tables", "i": "indexes", "S": "sequences", "t": "toast", "v": "views"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, count(*) FROM pg_class c WHERE c.relnamespace = %s::regnamespace "
            "OR c.oid IN (SELECT t.reltoastrelid FROM pg_class t "
            "WHERE t.relnamespace = %s::regnamespace) "
            "OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t "
            "ON t.reltoastrelid = i.indrelid WHERE t.relnamespace = %s::regnamespace) "
            "GROUP BY 1 ORDER BY 1",
            [schema, schema, schema],
        )
        counts = {kinds.get(kind, kind): int(n) for kind, n in cursor.fetchall()}
    counts["all"] = sum(counts.values())
    return counts


def backend_memory() -> dict[str, dict[str, float]]:
    """MB of VmRSS and RssAnon of each worker's backend, by variant (pg_stat_activity)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT application_name, pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name LIKE 'lq-spread-%%'"
        )
        rows = cursor.fetchall()
    found: dict[str, dict[str, float]] = {}
    for name, pid in rows:
        fields: dict[str, float] = {}
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue  # ended meanwhile (a recycled connection)
        for line in status.splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "VmHWM"):
                fields[key] = int(value.split()[0]) / 1024
        found[name.removeprefix("lq-spread-")] = fields
    return found


def prepare(towns: int) -> list[str]:
    from django.core.management import call_command

    from portal.operators.services import provision_town
    from tenants.services import ensure_public_and_template, town_host

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    with contextlib.redirect_stdout(io.StringIO()):
        ensure_public_and_template()
    first = provision_town(slug="spread", name="Spreadhausen", admin_email="a@spread.example")
    first.enabled_modules = MODULES
    first.save(update_fields=["enabled_modules"])
    slugs = [str(first.slug), *grow_towns(towns, prefix="s", modules=MODULES)]
    return [town_host(slug) for slug in slugs]


def main() -> int:
    if "--worker" in sys.argv:
        return worker()
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--towns", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=3.0, help="per variant and round")
    parser.add_argument(
        "--recycle",
        default="50",
        help="comma-separated K of spread-K variants (DB_CONN_MAX_TOWNS); empty: none",
    )
    parser.add_argument(
        "--slices",
        default="10-100",
        help="comma-separated P-K of sliceP-K variants (every P-th town, DB_CONN_MAX_TOWNS=K)",
    )
    args = parser.parse_args()
    variants = ["one", "spread"] + [f"spread-{k}" for k in args.recycle.split(",") if k]
    variants += [f"slice{pk}" for pk in args.slices.split(",") if pk]

    with bench_database("spread_settings"):
        setup_django()
        hosts = prepare(args.towns)
        from django.db import connection

        from tenants.services import schema_name_for

        relations = relations_per_town(schema_name_for("spread"))
        hosts_file = Path(f"/tmp/lq_spread_hosts_{os.getpid()}.json")
        hosts_file.write_text(json.dumps(hosts))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "spread_settings",
            "LQ_BENCH_HOSTS_FILE": str(hosts_file),
            "DB_CONN_MAX_AGE": "36000",
        }
        workers = {}
        for v in variants:
            k = v.rsplit("-", 1)[1] if "-" in v else "0"
            workers[v] = Worker(__file__, v, {**env, "DB_CONN_MAX_TOWNS": k})
        try:
            return run(workers, variants, args, hosts, relations)
        finally:
            for w in workers.values():
                w.quit()
            hosts_file.unlink(missing_ok=True)
            connection.close()


def run(
    workers: dict[str, Worker],
    variants: list[str],
    args: argparse.Namespace,
    hosts: list[str],
    relations: dict[str, int],
) -> int:
    for v in variants:
        pages = workers[v].ask(action="check")["pages"]
        bad = {page: got for page, got in pages.items() if not got[0].startswith("200")}
        if bad:
            raise SystemExit(f"bench: variant {v} answered {bad}")
    print(f"pages: {', '.join(PATHS)} on {len(hosts)} towns; all answer 200", flush=True)
    fresh = backend_memory()
    served = {}
    for v in variants:
        served[v] = workers[v].ask(action="serve_all")
        print(
            f"{v}: served each of its towns once per page: {served[v]['requests']} requests in "
            f"{served[v]['seconds']:.1f} s",
            flush=True,
        )
    after_all = backend_memory()

    rps: dict[str, list[float]] = {v: [] for v in variants}
    p95: dict[str, list[float]] = {v: [] for v in variants}
    cpu: dict[str, list[float]] = {v: [] for v in variants}
    pg: dict[str, list[float]] = {v: [] for v in variants}
    bad = dict.fromkeys(variants, 0)
    for r in range(args.rounds):
        order = variants[r % len(variants) :] + variants[: r % len(variants)]
        for v in order:
            got = workers[v].ask(action="run", seconds=args.seconds)
            rps[v].append(got["rps"])
            p95[v].append(got["p95_ms"])
            cpu[v].append(got["cpu_us"])
            pg[v].append(got["server_us"])
            bad[v] += got["bad"]
        print(
            f"round {r + 1}: " + ", ".join(f"{v} {rps[v][-1]:.0f}/s" for v in variants),
            flush=True,
        )
    end = backend_memory()
    if any(bad.values()):
        raise SystemExit(f"bench: answers other than 200: {bad}")

    base = median(rps["one"])
    base_cpu = median(cpu["one"])
    print(
        f"\nGET {', '.join(PATHS)} (anonymous), {args.rounds} rounds x {args.seconds:g} s per "
        f"variant, in-process WSGI, 1 thread, persistent connection; {len(hosts)} towns\n"
    )
    print(
        f"{'variant':13} {'req/s':>6} {'min':>5} {'max':>5} {'ratio':>6} {'p95 ms':>7} "
        f"{'cpu us':>7} {'pg us':>6} {'ratio':>6}   "
        f"{'backend MB (VmRSS / RssAnon)':>30}"
    )
    for v in variants:
        med = median(rps[v])

        def mb(snapshot: dict[str, dict[str, float]], v: str = v) -> str:
            m = snapshot.get(v)
            return f"{m['VmRSS']:5.0f}/{m['RssAnon']:5.0f}" if m else "  (closed)"

        print(
            f"{v:13} {med:6.0f} {min(rps[v]):5.0f} {max(rps[v]):5.0f} {med / base:6.3f} "
            f"{median(p95[v]):7.1f} {median(cpu[v]):7.0f} {median(pg[v]):6.0f} "
            f"{base_cpu / median(cpu[v]):6.3f}   fresh {mb(fresh)}  after N towns {mb(after_all)}  "
            f"end {mb(end)}"
        )
    print(
        "\nreq/s: median of the rounds; ratio against `one` (the same load on one town)."
        "\ncpu us: CPU per request of the worker process and its PostgreSQL backends (pg us,"
        "\n  closed ones included), medians; ratio = one's CPU / the variant's CPU: the"
        "\n  throughput ratio on an idle machine, far steadier than req/s under other load."
        "\nbackend MB: the worker's PostgreSQL backend when it started, after it served every"
        "\n  town once per page, and at the end; RssAnon is its private memory (catalog caches),"
        "\n  VmRSS also counts the shared buffers it touched."
    )
    print(
        "\nrelations per town schema (pg_class, with TOAST tables and their indexes): "
        + ", ".join(f"{kind} {n}" for kind, n in relations.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
