"""E-letter benchmark: enqueueing the send to 10,000 residents, broker messages, delivery.

    ./lq bench ops/bench/letter_send.py [--people 10000] [--runs 5]

Creates its own database (lq_bench_<pid>, dropped at the end), provisions one town and
fills it with `--people` residents who receive the letter. Then, `--runs` times, a fresh
draft is sent: the time from `send_letter()` to its commit (the INSERT … SELECT of one
delivery row per person and the batch messages queued on commit, on the real Redis broker)
and the number of messages that reached the broker (the length of the Redis queue, and the
count of `apply_async` calls, which must agree). Finally the last run's batches are worked
off in this process, one `deliver_batch()` per broker message, as a worker would, with
Django's in-memory mail backend; every person must have exactly one copy, and running the
batches once more (a redelivery of every message) must send nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdb import bench_database, median, setup_django


def fill(people: int) -> None:
    from django.utils import timezone

    from portal.accounts.models import User

    now = timezone.now()
    User.objects.bulk_create(
        (
            User(
                email=f"bewohner{n}@example.org",
                full_name=f"Bewohnerin {n}",
                email_verified_at=now,
                roles=["resident"],
            )
            for n in range(people)
        ),
        batch_size=2000,
    )


def draft(year: int) -> Any:
    from portal.letters.models import Letter, Section

    letter = Letter.objects.create(
        slug=f"{year}-q1", year=year, quarter=1, title=f"Quartalsbrief 1/{year}", intro="Hallo"
    )
    Section.objects.create(
        letter=letter, position=0, heading="Neuigkeiten", body="Neue Bänke am See.\n\nMehr bald."
    )
    return letter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with bench_database():
        setup_django()
        from django.conf import settings
        from django.core import mail
        from django.core.management import call_command
        from django.db import transaction
        from django_tenants.utils import tenant_context
        from redis import Redis

        from portal.accounts.models import User
        from portal.celery import app
        from portal.letters import tasks
        from portal.letters.models import Delivery
        from portal.letters.recipients import letter_recipients
        from portal.letters.services import deliver_batch, send_letter
        from portal.letters.services.sending import BATCH_SIZE
        from portal.operators.services import provision_town
        from tenants.services import ensure_public_and_template

        # Messages go to the broker (the test settings run tasks in-process).
        app.conf.task_always_eager = False
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        broker = Redis.from_url(settings.CELERY_BROKER_URL)
        queue = app.conf.task_default_queue or "celery"

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_and_template()
        town = provision_town(
            slug="briefstadt", name="Briefstadt", admin_email="admin@briefstadt.example"
        )
        published: Counter[str] = Counter()
        for task in (tasks.send_letter_batch, tasks.watch_letter):
            original = task.apply_async

            def counting(
                *a: Any, _original: Any = original, _name: str = task.name, **k: Any
            ) -> Any:
                published[_name] += 1
                return _original(*a, **k)

            task.apply_async = counting  # type: ignore[method-assign]

        with tenant_context(town):
            start = time.perf_counter()
            fill(args.people)
            recipients = letter_recipients().count()
            print(f"town with {recipients} recipients ({time.perf_counter() - start:.1f} s)")
            seconds, messages, queued = [], [], []
            letter = None
            for run in range(args.runs):
                letter = draft(2000 + run)
                broker.delete(queue)
                published.clear()
                start = time.perf_counter()
                with transaction.atomic():
                    count = send_letter(letter=letter, by=None)  # type: ignore[arg-type]
                seconds.append(time.perf_counter() - start)
                messages.append(int(broker.llen(queue)))
                queued.append(sum(published.values()))
                assert count == recipients, (count, recipients)
                print(
                    f"run {run + 1}: enqueued in {seconds[-1]:.3f} s, {messages[-1]} broker "
                    f"messages ({dict(published)})",
                    flush=True,
                )
            assert letter is not None
            batches = published[tasks.send_letter_batch.name]
            broker.delete(queue)
            mail.outbox = []
            start = time.perf_counter()
            sent = sum(deliver_batch(letter_id=letter.pk) for _ in range(batches))
            delivery = time.perf_counter() - start
            again = sum(deliver_batch(letter_id=letter.pk) for _ in range(batches))
            copies = Counter(address for message in mail.outbox for address in message.to)
            everyone = set(letter_recipients().values_list("email", flat=True))
            assert set(copies) == everyone, "someone got no copy"
            assert set(copies.values()) == {1}, "someone got two copies"
            assert again == 0
            letter.refresh_from_db()
            open_rows = Delivery.objects.filter(letter=letter).exclude(status="sent").count()
            print()
            print(f"recipients                      {recipients}")
            print(f"batch size                      {BATCH_SIZE}")
            print(
                f"enqueue send_letter(), median   {median(seconds):.3f} s "
                f"(min {min(seconds):.3f}, max {max(seconds):.3f}, {args.runs} runs)"
            )
            print(
                f"broker messages per send        {max(messages)} in Redis, {max(queued)} "
                f"apply_async ({batches} batches + 1 watchdog)"
            )
            print(
                f"delivery of all batches         {delivery:.1f} s in one process "
                f"({sent / delivery:.0f} mails/s)"
            )
            print(
                f"copies per person               {sorted(set(copies.values()))} "
                f"({len(mail.outbox)} mails to {len(copies)} people; rows not sent: {open_rows})"
            )
            print(f"second run of every batch       {again} mails; letter status {letter.status}")
            print(f"accounts in the town            {User.objects.count()}")
        broker.delete(queue)
    return 0


if __name__ == "__main__":
    sys.exit(main())
