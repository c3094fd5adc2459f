"""Sending: everyone who receives letters gets one copy, in batches, also when a batch runs
twice; the copies carry a fixed Message-ID and the letter's markup stays inert."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from portal.accounts.models import User
from portal.letters import tasks
from portal.letters.models import Delivery, Letter
from portal.letters.recipients import letter_recipients
from portal.letters.services import deliver_batch, resume_sending, send_letter
from portal.letters.services import sending as sending_module
from tests.factories import UserFactory
from tests.factories.letters import LetterFactory, SectionFactory
from tests.portal.letters.markup import active_markup

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _letter(**kwargs: Any) -> Letter:
    letter = LetterFactory(**kwargs)
    SectionFactory(letter=letter, heading=f"Neues {SCRIPT}", body=f"Absatz eins\n\n{SCRIPT}")
    return letter


def _people(count: int) -> list[User]:
    return User.objects.bulk_create(
        User(
            email=f"bulk{n}@example.org",
            full_name=f"Person {n}",
            email_verified_at="2026-01-01T00:00:00Z",
            language="en",
        )
        for n in range(count)
    )


def test_everyone_who_receives_letters_gets_exactly_one_copy(
    in_town_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given people who receive letters, and people who may not (blocked, pending,
    # unconfirmed, managed without an address)
    UserFactory.create_batch(3)
    UserFactory(blocked=True, email="blocked@example.org")
    UserFactory(pending=True, email="pending@example.org")
    UserFactory(unverified=True, email="unverified@example.org")
    User.objects.create(full_name="Managed", is_managed=True, email=None)
    letter = _letter()
    expected = sorted(letter_recipients().values_list("email", flat=True))
    # when the moderator sends the letter
    with django_capture_on_commit_callbacks(execute=True):
        count = send_letter(letter=letter, by=letter.created_by)
    # then each of them got one copy, the others none, and the letter is sent
    received = sorted(address for message in mailoutbox for address in message.to)
    assert received == expected and count == len(expected)
    assert not {"blocked@example.org", "pending@example.org", "unverified@example.org"} & set(
        received
    )
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT and letter.sent_at is not None
    assert letter.recipient_count == count
    assert set(Delivery.objects.filter(letter=letter).values_list("status", flat=True)) == {
        Delivery.Status.SENT
    }


def test_a_copy_has_a_fixed_message_id_and_the_markup_is_inert(
    in_town_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    person = UserFactory(email="rita@example.org")
    letter = _letter()
    with django_capture_on_commit_callbacks(execute=True):
        send_letter(letter=letter, by=letter.created_by)
    message = next(m for m in mailoutbox if m.to == ["rita@example.org"])
    assert message.extra_headers["Message-ID"] == (
        f"<letter.{letter.public_id}.{person.public_id}@alpha.lq.test>"
    )
    # the text part is text: the markup is there as typed, which no mail program runs
    assert SCRIPT in message.body
    html = message.alternatives[0][0]
    assert active_markup(html) == []
    assert "&lt;script&gt;" in html
    assert "/letters/" + letter.slug + "/" in html


def test_someone_who_switched_the_letter_off_gets_none_and_each_copy_can_unsubscribe(
    in_town_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from portal.notifications.models import Preference

    # given one person who switched the letter off and one who switched another kind off
    off = UserFactory(email="no-letter@example.org")
    Preference.objects.create(user=off, kind="letter", choice="off")
    other = UserFactory(email="letter-yes@example.org")
    Preference.objects.create(user=other, kind="other", choice="off")
    letter = _letter()
    # when the letter is sent
    with django_capture_on_commit_callbacks(execute=True):
        send_letter(letter=letter, by=letter.created_by)
    # then the first gets nothing, the second gets it with one-click unsubscribe for "letter"
    received = {address: m for m in mailoutbox for address in m.to}
    assert "no-letter@example.org" not in received
    message = received["letter-yes@example.org"]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/notifications/unsubscribe/" in link
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body and link in message.alternatives[0][0]
    # once only: the mail's footer carries it, the letter adds no second one
    assert message.body.count(link) == 1
    assert message.alternatives[0][0].count(link) == 1
    from portal.notifications.unsubscribe import read_unsubscribe_token

    token = link.rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (str(other.public_id), "letter")


def test_a_batch_run_twice_sends_nobody_a_second_copy(
    in_town_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given a letter whose batches have all run
    _people(5)
    letter = _letter()
    with django_capture_on_commit_callbacks(execute=True):
        send_letter(letter=letter, by=letter.created_by)
    first = len(mailoutbox)
    # when a batch message is delivered again (a retry, a redelivery) and the resume runs
    again = tasks.send_letter_batch.apply(args=[letter.pk]).get()
    with django_capture_on_commit_callbacks(execute=True):
        resumed = resume_sending(letter=letter)
    # then nothing more was sent
    assert again == 0 and resumed == 0
    assert len(mailoutbox) == first
    addresses = [a for m in mailoutbox for a in m.to]
    assert len(addresses) == len(set(addresses))


def test_two_batches_at_once_never_take_the_same_person(in_town_a, mailoutbox) -> None:
    # given a letter being sent, no batch has run yet
    _people(7)
    letter = _letter()
    send_letter(letter=letter, by=letter.created_by)  # batches queued on commit: not run
    total = Delivery.objects.filter(letter=letter).count()
    # when batches of 3 run one after another (each claims what nobody holds)
    sent = [deliver_batch(letter_id=letter.pk, size=3) for _ in range(5)]
    # then together they sent everyone once
    assert sum(sent) == total
    addresses = [a for m in mailoutbox for a in m.to]
    assert len(addresses) == total == len(set(addresses))


def test_ten_thousand_people_would_be_fifty_messages(in_town_a, monkeypatch) -> None:
    # the number of batch messages follows the batch size, not the number of people
    queued: list[Any] = []
    monkeypatch.setattr(sending_module, "enqueue_on_commit", lambda *a: queued.append(a))
    _people(450)
    letter = _letter()
    count = send_letter(letter=letter, by=letter.created_by)
    assert len(queued) == -(-count // sending_module.BATCH_SIZE) == 3


def test_a_letter_cannot_be_sent_twice(in_town_a, django_capture_on_commit_callbacks) -> None:
    UserFactory()
    letter = _letter()
    with django_capture_on_commit_callbacks(execute=True):
        send_letter(letter=letter, by=letter.created_by)
    rows = Delivery.objects.filter(letter=letter).count()
    with pytest.raises(ValidationError, match="already"):
        send_letter(letter=letter, by=letter.created_by)
    assert Delivery.objects.filter(letter=letter).count() == rows


def test_an_empty_letter_is_not_sent(in_town_a) -> None:
    UserFactory()
    letter = LetterFactory(intro="")
    with pytest.raises(ValidationError, match="no text"):
        send_letter(letter=letter, by=letter.created_by)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT
    assert not Delivery.objects.exists()


def test_someone_who_lost_their_address_meanwhile_is_skipped(in_town_a, mailoutbox) -> None:
    person = UserFactory(email="gone@example.org")
    letter = _letter()
    send_letter(letter=letter, by=letter.created_by)
    User.objects.filter(pk=person.pk).update(email=None, is_managed=True)
    deliver_batch(letter_id=letter.pk)
    assert "gone@example.org" not in [a for m in mailoutbox for a in m.to]
    assert Delivery.objects.get(letter=letter, user=person).status == Delivery.Status.SKIPPED


def test_someone_who_switches_the_letter_off_while_it_is_sent_is_skipped(
    in_town_a, mailoutbox
) -> None:
    from portal.notifications.services import set_preferences

    # given a letter being sent, whose row for a person was made but not yet sent
    person = UserFactory(email="late-off@example.org")
    other = UserFactory(email="stays@example.org")
    letter = _letter()
    send_letter(letter=letter, by=letter.created_by)
    # when the person switches the letter off before their batch runs
    set_preferences(user=person, choices={"letter": "off"})
    deliver_batch(letter_id=letter.pk)
    # then they get no copy and their row is skipped; the other person gets theirs
    received = [a for m in mailoutbox for a in m.to]
    assert "late-off@example.org" not in received and other.email in received
    assert Delivery.objects.get(letter=letter, user=person).status == Delivery.Status.SKIPPED


def test_the_one_click_link_of_a_letter_stops_the_next_one(
    in_town_a, client_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given a person who received the letter of the 3rd quarter
    UserFactory(email="clicks@example.org")
    first = _letter(year=2026, quarter=3)
    with django_capture_on_commit_callbacks(execute=True):
        send_letter(letter=first, by=first.created_by)
    message = next(m for m in mailoutbox if m.to == ["clicks@example.org"])
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    # when their mail program posts the one-click unsubscribe
    response = client_a.post(link.split("lq.test", 1)[1], {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    mailoutbox.clear()
    second = _letter(year=2026, quarter=4)
    with django_capture_on_commit_callbacks(execute=True):
        send_letter(letter=second, by=second.created_by)
    # then the next letter goes to others, not to them
    assert mailoutbox and "clicks@example.org" not in [a for m in mailoutbox for a in m.to]


def test_the_watchdog_takes_over_what_a_dead_batch_held_and_leaves_waiting_rows(
    in_town_a, mailoutbox
) -> None:
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from portal.letters.services.sending import LEASE

    # given a letter whose one batch was claimed by a worker that died, and whose other
    # rows still wait for their own batch message
    _people(5)
    letter = _letter()
    send_letter(letter=letter, by=letter.created_by)
    rows = list(Delivery.objects.filter(letter=letter).order_by("pk"))
    Delivery.objects.filter(pk__in=[r.pk for r in rows[:2]]).update(
        status=Delivery.Status.CLAIMED, claimed_at=timezone.now()
    )
    queued: list[Any] = []
    original = tasks.send_letter_batch.apply_async
    tasks.send_letter_batch.apply_async = lambda *a, **k: queued.append(a)  # type: ignore[method-assign]
    try:
        # when the watchdog looks while the lease runs, and again after it
        with time_machine.travel(timezone.now() + timedelta(minutes=1)):
            early = resume_sending(letter=letter, waiting_too=False)
        with time_machine.travel(timezone.now() + LEASE + timedelta(minutes=1)):
            late = resume_sending(letter=letter, waiting_too=False)
            # then only the abandoned rows got a batch; the console's button adds the rest
            button = resume_sending(letter=letter)
    finally:
        tasks.send_letter_batch.apply_async = original  # type: ignore[method-assign]
    assert (early, late, button) == (0, 1, 1)
    assert mailoutbox == []


def test_a_row_being_sent_renews_its_lease_and_one_left_sending_is_only_resent_on_request(
    in_town_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from portal.letters.services import resend_uncertain
    from portal.letters.services.sending import LEASE

    # given a letter whose batch was claimed long ago and then reached its second person
    first, second = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    letter = _letter()
    send_letter(letter=letter, by=letter.created_by)
    start = timezone.now()
    rows = {d.user_id: d for d in Delivery.objects.filter(letter=letter)}
    token = sending_module.uuid.uuid4()
    Delivery.objects.filter(letter=letter).update(
        status=Delivery.Status.CLAIMED, claim_token=token, claimed_at=start
    )
    with time_machine.travel(start + LEASE - timedelta(minutes=1), tick=False):
        assert sending_module._mark(
            rows[second.pk].pk, token, Delivery.Status.SENDING, claimed_at=timezone.now()
        )
    # when the watchdog looks just after the original claim's lease
    with time_machine.travel(start + LEASE + timedelta(minutes=1), tick=False):
        resume_sending(letter=letter, waiting_too=False)
    # then the row being sent is still the batch's (its lease was renewed) …
    assert Delivery.objects.get(pk=rows[second.pk].pk).status == Delivery.Status.SENDING
    # … and once its own lease has run out it is "uncertain", not sent again by itself
    with (
        time_machine.travel(start + 2 * LEASE, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        resume_sending(letter=letter)
    statuses = dict(Delivery.objects.filter(letter=letter).values_list("user_id", "status"))
    assert statuses[second.pk] == Delivery.Status.UNCERTAIN
    assert statuses[first.pk] == Delivery.Status.SENT
    assert "b@example.org" not in [a for m in mailoutbox for a in m.to]
    assert "a@example.org" in [a for m in mailoutbox for a in m.to]
    mailoutbox.clear()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    # when a moderator decides to send those again, they get it (same Message-ID)
    with django_capture_on_commit_callbacks(execute=True):
        assert resend_uncertain(letter=letter, by=letter.created_by) == 1
    assert [m.to for m in mailoutbox] == [["b@example.org"]]
    assert Delivery.objects.get(pk=rows[second.pk].pk).status == Delivery.Status.SENT
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    with pytest.raises(ValidationError, match="uncertain"):
        resend_uncertain(letter=letter, by=letter.created_by)


def test_a_batch_that_ran_half_a_lease_gives_the_rest_to_a_new_batch(
    in_town_a, mailoutbox, monkeypatch
) -> None:
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from portal.letters.services.sending import LEASE

    # given a letter to four people and a mail server that takes a third of a lease a mail
    _people(4)
    letter = _letter()
    send_letter(letter=letter, by=letter.created_by)
    queued: list[Any] = []
    monkeypatch.setattr(sending_module, "_queue_batches", lambda _letter, n: queued.append(n) or 1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        original = sending_module.letter_message

        def slow(*args: Any) -> Any:
            clock.shift(LEASE / 3 + timedelta(seconds=1))
            return original(*args)

        monkeypatch.setattr(sending_module, "letter_message", slow)
        # when its batch runs
        sent = deliver_batch(letter_id=letter.pk)
    # then it stopped after two mails, gave the other rows back and queued a batch for them
    total = Delivery.objects.filter(letter=letter).count()
    assert sent == 2 and len(mailoutbox) == 2
    assert queued == [total - 2]
    statuses = list(Delivery.objects.filter(letter=letter).values_list("status", flat=True))
    assert sorted(statuses) == sorted(
        [Delivery.Status.PENDING] * (total - 2) + [Delivery.Status.SENT] * 2
    )
