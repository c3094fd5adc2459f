"""One way to show times and phone numbers: `portal.formatting` and its template filters."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.formatting import hours_minutes, tel_uri


@pytest.mark.parametrize(
    ("minutes", "english", "german"),
    [
        (0, "0 min", "0 Min."),
        (45, "45 min", "45 Min."),
        (60, "1 h", "1 Std."),
        (90, "1 h 30 min", "1 Std. 30 Min."),
        (-90, "−1 h 30 min", "−1 Std. 30 Min."),
        (600, "10 h", "10 Std."),
    ],
)
def test_minutes_read_as_hours_and_minutes(minutes: int, english: str, german: str) -> None:
    with translation.override("en"):
        assert hours_minutes(minutes) == english
    with translation.override("de"):
        assert hours_minutes(minutes) == german


def test_no_minutes_show_nothing() -> None:
    assert hours_minutes(None) == ""


@pytest.mark.parametrize(
    ("written", "uri"),
    [
        ("07033 12345", "tel:+49703312345"),
        ("07033 / 123-45", "tel:+49703312345"),
        ("+49 (0)7033 12345", "tel:+49703312345"),
        ("0049 7033 12345", "tel:+49703312345"),
        ("Tel.: 07033 12345", "tel:+49703312345"),
        ("+41 44 123 45 67", "tel:+41441234567"),
    ],
)
def test_phone_numbers_become_international_tel_addresses(written: str, uri: str) -> None:
    assert tel_uri(written) == uri


@pytest.mark.parametrize(
    "written", ["", None, "12345", "Mo–Fr 9–12 Uhr", "0123", "07033 12345 oder 07033 6789012345"]
)
def test_what_cannot_be_dialled_is_no_tel_address(written: str | None) -> None:
    assert tel_uri(written) is None


def test_the_template_filters_link_numbers_and_escape_the_rest() -> None:
    # given a dialable number and one with markup in it
    template = Template(
        "{% load formatting %}{{ a|tel_link }}|{{ b|tel_link }}|{{ m|hours_minutes }}"
    )
    # when both are rendered
    with translation.override("de"):
        text = template.render(Context({"a": "07033 12345", "b": "<script>x</script>", "m": 75}))
    # then the first is a tel: link, the second inert text, the minutes in words
    first, second, third = text.split("|")
    assert first == '<a href="tel:+49703312345" class="tel-link">07033 12345</a>'
    assert second == "&lt;script&gt;x&lt;/script&gt;"
    assert third == "1 Std. 15 Min."


def test_every_place_writes_durations_with_the_one_function() -> None:
    from modules.exchange.forms import duration_choices
    from portal.dashboard.formatting import format_figure

    with translation.override("en"):
        # the dashboard, also for a negative figure (divmod alone gives "-2 h 30 min")
        assert format_figure(-90, "minutes") == hours_minutes(-90) == "−1 h 30 min"
        assert format_figure(75_000, "minutes") == "1,250 h"
        # the forms' choices and the words of the personal area
        assert dict(duration_choices(90))[90] == hours_minutes(90, style="clock") == "1:30 h"
        assert hours_minutes(-150, style="words") == "−2 hours 30 minutes"
    with translation.override("de"):
        assert hours_minutes(90, style="words") == "1 Stunde 30 Minuten"
        assert format_figure(90, "minutes") == "1 Std. 30 Min."


@pytest.mark.parametrize(
    ("language", "cents", "shown"),
    [
        ("de", 123450, "1.234,50\u00a0€"),
        ("de", 5, "0,05\u00a0€"),
        ("de", 0, "0,00\u00a0€"),
        ("en", 123450, "1,234.50\u00a0€"),
    ],
)
def test_euros_are_written_as_the_language_writes_them(
    language: str, cents: int, shown: str
) -> None:
    from django.utils import translation

    from portal.formatting import euros

    with translation.override(language):
        assert euros(cents) == shown
    assert euros(None) == ""
