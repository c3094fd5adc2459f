"""The shared input rules (portal.validation) and the defects they fix in the modules:
invisible-only titles, control characters, dates in year 1."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.exchange.models import Listing
from modules.info.models import Event, News
from portal.accounts.models import Role
from portal.validation import Errors, add_service_errors, clean_text, has_visible_text
from tests.factories import UserFactory

INVISIBLE = ["\u200b", "\u200b\u200c\u200d", "\u202e\u202c", "\u2066\u2069", "\ufeff", " \u200b "]
CONTROL = ["a\x07b", "a\x00b", "a\x1bb", "a\x7fb", "a\x85b", "a\x9bb"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_only_text_is_refused(text: str) -> None:
    assert not has_visible_text(text)
    with pytest.raises(ValidationError, match="only invisible characters"):
        clean_text(text)


@pytest.mark.parametrize("text", CONTROL)
def test_control_characters_are_refused_in_short_and_long_text(text: str) -> None:
    for multiline in (False, True):
        with pytest.raises(ValidationError, match="not allowed"):
            clean_text(text, multiline=multiline)


def test_long_text_keeps_line_breaks_and_tabs_and_visible_format_characters() -> None:
    assert clean_text(" Zeile 1\r\nZeile\t2 ", multiline=True) == "Zeile 1\nZeile\t2"
    with pytest.raises(ValidationError):
        clean_text("Zeile 1\nZeile 2")
    # a zero-width joiner inside real text (emoji, Indic scripts) is fine
    assert clean_text("Familie 👨\u200d👩\u200d👧") == "Familie 👨\u200d👩\u200d👧"
    assert clean_text("   ") == ""


def test_errors_collects_every_problem_at_once() -> None:
    errors = Errors()
    errors.text("title", "\u200b", max_length=10)
    errors.text("place", "x" * 11, max_length=10)
    errors.url("link", "ftp://x")
    errors.moment("day", datetime(1, 1, 1, tzinfo=UTC))
    with pytest.raises(ValidationError) as raised:
        errors.raise_if_any()
    assert set(raised.value.message_dict) == {"title", "place", "link", "day"}


class _Form(forms.Form):
    title = forms.CharField()
    reason = forms.CharField(required=False)


def test_service_errors_land_on_their_fields_or_the_default() -> None:
    form = _Form({"title": "x"})
    assert form.is_valid()
    add_service_errors(
        form,
        ValidationError({"title": ["bad title"], "unknown": ["other"]}),
        default_field="reason",
    )
    assert form.errors == {"title": ["bad title"], "reason": ["other"]}
    plain = _Form({"title": "x"})
    assert plain.is_valid()
    add_service_errors(plain, ValidationError("whole form"))
    assert plain.non_field_errors() == ["whole form"]


# --- the defects, through the modules -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["\u200b\u200b", "\u202e", "Sofa\x07"])
def test_a_listing_title_must_be_visible_text_without_controls(client_a, town_a, title) -> None:
    with tenant_context(town_a):
        user = UserFactory()
        client_a.force_login(user)
    response = client_a.post(
        "/api/v1/exchange/listings/",
        {"kind": "give", "type": "item", "title": title},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "title" in response.json()["error"]["fields"]
    with tenant_context(town_a):
        assert Listing.objects.count() == 0


@pytest.mark.django_db
def test_an_event_title_of_zero_width_spaces_is_refused_on_the_form(client_a, town_a) -> None:
    with tenant_context(town_a):
        client_a.force_login(UserFactory(roles=[Role.RESIDENT, Role.MODERATOR]))
    client_a.cookies["django_language"] = "en"
    start = timezone.localtime(timezone.now() + timedelta(days=2))
    response = client_a.post(
        "/info/events/new/",
        {
            "title": "\u200b\u200c",
            "organiser_name": "Stadt",
            "place": "Rathaus",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "recurrence": "none",
        },
    )
    assert response.status_code == 400
    assert "only invisible characters" in response.content.decode()
    with tenant_context(town_a):
        assert Event.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("moment", ["0001-01-01T08:00:00+00:00", "9999-12-31T08:00:00+00:00"])
def test_news_cannot_be_published_in_year_1_or_9999(client_a, town_a, moment) -> None:
    with tenant_context(town_a):
        client_a.force_login(UserFactory(roles=[Role.RESIDENT, Role.MODERATOR]))
    response = client_a.post(
        "/api/v1/info/news/",
        {"title": "Alt", "body": "Sehr alt.", "publish_at": moment},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["publish_at"] == [
        "Enter a date and time between 1900 and 2200."
    ]
    with tenant_context(town_a):
        assert News.objects.count() == 0
