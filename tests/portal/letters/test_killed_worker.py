"""A worker killed in the middle of a batch: after the resume nobody has a second copy.

The batch runs in a separate process against the test database (committed data, so these
tests are transactional) with a mail backend that writes each accepted message to a file.
Case 1: the process is killed (SIGKILL, from outside) while it sends, between two mails.
Case 2, the crash window made deterministic: it dies right after the server accepted a mail
and before that mail's row is marked sent. In both the row being sent at the crash becomes
"uncertain" after its lease and is not sent again by itself; a moderator who sends it again
sends the same message, with the same Message-ID, which lets mail systems drop a second copy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from portal.accounts.models import User
from portal.letters import tasks
from portal.letters.models import Delivery, Letter
from portal.letters.services import resend_uncertain, resume_sending, send_letter
from portal.letters.services.sending import LEASE
from tests.factories import UserFactory
from tests.factories.letters import LetterFactory, SectionFactory
from tests.portal.letters.outbox_backends import copies_by_recipient

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = 12

BATCH_IN_ANOTHER_PROCESS = """
import os, sys
sys.path[:0] = ["platform", "."]
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
from django.conf import settings
settings.DATABASES["default"]["NAME"] = os.environ["LQ_LETTER_DB"]
settings.EMAIL_BACKEND = "tests.portal.letters.outbox_backends.DyingBackend"
import django
django.setup()
from django_tenants.utils import tenant_context
from tenants.models import Town
from portal.letters.services import deliver_batch
with tenant_context(Town.objects.get(slug=os.environ["LQ_LETTER_TOWN"])):
    deliver_batch(letter_id=int(os.environ["LQ_LETTER_ID"]))
