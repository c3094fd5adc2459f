"""notify(): one mail to one person, in their language, with an optional answer address."""

from __future__ import annotations

import pytest
from django.core import mail

from portal.notify import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_in_the_persons_language_with_reply_to(
    in_town_a, django_capture_on_commit_callbacks
):
    german = UserFactory(full_name="Erika Haug", language="de")
    english = UserFactory(full_name="Tom Smith", language="en")
    context = {"what": "Angebot", "title": "Fahrrad", "link": "http://x/manage/moderation/"}
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(german, "moderation/reported", context=context, reply_to="a@b.example")
        assert notify(english, "moderation/reported", context=context)
    by_person = {m.to[0]: m for m in mail.outbox}
    assert "Erika Haug" in by_person[german.email].body
    assert "gemeldet" in by_person[german.email].subject
    assert by_person[german.email].reply_to == ["a@b.example"]
    assert "reported" in by_person[english.email].subject
    assert by_person[english.email].reply_to != ["a@b.example"]


def test_notify_skips_people_without_address(in_town_a, django_capture_on_commit_callbacks):
    person = UserFactory()
    type(person).objects.filter(pk=person.pk).update(email=None, is_managed=True)
    person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert not notify(person, "moderation/reported", context={"what": "", "title": ""})
    assert mail.outbox == []
