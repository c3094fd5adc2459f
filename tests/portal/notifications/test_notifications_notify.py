"""notify() by kind: inbox entry always, e-mail at once / for a digest / not at all, headers."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.notifications import selectors, services
from portal.notifications.models import Delivery, Notification
from portal.notify import notify

from .conftest import CONTEXT

pytestmark = pytest.mark.django_db


def test_immediate_mail_carries_one_click_unsubscribe_and_lands_in_the_inbox(
    people, django_capture_on_commit_callbacks
):
    # given Tom has made no choice (the kind's default: at once)
    tom = people["tom"]
    # when he is notified
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(tom, "moderation/reported", context=CONTEXT, kind="other")
    # then one mail with both RFC 8058 headers and a visible link, and an unread inbox entry
    [sent] = mail.outbox
    message = sent.message()
    unsubscribe = message["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/notifications/unsubscribe/" in unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe.strip("<>")
    assert link in sent.body
    assert link.replace("&", "&amp;") in sent.alternatives[0][0]
    item = Notification.objects.get(user=tom)
    assert item.kind == "other" and item.read_at is None and item.emailed_at is not None
    assert "reported" in item.title and "Fahrrad" in item.title + item.body
    assert "Hello Tom" not in item.body and "--" not in item.body
    assert item.link == CONTEXT["link"]
    assert selectors.unread_count(tom) == 1


def test_daily_choice_keeps_the_mail_for_the_digest_and_off_sends_none(
    people, django_capture_on_commit_callbacks
):
    erika, tom = people["erika"], people["tom"]
    services.set_preferences(user=erika, choices={"other": "daily"})
    services.set_preferences(user=tom, choices={"other": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(erika, "moderation/reported", context=CONTEXT)
        assert not notify(tom, "moderation/reported", context=CONTEXT)
    assert mail.outbox == []
    assert Notification.objects.get(user=erika).delivery == Delivery.DAILY
    assert Notification.objects.get(user=tom).delivery == Delivery.NONE
    assert selectors.unread_count(tom) == 1


def test_account_mails_are_transactional_no_inbox_no_unsubscribe(
    people, django_capture_on_commit_callbacks
):
    tom = people["tom"]
    services.set_preferences(user=tom, choices={"other": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(tom, "verify_email", context={"link": "http://x.example/v/"}, kind="account")
    [sent] = mail.outbox
    assert sent.message()["List-Unsubscribe"] is None
    assert "unsubscribe" not in sent.body.lower()
    assert not Notification.objects.filter(user=tom).exists()
    assert selectors.email_choice(tom, "account") == "immediate"


def test_an_undeclared_kind_is_refused_before_anything_happens(
    people, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValueError, match="Unknown notification kind"),
    ):
        notify(people["tom"], "moderation/reported", context=CONTEXT, kind="nonsense")
    assert mail.outbox == [] and not Notification.objects.exists()


def test_people_receiving_leaves_out_those_who_chose_off_and_those_without_address(people):
    erika, tom, moderator = people["erika"], people["tom"], people["moderator"]
    services.set_preferences(user=tom, choices={"letter": "off"})
    services.set_preferences(user=erika, choices={"other": "weekly"})
    type(moderator).objects.filter(pk=moderator.pk).update(email=None, is_managed=True)
    receiving = set(selectors.people_receiving("letter"))
    assert erika in receiving and tom not in receiving and moderator not in receiving
    assert selectors.email_choice(tom, "letter") == "off"
    assert selectors.email_choice(erika, "other") == "weekly"
    assert selectors.email_choice(erika, "letter") == "immediate"
    assert selectors.email_choice(erika, "exchange_messages") == "immediate"


def _calls(text: str) -> list[str]:
    """The argument text of every notify(...) / notify_all(...) call in `text`."""
    import re

    found = []
    for match in re.finditer(r"(?<![\w.])notify(?:_all)?\(", text):
        depth, end = 1, match.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        found.append(text[match.end() : end - 1])
    return found


def test_every_notify_caller_names_a_declared_kind():
    import re
    from pathlib import Path

    from portal.notifications.kinds import all_kinds

    # given every call of notify/notify_all in the platform and the modules
    root = Path(__file__).resolve().parents[3]
    calls = 0
    for path in [*root.glob("platform/portal/**/*.py"), *root.glob("modules/**/*.py")]:
        if path.name == "notify.py":
            continue
        for arguments in _calls(path.read_text()):
            if arguments.startswith("\n    user: User"):
                continue  # a definition
            calls += 1
            # then each names its kind, and the kind is declared
            kind = re.search(r"kind=(\"(\w+)\"|(\w+)\.key)", arguments)
            assert kind, f"{path}: a notify call without kind=: {arguments[:80]}"
            if kind.group(2):
                assert kind.group(2) in all_kinds()
    assert calls >= 12
