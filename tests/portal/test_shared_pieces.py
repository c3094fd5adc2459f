"""The last shared pieces of issue 6: one reason cleaner, service refusals on forms, the
per-person mails through `notify`, and the POST-button helper."""

from __future__ import annotations

import pytest
from django import forms
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from modules.exchange import services as exchange_services
from modules.exchange.scopes import MESSAGES
from portal.accounts import services as account_services
from portal.accounts.models import User
from portal.moderation import services as moderation
from portal.notify import notify
from portal.validation import add_service_errors, clean_reason
from tests.factories import UserFactory
from tests.factories.exchange import ListingFactory


@pytest.mark.parametrize("text", ["a\x07b", "Spam\x00", "a\x1bb"])
def test_a_reason_with_control_characters_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_reason(text, required=False, max_length=100)
    assert "control characters" in str(caught.value.message_dict["reason"])


def test_an_invisible_only_reason_counts_as_missing() -> None:
    assert clean_reason("  ", required=False, max_length=10) == ""
    with pytest.raises(ValidationError, match="only invisible"):
        clean_reason("\u200b\u200b", required=False, max_length=10)
    with pytest.raises(ValidationError, match="Please give a reason"):
        clean_reason("", required=True, max_length=10)


def test_a_reason_keeps_line_breaks_and_each_callers_limit_and_wording() -> None:
    assert clean_reason(" Zeile 1\r\nZeile 2 ", required=True, max_length=20) == (
        "Zeile 1\nZeile 2"
    )
    with pytest.raises(ValidationError) as caught:
        clean_reason("x" * 11, required=True, max_length=10, too_long_message="max %(max)d")
    assert caught.value.message_dict == {"reason": ["max 10"]}
    # Not tied to a field (the operators' command line shows it as it is).
    with pytest.raises(ValidationError) as plain:
        clean_reason("", required=True, max_length=10, field=None, required_message="Why?")
    assert not hasattr(plain.value, "error_dict") and plain.value.messages == ["Why?"]


def test_a_refusal_of_the_actor_is_shown_above_the_form() -> None:
    class Form(forms.Form):
        body = forms.CharField()

    form = Form({"body": "Hallo"})
    assert form.is_valid()
    add_service_errors(form, PermissionDenied("The consent has ended."))
    assert form.non_field_errors() == ["The consent has ended."]


@pytest.mark.django_db
def test_the_moderation_kit_refuses_control_characters_in_a_report(in_town_a) -> None:
    listing = ListingFactory()
    with pytest.raises(ValidationError, match="control characters"):
        moderation.report(
            target=listing, reporter=UserFactory(), reason="Spam\x1b[2J", what="Listing"
        )


@pytest.mark.django_db
def test_exchange_block_refuses_an_invisible_only_reason(in_town_a) -> None:
    resident = UserFactory()
    with pytest.raises(ValidationError, match="only invisible"):
        exchange_services.block_user(
            user=resident, moderator=UserFactory(moderator=True), reason="\u200b"
        )
    resident.refresh_from_db()
    assert resident.status == User.Status.ACTIVE


@pytest.mark.django_db
def test_a_rejected_person_is_told_in_their_language_at_their_address(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    pending = UserFactory(pending=True, language="de")
    address = pending.email
    with django_capture_on_commit_callbacks(execute=True):
        account_services.reject_user(
            user=pending, rejected_by=UserFactory(moderator=True), reason="Nicht aus dem Ort"
        )
    [sent] = mail.outbox
    assert sent.to == [address] and not sent.reply_to
    assert "Nicht aus dem Ort" in sent.body


@pytest.mark.django_db
def test_notify_skips_a_managed_resident_unless_helpers_read_for_them(
    in_town_a, django_capture_on_commit_callbacks
) -> None:
    managed = UserFactory(email=None, is_managed=True, email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert not notify(managed, "account_approved", context={"link": "/"})
        # Nobody holds a consent for this person: still nobody to write to.
        assert not notify(
            managed, "account_approved", context={"link": "/"}, helpers_scope=MESSAGES
        )
    assert mail.outbox == []
