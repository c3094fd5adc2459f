"""Removing an offering, removing a representative and leaving an organisation ask first, on
a page of their own; profiles and offerings report every problem at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from modules.directory import services
from modules.directory.models import Offering, Organisation, Representative
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client_a):
    client_a.cookies["django_language"] = "en"


def test_removing_an_offering_asks_first(client_a, cafe, owner):
    offering = cafe.offerings.get()
    path = f"/directory/o/{cafe.slug}/offerings/{offering.public_id}/remove/"
    client_a.force_login(owner)
    # the detail page links to the question, not a button that removes at once
    detail = client_a.get(f"/directory/o/{cafe.slug}/").content.decode()
    assert f'href="{path}"' in detail
    page = client_a.get(path)
    assert page.status_code == 200
    assert "Remove the offering “Reparaturtreff”?" in page.content.decode()
    assert Offering.objects.filter(pk=offering.pk).exists()
    response = client_a.post(path)
    assert response.status_code == 302
    assert not Offering.objects.filter(pk=offering.pk).exists()


def test_a_member_cannot_reach_the_question(client_a, cafe, member):
    offering = cafe.offerings.get()
    client_a.force_login(member)
    path = f"/directory/o/{cafe.slug}/offerings/{offering.public_id}/remove/"
    assert client_a.get(path).status_code == 403
    assert client_a.post(path).status_code == 403
    assert Offering.objects.filter(pk=offering.pk).exists()


def test_leaving_an_organisation_asks_and_then_leaves(client_a, cafe, owner):
    colleague = UserFactory()
    Representative.objects.create(organisation=cafe, user=colleague)
    path = f"/directory/o/{cafe.slug}/representatives/{owner.public_id}/remove/"
    client_a.force_login(owner)
    listing = client_a.get(f"/directory/o/{cafe.slug}/representatives/").content.decode()
    assert "Leave the organisation" in listing
    page = client_a.get(path).content.decode()
    assert "Leave Repair-Café Merklingen?" in page
    assert Representative.objects.filter(organisation=cafe, user=owner).exists()
    response = client_a.post(path)
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert not Representative.objects.filter(organisation=cafe, user=owner).exists()


def test_the_last_representative_cannot_leave(client_a, cafe, owner):
    path = f"/directory/o/{cafe.slug}/representatives/{owner.public_id}/remove/"
    client_a.force_login(owner)
    response = client_a.post(path, follow=True)
    assert "An organisation keeps at least one representative." in response.content.decode()
    assert Representative.objects.filter(organisation=cafe, user=owner).exists()


def test_removing_a_colleague_asks_with_their_name(client_a, cafe, owner):
    colleague = UserFactory(full_name="Rita Reparatur")
    Representative.objects.create(organisation=cafe, user=colleague)
    path = f"/directory/o/{cafe.slug}/representatives/{colleague.public_id}/remove/"
    client_a.force_login(owner)
    page = client_a.get(path).content.decode()
    assert "Remove Rita Reparatur as representative of Repair-Café Merklingen?" in page
    assert client_a.post(path).status_code == 302
    assert not Representative.objects.filter(organisation=cafe, user=colleague).exists()


def test_the_questions_of_town_a_are_404_in_town_b(outsider_client, cafe, owner):
    offering = cafe.offerings.get()
    for path in (
        f"/directory/o/{cafe.slug}/offerings/{offering.public_id}/remove/",
        f"/directory/o/{cafe.slug}/representatives/{owner.public_id}/remove/",
    ):
        assert outsider_client.get(path).status_code == 404
        assert outsider_client.post(path).status_code == 404
    assert Offering.objects.filter(pk=offering.pk).exists()


def test_a_profile_reports_every_problem_at_once(owner):
    with pytest.raises(ValidationError) as caught:
        services.register_organisation(
            created_by=owner,
            fields={
                "name": "",
                "kind": "club",
                "description": "",
                "website": "kein-link",
                "phone": "\x00",
            },
        )
    assert set(caught.value.message_dict) == {"name", "description", "website", "phone"}
    assert not Organisation.objects.filter(created_by=owner).exists()


def test_the_error_summary_links_to_each_field_and_keeps_the_values(client_a, owner):
    client_a.force_login(owner)
    response = client_a.post(
        "/directory/register/",
        {
            "name": "",
            "kind": "club",
            "description": "",
            "website": "kein-link",
            "address": "Am Markt 3",
        },
    )
    body = response.content.decode()
    assert "data-error-summary" in body and 'tabindex="-1"' in body
    assert "Please check what you entered" in body
    assert 'href="#id_name"' in body and 'href="#id_description"' in body
    assert "portal/error_summary.js" in body
    assert 'value="Am Markt 3"' in body


def test_a_refused_removal_is_said_on_the_profile_not_a_server_error(
    client_a, cafe, owner, monkeypatch
):
    # given the removal refuses (the service's ValidationError, e.g. a rule added later)
    offering = cafe.offerings.get()

    def refuse(**kwargs):
        raise ValidationError("This offering cannot be removed now.")

    monkeypatch.setattr(services, "remove_offering", refuse)
    client_a.force_login(owner)
    path = f"/directory/o/{cafe.slug}/offerings/{offering.public_id}/remove/"
    # when the owner confirms
    response = client_a.post(path, follow=True)
    # then they are back on the profile with the reason, and the offering is still there
    assert response.status_code == 200
    assert "This offering cannot be removed now." in response.content.decode()
    assert Offering.objects.filter(pk=offering.pk).exists()
