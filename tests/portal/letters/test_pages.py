"""The console pages (moderators and administrators only, town-scoped) and the public page
and PDF of a sent letter, where markup of the letter is text."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django_tenants.utils import tenant_context

from portal.letters.models import Letter
from tests.factories import UserFactory
from tests.factories.letters import LetterFactory, SectionFactory
from tests.portal.letters.markup import active_markup

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><a href="javascript:alert(1)">klick</a>'


def _sent_letter(**kwargs: object) -> Letter:
    letter = LetterFactory(status=Letter.Status.SENT, intro=f"Hallo {SCRIPT}", **kwargs)
    SectionFactory(letter=letter, heading=f"Teil {SCRIPT}", body=f"Absatz\n\n{SCRIPT}")
    return letter


@pytest.mark.parametrize("path", ["/manage/letters/", "/manage/letters/{id}/preview/"])
def test_a_resident_is_refused_and_a_visitor_asked_to_log_in(
    in_town_a, client_a, path: str
) -> None:
    letter = LetterFactory()
    url = path.format(id=letter.public_id)
    assert client_a.get(url).status_code == 302
    client_a.force_login(UserFactory())
    response = client_a.get(url)
    assert response.status_code == 403


def test_a_resident_cannot_send(in_town_a, client_a) -> None:
    letter = LetterFactory()
    SectionFactory(letter=letter)
    client_a.force_login(UserFactory())
    response = client_a.post(f"/manage/letters/{letter.public_id}/send/")
    assert response.status_code == 403
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT


@time_machine.travel(datetime(2026, 11, 20, 9, tzinfo=UTC), tick=False)
def test_a_moderator_starts_edits_previews_and_sends(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    client_a.force_login(UserFactory(moderator=True))
    reader = UserFactory(email="leserin@example.org")
    # start
    response = client_a.post("/manage/letters/", {"quarter": "2026-q4"})
    assert response.status_code == 302
    letter = Letter.objects.get(slug="2026-q4")
    assert response["Location"] == f"/manage/letters/{letter.public_id}/"
    # edit and go on to the preview
    response = client_a.post(
        response["Location"],
        {
            "title": "Unser Herbstbrief",
            "intro": "Liebe Leute",
            "section-0-heading": "Neu",
            "section-0-body": "Es gibt Neues.",
            "preview": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/preview/")
    html = client_a.get(response["Location"]).content.decode()
    assert "Unser Herbstbrief" in html and "Es gibt Neues." in html
    # send
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/manage/letters/{letter.public_id}/send/", follow=True)
    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert [m.subject for m in mail.outbox if m.to == [reader.email]] == ["Unser Herbstbrief"]


def test_editing_with_bad_input_shows_the_problems_and_keeps_the_text(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory(town_admin=True))
    letter = LetterFactory(title="Vorher")
    response = client_a.post(
        f"/manage/letters/{letter.public_id}/",
        {"title": "", "intro": "Bleibt stehen", "section-0-heading": "", "section-0-body": "Ohne"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bleibt stehen" in html and "Please give this part a heading." in html
    letter.refresh_from_db()
    assert letter.title == "Vorher"


def test_a_forged_quarter_is_refused(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory(moderator=True))
    response = client_a.post("/manage/letters/", {"quarter": "2099-q1"})
    assert response.status_code == 400
    assert not Letter.objects.exists()


def test_another_towns_letter_is_not_found(town_a, town_b, client_b) -> None:
    with tenant_context(town_a):
        letter = _sent_letter(title="Nur in Alpha")
        draft = LetterFactory(year=2025, quarter=2)
        SectionFactory(letter=draft)
    with tenant_context(town_b):
        client_b.force_login(UserFactory(moderator=True))
    for path in [
        f"/manage/letters/{letter.public_id}/",
        f"/manage/letters/{draft.public_id}/preview/",
    ]:
        assert client_b.get(path).status_code == 404
    assert client_b.post(f"/manage/letters/{draft.public_id}/send/").status_code == 404
    assert client_b.get(f"/letters/{letter.slug}/").status_code == 404
    assert client_b.get(f"/letters/{letter.slug}/pdf/").status_code == 404
    with tenant_context(town_a):
        draft.refresh_from_db()
        assert draft.status == Letter.Status.DRAFT


def test_a_draft_has_no_public_page(in_town_a, client_a) -> None:
    letter = LetterFactory()
    assert client_a.get(f"/letters/{letter.slug}/").status_code == 404
    assert client_a.get(f"/letters/{letter.slug}/pdf/").status_code == 404


def test_the_public_page_shows_the_letters_markup_as_text(in_town_a, client_a) -> None:
    letter = _sent_letter()
    response = client_a.get(f"/letters/{letter.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert active_markup(html) == []
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "letters/letter.css" in html  # the print stylesheet


def test_the_pdf_has_the_letters_markup_as_text_and_nothing_active(in_town_a, client_a) -> None:
    from pypdf import PdfReader

    letter = _sent_letter()
    response = client_a.get(f"/letters/{letter.slug}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert '<script>alert("x")</script>' in text.replace("\n", "")
    assert letter.title in text
    for active in (b"/JavaScript", b"/JS", b"/OpenAction", b"/Launch", b"javascript:"):
        assert active not in content, active


def test_the_console_continues_a_stalled_send(
    in_town_a, client_a, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from portal.letters.services import send_letter

    # given a letter whose batch messages were lost (never run)
    UserFactory(email="wartet@example.org")
    letter = LetterFactory()
    SectionFactory(letter=letter)
    send_letter(letter=letter, by=letter.created_by)
    client_a.force_login(UserFactory(moderator=True))
    html = client_a.get(f"/manage/letters/{letter.public_id}/").content.decode()
    assert "Continue sending" in html
    # when a moderator continues it
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/manage/letters/{letter.public_id}/resume/")
    # then everyone waiting got it
    assert response.status_code == 302
    assert "wartet@example.org" in [a for m in mailoutbox for a in m.to]
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT


@pytest.mark.parametrize(
    "path", ["/manage/letters/", "/manage/letters/{id}/", "/manage/letters/{id}/preview/"]
)
def test_the_letter_pages_are_console_pages_with_its_warnings(in_town_a, client_a, path) -> None:
    from portal.branding.models import Branding

    # given a town without a privacy statement, and its administrator
    Branding.objects.update(privacy="")
    letter = LetterFactory()
    client_a.force_login(UserFactory(town_admin=True))
    # when the administrator opens a letter page of the console
    response = client_a.get(path.format(id=letter.public_id))
    # then it has what every console page has: the missing pages warning, the module links
    assert response.status_code == 200
    assert "Pages the town still has to publish" in response.content.decode()
    assert "moderation_links" in response.context
    assert response.context["section"] == "letters"


def test_the_console_shows_uncertain_copies_and_sends_them_again_on_request(
    in_town_a, client_a, town_b, client_b, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    from portal.letters.models import Delivery

    # given a sent letter whose copy for one person was interrupted while being handed over
    person = UserFactory(email="vielleicht@example.org")
    letter = _sent_letter()
    Delivery.objects.create(letter=letter, user=person, status=Delivery.Status.UNCERTAIN)
    moderator = UserFactory(moderator=True)
    client_a.force_login(moderator)
    # when a moderator looks at the letter: the uncertain copy is shown with its button
    html = client_a.get(f"/manage/letters/{letter.public_id}/").content.decode()
    assert "Perhaps received (sending was interrupted)" in html
    assert "Send these copies again" in html
    # another town's moderator cannot send it again
    with tenant_context(town_b):
        client_b.force_login(UserFactory(moderator=True))
    assert client_b.post(f"/manage/letters/{letter.public_id}/resend-uncertain/").status_code == 404
    # when the moderator sends it again, the person gets it once
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/manage/letters/{letter.public_id}/resend-uncertain/")
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["vielleicht@example.org"]]
    assert Delivery.objects.get(letter=letter, user=person).status == Delivery.Status.SENT
    # and a second press finds nothing uncertain and changes nothing
    response = client_a.post(f"/manage/letters/{letter.public_id}/resend-uncertain/", follow=True)
    assert "uncertain" in response.content.decode()
    assert len(mailoutbox) == 1
