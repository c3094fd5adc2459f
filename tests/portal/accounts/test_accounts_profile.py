"""The profile page: what people may change about themselves, and what they may not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from portal.accounts import services
from portal.accounts.models import Role, User
from tests.factories import PASSWORD, UserFactory
from tests.portal.accounts.accounts_testkit import link_in, mails_to, path_of

pytestmark = pytest.mark.django_db


def profile_form(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Erika Haug-Maier",
        "phone": "07033 12345",
        "postcode": "71263",
        "district": "Süd",
        "language": "en",
    }
    data.update(overrides)
    return data


def test_profile_needs_login(in_town_a, client_a) -> None:
    response = client_a.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_profile_shows_roles_in_words_and_the_address(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory(email="erika@example.org", provider=True))
    page = client_a.get("/accounts/profile/")
    assert page.status_code == 200
    assert "erika@example.org" in page.text
    assert "Provider (business)" in page.text and "town_admin" not in page.text
    assert 'name="email"' not in page.text and 'name="roles"' not in page.text


def test_profile_edit_saves_the_details(in_town_a, client_a) -> None:
    # given a resident
    user = UserFactory(email="erika@example.org", full_name="Erika Haug")
    client_a.force_login(user)
    # when they change their details
    response = client_a.post("/accounts/profile/", profile_form())
    # then they are saved
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.postcode, user.district, user.language) == (
        "Erika Haug-Maier",
        "07033 12345",
        "71263",
        "Süd",
        "en",
    )


def test_profile_cannot_change_roles_status_or_address(in_town_a, client_a) -> None:
    user = UserFactory(email="erika@example.org", pending=True)
    client_a.force_login(user)
    client_a.post(
        "/accounts/profile/",
        profile_form(roles="town_admin", status="active", email="evil@example.org"),
    )
    user.refresh_from_db()
    assert user.roles == [Role.RESIDENT]
    assert user.status == User.Status.PENDING
    assert user.email == "erika@example.org"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", ""),
        ("full_name", "N" * 121),
        ("postcode", "1234"),
        ("district", "Ost"),
        ("phone", "1" * 41),
        ("language", "fr"),
    ],
)
def test_profile_refuses_bad_input_and_changes_nothing(
    in_town_a, client_a, field: str, value: str
) -> None:
    user = UserFactory(email="erika@example.org", full_name="Erika Haug")
    client_a.force_login(user)
    response = client_a.post("/accounts/profile/", profile_form(**{field: value}))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    user.refresh_from_db()
    assert user.full_name == "Erika Haug" and user.postcode == "" and user.district == ""


def test_update_profile_service_refuses_a_foreign_district(in_town_a) -> None:
    user = UserFactory(full_name="Erika Haug")
    with pytest.raises(ValidationError) as caught:
        services.update_profile(user=user, full_name="Erika", district="Ost")
    assert "district" in caught.value.message_dict
    user.refresh_from_db()
    assert user.full_name == "Erika Haug"


def test_change_email_page_moves_the_account_and_asks_for_confirmation(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    # given a confirmed resident
    user = UserFactory(email="erika@example.org")
    client_a.force_login(user)
    # when they change their address with their password
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            "/accounts/profile/email/", {"new_email": "Erika@New.example", "password": PASSWORD}
        )
    # then the account has the new address, unconfirmed, and a link went to it
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "erika@new.example" and user.email_verified_at is None
    assert mails_to("erika@example.org") == []
    assert client_a.post(path_of(link_in(mails_to("erika@new.example")[0]))).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_change_email_page_refuses_a_wrong_password(in_town_a, client_a) -> None:
    user = UserFactory(email="erika@example.org")
    client_a.force_login(user)
    response = client_a.post(
        "/accounts/profile/email/", {"new_email": "new@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "The password is not right" in response.text
    user.refresh_from_db()
    assert user.email == "erika@example.org"


def test_the_mail_for_a_changed_address_does_not_thank_for_registering(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    # given a resident who changes their address
    user = UserFactory(email="erika@example.org")
    client_a.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(
            "/accounts/profile/email/", {"new_email": "erika@new.example", "password": PASSWORD}
        )
    # then the mail says the address was changed, in text and HTML
    message = mails_to("erika@new.example")[0]
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    for text in (message.body, html):
        assert "for registering" not in text
        assert "changed your e-mail address" in text
