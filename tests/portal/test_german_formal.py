"""German messages say "Sie": Django's, Django REST framework's and django-otp's informal
"du" messages are overridden in our catalogue, and our own new messages are formal too."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework import serializers

from portal.accounts import two_factor

INFORMAL = re.compile(
    r"(?<![\wäöüß])(du|dein\w*|dich|dir|gib|nutze|stelle sicher|lade|prüfe|überprüfe|versuche|bist|hast)(?![\wäöüß])",
    re.IGNORECASE,
)


def _messages_of(check: Callable[[], object], language: str = "de") -> list[str]:
    with translation.override(language):
        try:
            check()
        except serializers.ValidationError as exc:
            detail = exc.detail
            return [str(m) for m in (detail if isinstance(detail, list) else [detail])]
        except ValidationError as exc:
            return [str(m) for m in exc.messages]
    raise AssertionError("no error was raised")


CHECKS: dict[str, Callable[[], object]] = {
    "api e-mail": lambda: serializers.EmailField().run_validation("kein-at"),
    "api url": lambda: serializers.URLField().run_validation("kein url"),
    "api too long": lambda: serializers.CharField(max_length=3).run_validation("abcdef"),
    "api too short": lambda: serializers.CharField(min_length=5).run_validation("ab"),
    "api date": lambda: serializers.DateField().run_validation("gestern"),
    "api datetime": lambda: serializers.DateTimeField().run_validation("bald"),
    "api too big": lambda: serializers.IntegerField(max_value=9).run_validation(99),
    "api slug": lambda: serializers.SlugField().run_validation("a b"),
    "api decimals": lambda: serializers.DecimalField(max_digits=3, decimal_places=1).run_validation(
        "1.25"
    ),
    "form e-mail": lambda: forms.EmailField().clean("kein-at"),
    "form url": lambda: forms.URLField().clean("kein url"),
    "password too short": lambda: validate_password("abc123"),
    "password common": lambda: validate_password("password123"),
    "two-step code": lambda: two_factor._clean_code("12"),
}


@pytest.mark.parametrize("name", list(CHECKS))
def test_german_messages_address_people_formally(name: str) -> None:
    # when the message is shown in German
    messages = _messages_of(CHECKS[name])
    # then it is German and never says "du"
    assert messages, name
    for message in messages:
        assert not INFORMAL.search(message), message
    english = _messages_of(CHECKS[name], "en")
    assert messages != english, "not translated"


def test_rest_frameworks_email_message_is_the_portals_formal_one() -> None:
    # a message known to say "Gib eine gültige E-Mail Adresse an." in DRF's own catalogue
    assert _messages_of(CHECKS["api e-mail"]) == [
        "Bitte geben Sie eine gültige E-Mail-Adresse ein."
    ]


def test_the_two_step_pages_are_formal_german(in_town_a, client_a) -> None:
    from tests.factories import UserFactory

    client_a.cookies["django_language"] = "de"
    client_a.force_login(UserFactory())
    text = client_a.get("/accounts/two-factor/setup/").text
    assert "Anmeldung in zwei Schritten einrichten" in text
    visible = re.sub(r"<[^>]+>", " ", text)
    assert not INFORMAL.search(visible), INFORMAL.search(visible)
