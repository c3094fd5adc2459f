"""LQ Fonds benchmark: the tally and digest over 20,000 ballots (pure Python), ballots stored
per second with 8 voters casting at once (each on its own connection, under the round's
SHARE lock), the count of that box, and the fund page's queries with 50 past rounds.

    ./lq bench ops/bench/fund.py [--ballots 20000] [--voters 8] [--per-voter 100]

Creates its own database (lq_bench_<pid>, dropped at the end) and one town with the fund
module; the test factories make the rounds and people inside it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, setup_django

TOWN = "fondsstadt"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def tally_and_digest(args: argparse.Namespace) -> None:
    from modules.fund.ballot_files import BoxFile, Project, read_ballots, write_pabulib
    from modules.fund.tally import SMALLER_AMOUNT, Option, digest, tally

    rng = random.Random(10)
    options = [Option(n, 10_000 * n) for n in range(1, 11)]
    ballots = [
        tuple(sorted(rng.sample(range(1, 11), rng.randint(1, 3)))) for _ in range(args.ballots)
    ]
    timings: list[float] = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        tally(ballots, options=options, tie_rule=SMALLER_AMOUNT)
        digest(ballots)
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"tally + digest, {args.ballots} approval ballots over 10 projects: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95(timings):.1f} ms",
        flush=True,
    )
    box = BoxFile(
        [Project(o.number, o.amount_cents, f"P{o.number}") for o in options],
        ballots,
        SMALLER_AMOUNT,
    )
    started = time.perf_counter()
    parsed = read_ballots(write_pabulib(box))
    assert digest(parsed.ballots) == digest(ballots)
    print(
        f"write + parse the .pb file: {(time.perf_counter() - started) * 1000:.1f} ms", flush=True
    )


def concurrent_voters(args: argparse.Namespace, town: Any) -> None:
    from django.db import connection

    from modules.fund.models import Phase
    from modules.fund.services.ballots import cast_ballot
    from modules.fund.services.rounds import advance_round
    from tests.factories import UserFactory
    from tests.factories.fund import voting_round

    fund_round, _ = voting_round(projects=5, slug="bench-parallel")
    voters = [
        [UserFactory(email=f"v{t}-{n}@fondsstadt.example") for n in range(args.per_voter)]
        for t in range(args.voters)
    ]
    barrier = threading.Barrier(args.voters)
    failures: list[BaseException] = []

    def vote(people: list[Any]) -> None:
        try:
            connection.set_tenant(town)  # a thread's own connection: name its town
            barrier.wait()
            for n, person in enumerate(people):
                cast_ballot(fund_round=fund_round, voter=person, choices=[n % 5 + 1])
        except BaseException as failure:
            failures.append(failure)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(people,)) for people in voters]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not failures, failures
    total = args.voters * args.per_voter
    print(
        f"ballots stored by {args.voters} concurrent voters: {total} in {elapsed:.2f} s "
        f"= {total / elapsed:.0f} ballots/s",
        flush=True,
    )
    admin = UserFactory(email="admin-bench@fondsstadt.example", town_admin=True)
    started = time.perf_counter()
    advance_round(fund_round=fund_round, to=Phase.RESULTS, by=admin, reason="bench")
    fund_round.refresh_from_db()
    assert fund_round.ballots_count == total
    print(
        f"count of that box (read, check, tally, re-write in random order): "
        f"{(time.perf_counter() - started) * 1000:.0f} ms",
        flush=True,
    )


def fund_page(args: argparse.Namespace, host: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from modules.fund.models import Phase
    from tests.factories.fund import RoundFactory

    client = Client(HTTP_HOST=host)
    for label, rounds in (("no past rounds", 0), ("50 past rounds", 50)):
        for _ in range(rounds):
            RoundFactory(phase=Phase.CLOSED)
        client.get("/fund/")
        timings: list[float] = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get("/fund/")
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        print(
            f"fund page /fund/ ({label}): median {statistics.median(timings):.1f} ms, "
            f"{len(captured.captured_queries)} queries",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ballots", type=int, default=20_000)
    parser.add_argument("--voters", type=int, default=8)
    parser.add_argument("--per-voter", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with bench_database():
        setup_django()
        tally_and_digest(args)
        from django.conf import settings
        from django.core.management import call_command
        from django_tenants.utils import tenant_context

        from portal.mail import send_town_email
        from portal.operators.services import provision_town
        from tenants.addresses import town_host
        from tenants.services import ensure_public_and_template

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        town = provision_town(
            slug=TOWN,
            name="Fondsstadt",
            admin_email="admin@fondsstadt.example",
            enabled_modules=["directory", "shop", "fund"],
        )
        with tenant_context(town), mock.patch.object(send_town_email, "apply_async"):
            concurrent_voters(args, town)
            fund_page(args, town_host(TOWN))
    return 0


if __name__ == "__main__":
    sys.exit(main())
