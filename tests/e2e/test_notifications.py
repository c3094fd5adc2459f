"""Notifications in a real Chromium: a resident chooses how a kind is e-mailed, and someone
unsubscribes with the link from an e-mail in the outbox; axe-core checks the new pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from portal.notifications.selectors import email_choice
from portal.notify import notify
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _violations
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
CONTEXT = {"what": "Listing", "title": "Fahrrad", "link": "http://alpha.lq.test/exchange/"}


def _log_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(town_url(live_server, "alpha", "/accounts/login/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked button[type=submit]")


def test_a_resident_reads_the_inbox_and_chooses_a_weekly_summary(live_server, page, towns) -> None:
    # given a resident with one unread notification
    with tenant_context(towns["alpha"]):
        person = UserFactory(email="leserin@example.org", language="en")
        notify(person, "moderation/reported", context=CONTEXT)
    _log_in(page, live_server, "leserin@example.org")
    # when she opens her notifications and marks it read
    page.goto(town_url(live_server, "alpha", "/notifications/"))
    assert "Fahrrad" in page.content()
    assert _violations(page) == []
    page.click("button:has-text('Mark as read')")
    page.wait_for_url(re.compile(r"/notifications/"))
    assert "Marked as read" in page.content()
    # and chooses the weekly summary for other messages, with the keyboard, on the settings page
    page.click("a[href$='/notifications/settings/']")
    page.wait_for_url(re.compile(r"/notifications/settings/"))
    assert _violations(page) == []
    page.focus("input[name=other][value=weekly]")
    page.keyboard.press("Space")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/notifications/settings/"))
    # then the page says so and the choice is hers
    assert "Your choices are saved" in page.content()
    assert page.is_checked("input[name=other][value=weekly]")
    with tenant_context(towns["alpha"]):
        assert email_choice(person, "other") == "weekly"
        assert email_choice(person, "exchange_messages") == "immediate"


def test_someone_unsubscribes_with_the_link_from_an_email(live_server, page, towns) -> None:
    # given an e-mail about a new message in the outbox
    with tenant_context(towns["alpha"]):
        person = UserFactory(email="abbestellen@example.org", language="en")
        notify(person, "moderation/reported", context=CONTEXT, kind="exchange_messages")
    [sent] = [m for m in mail.outbox if m.to == ["abbestellen@example.org"]]
    found = re.search(r"https?://\S+/notifications/unsubscribe/\S+/", str(sent.body))
    assert found is not None, sent.body
    assert sent.message()["List-Unsubscribe"] == f"<{found.group(0)}>"
    path = re.sub(r"^https?://[^/]+", "", found.group(0))
    # when they open it (not logged in): a question first, nothing changed yet
    page.goto(town_url(live_server, "alpha", path))
    assert "New messages about listings" in page.content()
    assert _violations(page) == []
    with tenant_context(towns["alpha"]):
        assert email_choice(person, "exchange_messages") == "immediate"
    # and press the one button
    with page.expect_navigation():
        page.click("main button[type=submit]")
    # then that kind is off, and opening the link again says so
    assert "no more e-mails" in page.content()
    with tenant_context(towns["alpha"]):
        assert email_choice(person, "exchange_messages") == "off"
    page.goto(town_url(live_server, "alpha", path))
    assert "already unsubscribed" in page.content()


def test_someone_unsubscribes_from_the_daily_summary_in_the_outbox(
    live_server, page, towns
) -> None:
    from portal.notifications.services import set_preferences
    from portal.notifications.tasks import plan_daily_digests

    # given a resident who gets other messages in a daily summary, and today's summary
    with tenant_context(towns["alpha"]):
        person = UserFactory(email="zusammenfassung@example.org", language="en")
        set_preferences(user=person, choices={"other": "daily"})
        notify(person, "moderation/reported", context=CONTEXT)
        assert plan_daily_digests.apply().get() == 1
    [digest] = [m for m in mail.outbox if m.to == ["zusammenfassung@example.org"]]
    assert "daily summary" in digest.subject and "Fahrrad" in digest.body
    found = re.search(r"https?://\S+/notifications/unsubscribe/\S+/", str(digest.body))
    assert found is not None and digest.message()["List-Unsubscribe"] == f"<{found.group(0)}>"
    # when they follow its unsubscribe link and confirm
    page.goto(town_url(live_server, "alpha", re.sub(r"^https?://[^/]+", "", found.group(0))))
    assert "daily summary" in page.content()
    with page.expect_navigation():
        page.click("main button[type=submit]")
    # then no kind comes in a daily summary any more
    assert "no more e-mails" in page.content()
    with tenant_context(towns["alpha"]):
        assert email_choice(person, "other") == "off"
