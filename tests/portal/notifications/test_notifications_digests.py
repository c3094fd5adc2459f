"""Digests with frozen time: only what is new since the last one, batched per town, never
empty, no duplicate after a retried batch."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends import locmem

from portal.notifications import services, tasks
from portal.notifications.models import Digest
from portal.notify import notify
from tests.factories import UserFactory

from .conftest import CONTEXT

pytestmark = pytest.mark.django_db
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def _tell(person: Any, title: str, capture: Any, when: datetime) -> None:
    with time_machine.travel(when, tick=False), capture(execute=True):
        notify(person, "moderation/reported", context={**CONTEXT, "title": title})


def _run_daily(capture: Any, when: datetime) -> int:
    """Beat's run in this town: the plan, then every batch it queued; the batches."""
    with time_machine.travel(when, tick=False), capture(execute=True):
        return int(tasks.plan_daily_digests.apply().get())


def test_a_daily_digest_holds_only_what_is_new_since_the_last_and_is_never_empty(
    people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    erika = people["erika"]
    services.set_preferences(user=erika, choices={"other": "daily"})
    # given two notifications on Monday
    _tell(erika, "Sofa", capture, MONDAY)
    _tell(erika, "Lampe", capture, MONDAY + timedelta(hours=1))
    assert mail.outbox == []
    # when Tuesday's digest runs: one mail with both
    assert _run_daily(capture, MONDAY + timedelta(days=1)) == 1
    [first] = mail.outbox
    assert "Sofa" in first.body and "Lampe" in first.body
    assert "Zusammenfassung" in first.subject and "2" in first.subject
    assert first.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in first.message()["List-Unsubscribe"]
    # then a third notification on Tuesday is the only thing in Wednesday's digest
    _tell(erika, "Tisch", capture, MONDAY + timedelta(days=1, hours=2))
    assert _run_daily(capture, MONDAY + timedelta(days=2)) == 1
    second = mail.outbox[1]
    assert "Tisch" in second.body and "Sofa" not in second.body and "Lampe" not in second.body
    # and Thursday has nothing new: no plan batch, no mail, no empty digest row
    assert _run_daily(capture, MONDAY + timedelta(days=3)) == 0
    assert len(mail.outbox) == 2
    assert list(Digest.objects.values_list("item_count", flat=True).order_by("pk")) == [2, 1]


def test_what_was_read_in_the_portal_meanwhile_is_not_mailed(
    people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    tom = people["tom"]
    services.set_preferences(user=tom, choices={"other": "daily"})
    _tell(tom, "Sofa", capture, MONDAY)
    services.mark_all_read(user=tom)
    assert _run_daily(capture, MONDAY + timedelta(days=1)) == 0
    assert mail.outbox == [] and not Digest.objects.exists()


def test_a_retried_batch_sends_no_duplicate(people, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    erika = people["erika"]
    services.set_preferences(user=erika, choices={"other": "daily"})
    _tell(erika, "Sofa", capture, MONDAY)
    tuesday = MONDAY + timedelta(days=1)
    period = tuesday.date().isoformat()
    with time_machine.travel(tuesday, tick=False), capture(execute=True):
        assert tasks.send_digest_batch.apply(args=["daily", period, [erika.pk]]).get() == 1
    # when the same batch runs again (a retry, a second delivery of the message) ...
    _tell(erika, "Lampe", capture, tuesday + timedelta(minutes=5))
    with time_machine.travel(tuesday + timedelta(minutes=10), tick=False), capture(execute=True):
        assert tasks.send_digest_batch.apply(args=["daily", period, [erika.pk]]).get() == 0
    # then still one mail; the newer item waits for the next period's digest
    assert len(mail.outbox) == 1 and "Lampe" not in mail.outbox[0].body
    assert Digest.objects.get().item_count == 1
    assert _run_daily(capture, MONDAY + timedelta(days=2)) == 1
    assert "Lampe" in mail.outbox[1].body


def test_the_plan_queues_one_task_per_batch_of_people_never_one_per_person(
    people, django_capture_on_commit_callbacks, monkeypatch
):
    capture = django_capture_on_commit_callbacks
    monkeypatch.setattr(tasks, "BATCH_SIZE", 2)
    weekly = [UserFactory() for _ in range(4)] + [people["erika"]]
    for person in weekly:
        services.set_preferences(user=person, choices={"other": "weekly"})
        _tell(person, "Sofa", capture, MONDAY)
    queued: list[Any] = []
    monkeypatch.setattr(
        tasks.send_digest_batch, "apply_async", lambda *a, **kw: queued.append(kw["args"])
    )
    with time_machine.travel(MONDAY + timedelta(days=7), tick=False), capture(execute=True):
        assert tasks.plan_weekly_digests.apply().get() == 3
    # then 5 people in 3 batches (2+2+1), each naming the same week
    assert [len(args[2]) for args in queued] == [2, 2, 1]
    assert {args[1] for args in queued} == {"2026-03-09"}
    assert sorted(pk for args in queued for pk in args[2]) == sorted(p.pk for p in weekly)


def test_weekly_and_daily_are_separate_and_switched_off_kinds_leave_the_digest(
    people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    tom = people["tom"]
    services.set_preferences(user=tom, choices={"other": "weekly", "exchange_messages": "weekly"})
    _tell(tom, "Sofa", capture, MONDAY)
    assert _run_daily(capture, MONDAY + timedelta(days=1)) == 0
    services.unsubscribe(user=tom, kind_key="other")
    with time_machine.travel(MONDAY + timedelta(days=7), tick=False), capture(execute=True):
        assert tasks.plan_weekly_digests.apply().get() == 0
    assert mail.outbox == [] and not Digest.objects.exists()


def test_digest_in_english_for_an_english_speaker(people, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    tom = people["tom"]
    services.set_preferences(user=tom, choices={"other": "weekly"})
    _tell(tom, "Sofa", capture, MONDAY)
    with time_machine.travel(MONDAY + timedelta(days=7), tick=False), capture(execute=True):
        tasks.plan_weekly_digests.apply().get()
    [sent] = mail.outbox
    assert "weekly summary (1 notification)" in sent.subject
    assert "Sofa" in sent.alternatives[0][0] and "/notifications/" in sent.body


def test_beat_schedules_both_digests_as_platform_tasks_fanned_out_per_town():
    from portal.background import schedule_module_tasks

    class Sender:
        def __init__(self) -> None:
            self.entries: dict[str, Any] = {}

        def add_periodic_task(self, schedule: Any, signature: Any, name: str) -> None:
            self.entries[name] = (schedule, signature)

    sender = Sender()
    schedule_module_tasks(sender)
    daily = sender.entries["notifications: daily digests"]
    weekly = sender.entries["notifications: weekly digests"]
    assert daily[1].task == weekly[1].task == "portal.run_platform_task_in_towns"
    assert daily[1].args == ("notifications.plan_daily_digests",)
    assert weekly[1].args == ("notifications.plan_weekly_digests",)
    assert weekly[0].day_of_week == {1} and daily[0].hour == weekly[0].hour == {7}
    assert "exchange: listing reminders and expiry" in sender.entries  # modules' stay


def test_a_changed_choice_moves_what_waits_for_a_digest(people, django_capture_on_commit_callbacks):
    from portal.notifications.models import Delivery, Notification

    capture = django_capture_on_commit_callbacks
    erika, tom = people["erika"], people["tom"]
    services.set_preferences(user=erika, choices={"other": "daily"})
    services.set_preferences(user=tom, choices={"other": "daily"})
    # given a notification each waiting for the daily digest
    _tell(erika, "Sofa", capture, MONDAY)
    _tell(tom, "Lampe", capture, MONDAY)
    # when Erika chooses weekly and Tom switches the kind off
    services.set_preferences(user=erika, choices={"other": "weekly"})
    services.set_preferences(user=tom, choices={"other": "off"})
    # then Tuesday's daily digest mails nobody, Erika's item waits for the weekly one
    assert _run_daily(capture, MONDAY + timedelta(days=1)) == 0
    assert mail.outbox == []
    assert Notification.objects.get(user=erika).delivery == Delivery.WEEKLY
    assert Notification.objects.get(user=tom).delivery == Delivery.NONE
    with time_machine.travel(MONDAY + timedelta(days=7), tick=False), capture(execute=True):
        assert tasks.plan_weekly_digests.apply().get() == 1
    [weekly] = mail.outbox
    assert weekly.to == [erika.email] and "Sofa" in weekly.body


def test_the_plan_clears_waiting_items_read_meanwhile(people, django_capture_on_commit_callbacks):
    from portal.notifications.models import Delivery, Notification

    capture = django_capture_on_commit_callbacks
    tom = people["tom"]
    services.set_preferences(user=tom, choices={"other": "daily"})
    _tell(tom, "Sofa", capture, MONDAY)
    services.mark_all_read(user=tom)
    # when the daily plan runs
    assert _run_daily(capture, MONDAY + timedelta(days=1)) == 0
    # then the read item no longer waits for any digest
    assert Notification.objects.get(user=tom).delivery == Delivery.NONE


class CountingBackend(locmem.EmailBackend):
    """The test outbox, counting the connections opened and the send calls."""

    opened = 0
    calls = 0

    def open(self) -> bool:
        CountingBackend.opened += 1
        return bool(super().open())

    def send_messages(self, messages: Any) -> int:
        CountingBackend.calls += 1
        return int(super().send_messages(messages))


def test_a_batch_sends_its_digests_over_one_connection_without_broker_messages(
    people, django_capture_on_commit_callbacks, settings, monkeypatch
):
    from portal import mail as portal_mail
    from portal.mail_log.models import SentEmail

    capture = django_capture_on_commit_callbacks
    group = [people["erika"], people["tom"], UserFactory()]
    for person in group:
        services.set_preferences(user=person, choices={"other": "daily"})
        _tell(person, "Sofa", capture, MONDAY)
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = CountingBackend.calls = 0
    queued: list[Any] = []
    monkeypatch.setattr(
        portal_mail.send_town_email, "apply_async", lambda *a, **k: queued.append(a)
    )
    # when the batch of three runs
    tuesday = MONDAY + timedelta(days=1)
    with time_machine.travel(tuesday, tick=False), capture(execute=True):
        ids = [p.pk for p in group]
        assert tasks.send_digest_batch.apply(args=["daily", "2026-03-03", ids]).get() == 3
    # then three mails over one connection, no mail task queued, each in the mail log
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in group)
    assert CountingBackend.opened == 1 and CountingBackend.calls == 3 and queued == []
    assert SentEmail.objects.filter(kind="notifications/digest").count() == 3
    assert all(m.extra_headers["Message-ID"] for m in mail.outbox)


def test_a_digest_whose_send_failed_is_sent_by_the_retry(
    people, django_capture_on_commit_callbacks
):
    from smtplib import SMTPServerDisconnected

    from portal.notifications import digests
    from portal.notifications.models import Notification

    capture = django_capture_on_commit_callbacks
    erika = people["erika"]
    services.set_preferences(user=erika, choices={"other": "daily"})
    _tell(erika, "Sofa", capture, MONDAY)

    class Refusing(locmem.EmailBackend):
        def send_messages(self, messages: Any) -> int:
            raise SMTPServerDisconnected("gone")

    tuesday = MONDAY + timedelta(days=1)
    # when the mail server drops the connection while the digest is sent
    with time_machine.travel(tuesday, tick=False), pytest.raises(SMTPServerDisconnected):
        digests.send_digest(
            user=erika, frequency="daily", period=tuesday.date(), mail_server=Refusing()
        )
    # then nothing counts as mailed: the item waits again and the period is free
    item = Notification.objects.get(user=erika)
    assert item.digest_id is None and item.emailed_at is None and not Digest.objects.exists()
    # and the batch's retry sends it, once
    with time_machine.travel(tuesday + timedelta(minutes=1), tick=False), capture(execute=True):
        assert tasks.send_digest_batch.apply(args=["daily", "2026-03-03", [erika.pk]]).get() == 1
    [sent] = mail.outbox
    assert "Sofa" in sent.body
    item.refresh_from_db()
    assert item.digest_id is not None and item.emailed_at is not None
