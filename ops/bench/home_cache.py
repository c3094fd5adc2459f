"""A town's home page for a visitor with the town's cache cold and warm (portal.town_cache).

    ./lq bench ops/bench/home_cache.py [--rounds 15] [--requests 50]

On a fresh database of its own it provisions one town (branding, settings rows, no content:
the panels still ask for events, news, menus, the fund's balance and a voting round), then
calls Django's WSGI handler in-process for GET / on the town's host. "cold" empties the cache
before each request (outside the timed part): branding, settings and panels come from the
database and are stored; "warm" is every later visitor's request. Rounds alternate the two.
Prints the statements per request (counted at the psycopg cursor) and ms per request
(median of the rounds' medians, p95 of all), and warm against cold.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, median, setup_django
from routing import _count, _requester, prepare


def _timed(one, requests: int, *, cold: bool) -> list[float]:  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    times = []
    for _ in range(requests):
        if cold:
            cache.clear()
        start = time.perf_counter()
        status, _body = one()
        times.append((time.perf_counter() - start) * 1e3)
        assert status.startswith("200"), status
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--requests", type=int, default=50, help="per variant and round")
    args = parser.parse_args()
    with bench_database():
        setup_django()
        from django.core.cache import cache

        _schema, host, _name = prepare(1)
        one = _requester(host)
        cache.clear()
        counts = {"cold": _count(one, 1)}
        counts["warm"] = _count(one, 1)
        _timed(one, args.requests, cold=False)  # templates compiled, connection open
        per_round: dict[str, list[float]] = {"cold": [], "warm": []}
        every: dict[str, list[float]] = {"cold": [], "warm": []}
        for r in range(args.rounds):
            for variant in ("cold", "warm") if r % 2 == 0 else ("warm", "cold"):
                if variant == "warm":
                    one()  # the first request after a cold round fills the cache
                times = _timed(one, args.requests, cold=variant == "cold")
                per_round[variant].append(statistics.median(times))
                every[variant].extend(times)
        print(f"GET / of one town, {args.rounds} rounds x {args.requests} requests per variant")
        print(f"\n{'cache':6} {'statements':>10} {'django':>6} {'ms median':>10} {'ms p95':>7}")
        for variant in ("cold", "warm"):
            p95 = statistics.quantiles(every[variant], n=20)[18]
            found = counts[variant]
            print(
                f"{variant:6} {found['driver']:10.0f} {found['django']:6.0f} "
                f"{median(per_round[variant]):10.2f} {p95:7.2f}"
            )
        ratio = median(per_round["cold"]) / median(per_round["warm"])
        print(f"\nwarm is {ratio:.2f}x as fast as cold (medians)")
        for variant in ("cold", "warm"):
            found = counts[variant]
            print(f"\nStatements of one {variant} request:")
            for statement in found["statements"]:
                print(f"  {statement}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
