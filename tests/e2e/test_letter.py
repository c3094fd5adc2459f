"""A network manager, in the browser: starts the quarter's e-letter, edits it, previews and
sends it; the letter's public page offers the PDF. Every page passes the WCAG checks."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from portal.accounts.models import Role, User
from portal.letters.models import Letter
from tests.e2e.conftest import town_url
from tests.e2e.test_accessibility import _log_in, _violations
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Fetched by the page itself (same origin), as the browser would when the link is followed.
FETCH_START = """async (url) => {
  const response = await fetch(url);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return [response.status, response.headers.get("content-type"),
          String.fromCharCode(...bytes.slice(0, 4))];
}"""


def test_network_manager_writes_and_sends_the_quarterly_letter(live_server, page, towns) -> None:
    alpha = towns["alpha"]
    with tenant_context(alpha):
        Letter.objects.all().delete()
        UserFactory(
            email="nora@alpha.example", full_name="Nora Netz", roles=[Role.RESIDENT, Role.MODERATOR]
        )
        UserFactory(email="leser@alpha.example", full_name="Lars Leser")
    try:
        _log_in(page, live_server, "nora@alpha.example")
        page.wait_for_url(re.compile(r"/$"))

        # she opens the e-letter in the console and starts the current quarter's letter
        page.goto(town_url(live_server, "alpha", "/manage/letters/"))
        assert not _violations(page)
        page.click("form.stacked button[type=submit]")
        page.wait_for_url(re.compile(r"/manage/letters/[0-9a-f-]{36}/$"))
        assert not _violations(page)

        # she gives it a title of her own and writes a part, then looks at the preview
        page.fill("input[name=title]", "Herbstgrüße aus Alpha")
        page.fill("textarea[name=intro]", "Liebe Nachbarinnen und Nachbarn,\n\nes war viel los.")
        last = page.locator("textarea[name$='-body']").last
        last.fill("Der Bücherschrank am Markt ist eröffnet. <b>Nicht fett</b>")
        page.locator("input[name$='-heading']").last.fill("Bücherschrank")
        page.click("button[name=preview]")
        page.wait_for_url(re.compile(r"/preview/$"))
        assert not _violations(page)
        preview = page.locator("article.letter-preview")
        assert "Herbstgrüße aus Alpha" in preview.inner_text()
        assert "<b>Nicht fett</b>" in preview.inner_text()  # shown as typed, not bold

        # she sends it
        page.click("form[action$='/send/'] button[type=submit]")
        page.wait_for_url(re.compile(r"/manage/letters/[0-9a-f-]{36}/$"))
        assert not _violations(page)
        assert (
            page.get_by_text("The letter is being sent", exact=False).count()
            or page.get_by_text("Der Brief wird verschickt", exact=False).count()
        )

        with tenant_context(alpha):
            letter = Letter.objects.get()
            assert letter.status == Letter.Status.SENT
            assert [m.subject for m in mail.outbox if m.to == ["leser@alpha.example"]] == [
                "Herbstgrüße aus Alpha"
            ]

        # the public page has the letter and its PDF
        page.goto(town_url(live_server, "alpha", f"/letters/{letter.slug}/"))
        assert not _violations(page)
        assert page.locator("h1", has_text="Herbstgrüße aus Alpha").count() == 1
        href = page.get_attribute("a[href$='/pdf/']", "href")
        assert href == f"/letters/{letter.slug}/pdf/"
        status, kind, start = page.evaluate(FETCH_START, href)
        assert (status, kind, start) == (200, "application/pdf", "%PDF")
    finally:
        with tenant_context(alpha):
            Letter.objects.all().delete()
            User.objects.filter(email__in=["nora@alpha.example", "leser@alpha.example"]).delete()
