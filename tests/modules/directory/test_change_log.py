"""An organisation's change log names the changed fields as the form does, and only those."""

from __future__ import annotations

import pytest
from django.utils import translation

from modules.directory import services
from modules.directory.models import OrganisationChange

pytestmark = pytest.mark.django_db


def test_only_really_changed_fields_are_logged(cafe, owner):
    # given a profile with two categories
    cafe.categories = ["social", "seniors"]
    cafe.save(update_fields=["categories"])
    # when its owner sends the form back with the same categories in the form's order,
    # the same name, and a new phone number
    services.update_organisation(
        organisation=cafe,
        changed_by=owner,
        fields={"name": cafe.name, "categories": ["seniors", "social"], "phone": "07033 12345"},
    )
    # then only the phone is logged as changed
    change = OrganisationChange.objects.filter(action=OrganisationChange.Action.EDITED).get()
    assert change.fields == ["phone"]


def test_the_log_shows_translated_field_names(cafe, owner, client_a):
    # given an edit of the meeting times and the website
    services.update_organisation(
        organisation=cafe,
        changed_by=owner,
        fields={"meeting_times": "Samstags 10 Uhr", "website": "https://repair.example"},
    )
    change = OrganisationChange.objects.filter(action=OrganisationChange.Action.EDITED).get()
    # then the log names them in words, in the reader's language
    with translation.override("en"):
        assert change.field_labels == ["meeting or opening times", "website"]
    with translation.override("de"):
        assert "meeting_times" not in change.field_labels
    client_a.force_login(owner)
    page = client_a.get(f"/directory/o/{cafe.slug}/").content.decode()
    assert "(meeting or opening times, website)" in page
    assert "meeting_times" not in page