print("batch finished")
"""


@pytest.fixture
def letter_to_twelve(
    transactional_db: None, town_a: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Letter]:
    """A letter being sent to twelve people of town A (committed), removed afterwards. Its
    batch messages stay "in the broker" (tests run tasks in-process as they are queued)."""
    queued: list[Any] = []
    monkeypatch.setattr(tasks.send_letter_batch, "apply_async", lambda *a, **k: queued.append(a))
    monkeypatch.setattr(tasks, "_watch_later", lambda *a: None)
    with tenant_context(town_a):
        Letter.objects.all().delete()
        # only the twelve receive it: the town's other accounts are unconfirmed meanwhile
        people = [UserFactory(email=f"crash{n}@example.org") for n in range(PEOPLE)]
        letter = LetterFactory(year=2026, quarter=1)
        SectionFactory(letter=letter)
        others = dict(
            User.objects.exclude(pk__in=[p.pk for p in people]).values_list(
                "pk", "email_verified_at"
            )
        )
        User.objects.filter(pk__in=others).update(email_verified_at=None)
        send_letter(letter=letter, by=letter.created_by)
    assert len(queued) == 1
    monkeypatch.undo()
    try:
        yield letter
    finally:
        with tenant_context(town_a):
            Letter.objects.all().delete()
            User.objects.filter(pk__in=[p.pk for p in people]).delete()
            User.objects.filter(pk=letter.created_by_id).delete()
            others.pop(letter.created_by_id, None)
            for pk, verified_at in others.items():
                User.objects.filter(pk=pk).update(email_verified_at=verified_at)


def _start_batch(letter: Letter, town: Any, outbox: Path, **env: str) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "LQ_LETTER_DB": connection.settings_dict["NAME"],
        "LQ_LETTER_TOWN": town.slug,
        "LQ_LETTER_ID": str(letter.pk),
        "LQ_LETTER_OUTBOX": str(outbox),
        **env,
    }
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", BATCH_IN_ANOTHER_PROCESS],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_files(outbox: Path, count: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while len(list(outbox.glob("*.eml"))) < count:
        if process.poll() is not None:
            raise AssertionError(f"the batch ended early: {process.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError("the batch sent nothing in time")
        time.sleep(0.05)


def _wait_for_statuses(letter: Letter, town: Any, wanted: dict[str, int]) -> None:
    deadline = time.monotonic() + 30
    while any(_statuses(letter, town).get(key, 0) != n for key, n in wanted.items()):
        if time.monotonic() > deadline:
            raise AssertionError(f"never reached {wanted}: {_statuses(letter, town)}")
        time.sleep(0.02)


def _resume_after_the_lease(letter: Letter, town: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "tests.portal.letters.outbox_backends.FileBackend"
    with (
        time_machine.travel(timezone.now() + LEASE + timedelta(minutes=1)),
        tenant_context(town),
    ):
        # (tasks run in-process in tests; on_commit runs at once outside a transaction)
        assert resume_sending(letter=letter) == 1


def _statuses(letter: Letter, town: Any) -> dict[str, int]:
    with tenant_context(town):
        rows = Delivery.objects.filter(letter=letter).values_list("status", flat=True)
        return {status: list(rows).count(status) for status in set(rows)}


def test_a_worker_killed_between_two_mails(
    letter_to_twelve: Letter, town_a: Any, tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("LQ_LETTER_OUTBOX", str(outbox))
    # given a batch in another process that has sent 4 mails (slowly)
    process = _start_batch(letter_to_twelve, town_a, outbox, LQ_LETTER_PAUSE="1")
    _wait_for_files(outbox, 4, process)
    # when that process is killed while it talks to the server about the 5th (each mail
    # takes it a second before the server accepts it)
    _wait_for_statuses(letter_to_twelve, town_a, {Delivery.Status.SENT: 4, "sending": 1})
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert len(list(outbox.glob("*.eml"))) == 4
    # then the rest is held by the dead batch until its lease ends, and the resume sends it
    assert _statuses(letter_to_twelve, town_a) == {
        Delivery.Status.SENT: 4,
        Delivery.Status.SENDING: 1,
        Delivery.Status.CLAIMED: PEOPLE - 5,
    }
    _resume_after_the_lease(letter_to_twelve, town_a, settings)
    # the one being handed to the server is uncertain: not sent again by itself
    copies = copies_by_recipient(outbox)
    assert len(copies) == PEOPLE - 1
    assert all(len(ids) == 1 for ids in copies.values()), copies
    assert _statuses(letter_to_twelve, town_a) == {
        Delivery.Status.SENT: PEOPLE - 1,
        Delivery.Status.UNCERTAIN: 1,
    }
    with tenant_context(town_a):
        letter_to_twelve.refresh_from_db()
    assert letter_to_twelve.status == Letter.Status.SENT
    # when the moderator sends the uncertain one again, everyone has exactly one copy
    _resend_uncertain(letter_to_twelve, town_a)
    copies = copies_by_recipient(outbox)
    assert sorted(copies) == sorted(f"crash{n}@example.org" for n in range(PEOPLE))
    assert all(len(ids) == 1 for ids in copies.values()), copies
    assert _statuses(letter_to_twelve, town_a) == {Delivery.Status.SENT: PEOPLE}


def test_a_worker_killed_after_the_server_accepted_a_mail_before_marking_it(
    letter_to_twelve: Letter, town_a: Any, tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    outbox = tmp_path / "outbox"
    monkeypatch.setenv("LQ_LETTER_OUTBOX", str(outbox))
    # given a batch that dies right after mail 5 was accepted, before it was marked sent
    process = _start_batch(letter_to_twelve, town_a, outbox, LQ_LETTER_DIE_AFTER="5")
    process.wait(timeout=90)
    assert process.returncode == -signal.SIGKILL
    assert len(list(outbox.glob("*.eml"))) == 5
    assert _statuses(letter_to_twelve, town_a)[Delivery.Status.SENDING] == 1
    # when the resume runs after the lease
    _resume_after_the_lease(letter_to_twelve, town_a, settings)
    # then everyone has the letter exactly once: the row of the crash window is uncertain
    # and was not sent again by itself
    copies = copies_by_recipient(outbox)
    assert sorted(copies) == sorted(f"crash{n}@example.org" for n in range(PEOPLE))
    assert all(len(ids) == 1 for ids in copies.values()), copies
    assert _statuses(letter_to_twelve, town_a) == {
        Delivery.Status.SENT: PEOPLE - 1,
        Delivery.Status.UNCERTAIN: 1,
    }
    # and a moderator who sends it again anyway sends the same message (one Message-ID)
    _resend_uncertain(letter_to_twelve, town_a)
    copies = copies_by_recipient(outbox)
    assert all(len(set(ids)) == 1 for ids in copies.values())
    assert sorted(len(ids) for ids in copies.values()) == [1] * (PEOPLE - 1) + [2]
    assert _statuses(letter_to_twelve, town_a) == {Delivery.Status.SENT: PEOPLE}


def _resend_uncertain(letter: Letter, town: Any) -> None:
    with tenant_context(town):
        assert resend_uncertain(letter=letter, by=letter.created_by) == 1
