"""Letter copies are in the town's mail log (the dashboard's "e-mails sent"), once each
however often a copy is sent, and a bounce of a copy marks its delivery and its record."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from portal.dashboard.selectors import town_dashboard
from portal.letters.mailing import read_copy_message_id
from portal.letters.models import Delivery, Letter
from portal.letters.services import resend_uncertain, resume_sending, send_letter
from portal.mail_log.models import SentEmail
from tenants.models import Town
from tests.factories import UserFactory
from tests.factories.letters import LetterFactory, SectionFactory

pytestmark = pytest.mark.django_db

SECRET = "bounce-secret-for-letters"


@pytest.fixture
def secret(settings) -> str:  # type: ignore[no-untyped-def]
    settings.LQ_BOUNCE_WEBHOOK_SECRET = SECRET
    return SECRET


def _send_letter(town: Town, people: int, capture) -> tuple[Letter, list[str]]:  # type: ignore[no-untyped-def]
    """A letter of `town` sent to `people` new people; its copies' Message-IDs."""
    from django.core import mail

    with tenant_context(town):
        UserFactory.create_batch(people)
        letter = LetterFactory()
        SectionFactory(letter=letter, heading="Neues", body="Aus der Gemeinde")
        before = len(mail.outbox)
        with capture(execute=True):
            send_letter(letter=letter, by=letter.created_by)
        ids = [str(m.extra_headers["Message-ID"]) for m in mail.outbox[before:]]
    return letter, ids


def _figures(town: Town) -> dict[str, int]:
    with tenant_context(town):
        dashboard = town_dashboard()
    section = next(view for view in dashboard.sections if view.section.key == "email")
    return {one.key: sum(one.weeks.values()) for one in section.section.series}


def _report(client, message_id: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/mail/bounces/",
        data=json.dumps({"message_id": message_id}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {SECRET}",
    )


def test_every_copy_counts_once_as_an_email_sent(
    town_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given a letter sent to everyone (the letter's author and four more people)
    letter, ids = _send_letter(town_a, 4, django_capture_on_commit_callbacks)
    with tenant_context(town_a):
        copies = Delivery.objects.filter(letter=letter, status=Delivery.Status.SENT).count()
        # then each copy is one record of the mail log, and the dashboard counts them
        assert copies == len(ids) >= 5
        assert SentEmail.objects.filter(kind="letter").count() == copies
        others = SentEmail.objects.exclude(kind="letter").count()  # e.g. the town's welcome
    assert _figures(town_a)["email_sent"] == copies + others
    # when a worker died after handing one copy over, and the copy is sent again
    with tenant_context(town_a):
        Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.SENDING)
        doubt = Delivery.objects.filter(letter=letter).first()
        assert doubt is not None
        Delivery.objects.filter(pk=doubt.pk).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now() - timedelta(hours=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            resume_sending(letter=letter)
        # (the copy is uncertain now, not sent again by itself; a moderator sends it again)
        assert len(mailoutbox) == len(ids)
        with django_capture_on_commit_callbacks(execute=True):
            resend_uncertain(letter=letter, by=UserFactory(moderator=True))
        # then the copy went out again (same Message-ID) but is still one record
        assert len(mailoutbox) == len(ids) + 1
        assert mailoutbox[-1].extra_headers["Message-ID"] in ids
        assert SentEmail.objects.filter(kind="letter").count() == copies


def test_a_bounced_copy_marks_its_delivery_and_counts_as_bounced(
    public_client, client_a, secret, town_a, town_b, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given a letter of town A and one of town B
    letter, ids = _send_letter(town_a, 2, django_capture_on_commit_callbacks)
    _other, _other_ids = _send_letter(town_b, 2, django_capture_on_commit_callbacks)
    ref = read_copy_message_id(ids[0])
    assert ref is not None and ref.town_slug == town_a.slug
    # when the provider reports one copy of town A bounced (twice)
    assert _report(public_client, ids[0]).status_code == 204
    assert _report(public_client, ids[0]).status_code == 204
    # then that person's delivery is bounced, nobody else's, and it counts once
    with tenant_context(town_a):
        bounced = Delivery.objects.filter(letter=letter, bounced_at__isnull=False)
        assert [d.user.public_id for d in bounced] == [ref.user_id]
        assert SentEmail.objects.filter(kind="letter", bounced_at__isnull=False).count() == 1
    assert _figures(town_a)["email_bounced"] == 1
    # and the letter's console page says so
    with tenant_context(town_a):
        client_a.force_login(UserFactory(moderator=True))
    page = client_a.get(f"/manage/letters/{letter.public_id}/").content.decode()
    assert "Could not be delivered (came back)</dt><dd>1</dd>" in page
    # and town B knows nothing of it
    with tenant_context(town_b):
        assert not Delivery.objects.filter(bounced_at__isnull=False).exists()
    assert _figures(town_b)["email_bounced"] == 0


def test_a_copy_id_naming_another_town_or_unknown_copy_changes_nothing(
    public_client, secret, town_a, town_b, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given a sent copy of town A
    _letter, ids = _send_letter(town_a, 1, django_capture_on_commit_callbacks)
    copy_id = ids[0]
    # when its Message-ID is reported with town B's host, or with a letter nobody sent
    forged = copy_id.replace(f"@{town_a.slug}.", f"@{town_b.slug}.")
    unknown = "<letter.00000000-0000-4000-8000-000000000000." + copy_id.split(".", 2)[2]
    # then the town has no such copy (404)
    assert _report(public_client, forged).status_code == 404
    assert _report(public_client, unknown).status_code == 404
    # and a copy id of another domain, or a mangled one, is not ours (400)
    assert _report(public_client, copy_id.replace(".", "x", 1)).status_code == 400
    assert _report(public_client, copy_id.rstrip(">") + ".evil.example>").status_code == 400
    # and nothing was marked anywhere
    for town in (town_a, town_b):
        with tenant_context(town):
            assert not Delivery.objects.filter(bounced_at__isnull=False).exists()
            assert not SentEmail.objects.filter(bounced_at__isnull=False).exists()


def test_a_copy_not_handed_to_the_mail_server_cannot_bounce(
    public_client, secret, town_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    # given a copy that is still waiting to be sent
    letter, ids = _send_letter(town_a, 1, django_capture_on_commit_callbacks)
    with tenant_context(town_a):
        Delivery.objects.filter(letter=letter).update(status=Delivery.Status.PENDING)
    # when a bounce names it, then it is unknown and nothing changes
    assert _report(public_client, ids[0]).status_code == 404
    with tenant_context(town_a):
        assert not Delivery.objects.filter(bounced_at__isnull=False).exists()
