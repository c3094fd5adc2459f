"""Starting a letter pre-fills it from the modules (frozen time); editing checks every part."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from portal.letters.models import Letter
from portal.letters.services import SectionText, edit_letter, start_letter
from tests.factories import UserFactory
from tests.factories.directory import OrganisationFactory
from tests.factories.info import EventFactory, NewsFactory
from tests.factories.letters import LetterFactory, SectionFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@time_machine.travel(NOW, tick=False)
def test_a_new_letter_is_pre_filled_with_the_quarters_news_events_and_organisations(
    in_town_a,
) -> None:
    # given news in the quarter, before it and scheduled for later; events soon, far away
    # and cancelled; organisations new in the quarter, older and still pending
    NewsFactory(title="Neue Bänke am See", summary="Zehn Bänke.", publish_at=_at(2026, 10, 5, 8))
    NewsFactory(title="Sommerfest war schön", publish_at=_at(2026, 9, 20, 8))
    NewsFactory(title="Noch geheim", publish_at=_at(2026, 11, 25, 8))
    EventFactory(title="Adventskonzert", start=_at(2026, 12, 5, 18), end=_at(2026, 12, 5, 20))
    EventFactory(title="Osterfeuer", start=_at(2027, 4, 3, 18), end=_at(2027, 4, 3, 20))
    EventFactory(
        title="Abgesagter Basar",
        start=_at(2026, 12, 1, 10),
        end=_at(2026, 12, 1, 12),
        cancelled_at=NOW,
    )
    OrganisationFactory(name="Schachclub Springer", approved_at=_at(2026, 10, 10, 9))
    OrganisationFactory(name="Alter Gesangverein", approved_at=_at(2025, 6, 1, 9))
    OrganisationFactory(name="Wartender Verein", status="pending", approved_at=None)
    moderator = UserFactory(moderator=True)
    # when the moderator starts the letter of the 4th quarter
    letter = start_letter(year=2026, quarter=4, by=moderator)
    # then it has the quarter's news, the coming events and the new organisation
    sections = {s.source + ":" + s.heading: s.body for s in letter.sections.all()}
    assert list(sections) == [
        "directory:New in the directory",
        "info:News of the last three months",
        "info:Coming events",
    ]
    news = sections["info:News of the last three months"]
    assert "Neue Bänke am See (10/05/2026)" in news or "Neue Bänke am See (05.10.2026)" in news
    assert "Zehn Bänke." in news and "/info/news/" in news
    assert "Sommerfest" not in news and "Noch geheim" not in news
    events = sections["info:Coming events"]
    assert "Adventskonzert" in events and "/info/events/" in events
    assert "Osterfeuer" not in events and "Abgesagter Basar" not in events
    organisations = sections["directory:New in the directory"]
    assert "Schachclub Springer" in organisations
    assert "Gesangverein" not in organisations and "Wartender" not in organisations
    assert letter.slug == "2026-q4" and letter.title == "Quarterly letter 4/2026"
    assert letter.status == Letter.Status.DRAFT


@time_machine.travel(NOW, tick=False)
def test_a_module_switched_off_contributes_nothing(in_town_a) -> None:
    from tenants.models import Town

    NewsFactory(title="Neue Bänke am See", publish_at=_at(2026, 10, 5, 8))
    in_town_a.enabled_modules = [m for m in in_town_a.enabled_modules if m != "info"]
    Town.objects.filter(pk=in_town_a.pk).update(enabled_modules=in_town_a.enabled_modules)
    letter = start_letter(year=2026, quarter=4, by=UserFactory(moderator=True))
    assert not letter.sections.filter(source="info").exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("year", "quarter", "field"),
    [(2027, 1, "year"), (2026, 5, "quarter"), (1999, 1, "year"), (2026, 0, "quarter")],
)
def test_a_letter_for_a_quarter_not_begun_or_not_existing_is_refused(
    in_town_a, year: int, quarter: int, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        start_letter(year=year, quarter=quarter, by=UserFactory(moderator=True))
    assert field in refused.value.message_dict
    assert not Letter.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_second_letter_for_the_same_quarter_is_refused(in_town_a) -> None:
    moderator = UserFactory(moderator=True)
    start_letter(year=2026, quarter=3, by=moderator)
    with pytest.raises(ValidationError, match="already a letter"):
        start_letter(year=2026, quarter=3, by=moderator)
    assert Letter.objects.count() == 1


def test_editing_keeps_markup_as_typed_and_drops_empty_parts(in_town_a) -> None:
    letter = LetterFactory()
    SectionFactory(letter=letter, position=0)
    edit_letter(
        letter=letter,
        title="Brief <b>fett</b>",
        intro="Hallo\r\n\r\n<script>alert(1)</script>",
        sections=[SectionText("Erstens", "Text"), SectionText("", ""), SectionText("Zwei", "")],
        by=letter.created_by,
    )
    letter.refresh_from_db()
    assert letter.title == "Brief <b>fett</b>"
    assert letter.intro == "Hallo\n\n<script>alert(1)</script>"
    assert [(s.heading, s.body) for s in letter.sections.all()] == [
        ("Erstens", "Text"),
        ("Zwei", ""),
    ]


def test_editing_reports_every_problem_at_once_and_changes_nothing(in_town_a) -> None:
    letter = LetterFactory(title="Vorher")
    SectionFactory(letter=letter, position=0, heading="Alt", body="Alter Text")
    with pytest.raises(ValidationError) as refused:
        edit_letter(
            letter=letter,
            title="",
            intro="x" * 5000,
            sections=[SectionText("", "Text ohne Überschrift"), SectionText("Bad\x00", "")],
            by=letter.created_by,
        )
    assert set(refused.value.message_dict) == {
        "title",
        "intro",
        "section-0-heading",
        "section-1-heading",
    }
    letter.refresh_from_db()
    assert letter.title == "Vorher"
    assert [(s.heading, s.body) for s in letter.sections.all()] == [("Alt", "Alter Text")]


def test_a_sent_letter_cannot_be_edited(in_town_a) -> None:
    letter = LetterFactory(status=Letter.Status.SENT, title="Versendet")
    with pytest.raises(ValidationError):
        edit_letter(letter=letter, title="Neu", intro="", sections=[], by=letter.created_by)
    letter.refresh_from_db()
    assert letter.title == "Versendet"
