"""Registration under each residency policy, and every kind of bad input (no account made)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import Invitation, Role, User
from tests.factories import UserFactory
from tests.portal.accounts.accounts_testkit import STRONG_PASSWORD, link_in

pytestmark = pytest.mark.django_db


def form(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Erika Haug",
        "email": "erika@example.org",
        "password": STRONG_PASSWORD,
        "postcode": "71263",
        "district": "Nord",
    }
    data.update(overrides)
    return data


# --- happy paths per policy -------------------------------------------------------------


def test_open_town_registers_logs_in_and_mails_a_link(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    # given the default policy "open"
    assert in_town_a.residency_policy == "open"
    # when someone registers (postcode of another town is fine here)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/accounts/register/", form(postcode="10115"))
    # then the account exists, active but unconfirmed, with the resident role
    assert response.status_code == 302
    user = User.objects.get(email="erika@example.org")
    assert user.status == User.Status.ACTIVE
    assert user.email_verified_at is None
    assert user.roles == [Role.RESIDENT]
    assert (user.postcode, user.district) == ("10115", "Nord")
    assert user.check_password(STRONG_PASSWORD)
    # and they are logged in, and a branded verification link went to them
    me = client_a.get("/api/v1/me/").json()
    assert me["id"] == str(user.public_id) and me["can_participate"] is False
    assert [m.to for m in mail.outbox] == [["erika@example.org"]]
    assert "Alpha" in mail.outbox[0].subject
    assert link_in(mail.outbox[0]).startswith("http://alpha.lq.test/accounts/verify/")


def test_email_is_stored_in_lower_case(in_town_a, client_a) -> None:
    client_a.post("/accounts/register/", form(email="Erika.Haug@Example.ORG"))
    assert User.objects.filter(email="erika.haug@example.org").exists()


def test_postcode_town_accepts_its_own_postcode(set_policy, client_a) -> None:
    set_policy("postcode")
    response = client_a.post("/accounts/register/", form(postcode="71263"))
    assert response.status_code == 302
    assert User.objects.get(email="erika@example.org").postcode == "71263"


def test_invitation_town_accepts_a_valid_code_and_counts_its_use(set_policy, client_a) -> None:
    # given an invitation town and a code for two people
    set_policy("invitation")
    invitation = services.create_invitation(
        created_by=UserFactory(moderator=True), max_uses=2, days_valid=10
    )
    # when one person registers with it
    response = client_a.post("/accounts/register/", form(invitation_code=invitation.code))
    # then the account exists and the code has one use left
    assert response.status_code == 302
    assert User.objects.filter(email="erika@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.used_count == 1 and invitation.is_usable


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: f"  {code}  ",
        lambda code: f"{code[:4]} {code[4:8]} {code[8:]}".lower(),
    ],
)
def test_invitation_code_is_accepted_however_it_is_typed(set_policy, client_a, typed) -> None:
    # given an invitation code, read out on the phone / when it is typed in small letters or
    # with spaces
    set_policy("invitation")
    invitation = services.create_invitation(created_by=UserFactory(moderator=True))
    response = client_a.post("/accounts/register/", form(invitation_code=typed(invitation.code)))
    # then it works and counts its use
    assert response.status_code == 302
    assert User.objects.filter(email="erika@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.used_count == 1


def test_a_code_made_before_matches_in_any_case(set_policy, client_a) -> None:
    # given an older code with small letters (codes used to be mixed case)
    set_policy("invitation")
    invitation = services.create_invitation(created_by=UserFactory(moderator=True))
    Invitation.objects.filter(pk=invitation.pk).update(code="aBc-dEf_9")
    # when it is typed in capitals / then it is accepted
    response = client_a.post("/accounts/register/", form(invitation_code="ABC-DEF_9"))
    assert response.status_code == 302


def test_used_up_invitation_code_is_refused(set_policy, client_a) -> None:
    # given a one-time code that has been used
    set_policy("invitation")
    invitation = services.create_invitation(created_by=UserFactory(town_admin=True), max_uses=1)
    assert (
        client_a.post(
            "/accounts/register/", form(email="first@example.org", invitation_code=invitation.code)
        ).status_code
        == 302
    )
    client_a.logout()
    client_a.cookies["django_language"] = "en"
    # when a second person tries it
    response = client_a.post(
        "/accounts/register/", form(email="second@example.org", invitation_code=invitation.code)
    )
    # then they get a clear message and no account; the count stays at one
    assert response.status_code == 200
    assert "not valid, has been used up or has expired" in response.text
    assert not User.objects.filter(email="second@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.used_count == 1


def test_expired_invitation_code_is_refused(set_policy, client_a) -> None:
    set_policy("invitation")
    invitation = services.create_invitation(
        created_by=UserFactory(moderator=True), max_uses=5, days_valid=1
    )
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = client_a.post("/accounts/register/", form(invitation_code=invitation.code))
    assert response.status_code == 200
    assert "has expired" in response.text
    assert not User.objects.filter(email="erika@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.used_count == 0


@pytest.mark.parametrize("code", ["", "   ", "no-such-code", "x" * 40])
def test_invalid_invitation_code_is_refused(set_policy, client_a, code: str) -> None:
    set_policy("invitation")
    Invitation.objects.create(code="real-code", expires_at=timezone.now() + timedelta(days=1))
    response = client_a.post("/accounts/register/", form(invitation_code=code))
    assert response.status_code == 200
    assert 'id="id_invitation_code_error"' in response.text
    assert not User.objects.filter(email="erika@example.org").exists()


def test_approval_town_registers_a_pending_user_who_is_logged_in(set_policy, client_a) -> None:
    # given a town where a moderator approves each account
    set_policy("approval")
    # when someone registers
    response = client_a.post("/accounts/register/", form())
    # then they are pending, logged in, and told so on every page
    assert response.status_code == 302
    user = User.objects.get(email="erika@example.org")
    assert user.status == User.Status.PENDING
    me = client_a.get("/api/v1/me/").json()
    assert me["status"] == "pending" and me["can_participate"] is False
    assert "waiting for approval" in client_a.get("/me/").text


def test_registration_page_explains_the_policy(set_policy, client_a) -> None:
    set_policy("postcode")
    page = client_a.get("/accounts/register/")
    assert page.status_code == 200
    assert "71263" in page.text
    assert 'name="invitation_code"' not in page.text
    set_policy("invitation")
    assert 'name="invitation_code"' in client_a.get("/accounts/register/").text


# --- bad input: a clear message and no account ------------------------------------------


def test_duplicate_email_in_other_case_is_refused(in_town_a, client_a) -> None:
    UserFactory(email="erika@example.org")
    response = client_a.post("/accounts/register/", form(email="ERIKA@Example.org"))
    assert response.status_code == 200
    assert "already exists" in response.text
    assert User.objects.filter(email__iexact="erika@example.org").count() == 1
    assert mail.outbox == []


def test_same_email_in_another_town_is_no_duplicate(in_town_a, client_a, client_b, town_b) -> None:
    from django_tenants.utils import tenant_context

    with tenant_context(town_b):
        UserFactory(email="erika@example.org")
    response = client_a.post("/accounts/register/", form())
    assert response.status_code == 302
    assert User.objects.filter(email="erika@example.org").count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kurz-7", "too short"),
        ("12345678901234", "entirely numeric"),
        ("password1234", "too common"),
        ("erika@example.org", "too similar"),
        ("", "This field is required"),
    ],
)
def test_weak_password_is_refused(in_town_a, client_a, password: str, message: str) -> None:
    response = client_a.post("/accounts/register/", form(password=password))
    assert response.status_code == 200
    assert message in response.text
    assert not User.objects.filter(email="erika@example.org").exists()


def test_postcode_outside_the_town_is_refused(set_policy, client_a) -> None:
    set_policy("postcode")
    response = client_a.post("/accounts/register/", form(postcode="88999"))
    assert response.status_code == 200
    assert "Registration is open to residents of Alpha only (postcodes 71263)" in response.text
    assert not User.objects.filter(email="erika@example.org").exists()


@pytest.mark.parametrize("postcode", ["", "7126", "712634", "abcde"])
def test_missing_or_malformed_postcode_is_refused(set_policy, client_a, postcode: str) -> None:
    set_policy("postcode")
    response = client_a.post("/accounts/register/", form(postcode=postcode))
    assert response.status_code == 200
    assert 'id="id_postcode_error"' in response.text
    assert not User.objects.filter(email="erika@example.org").exists()


@pytest.mark.parametrize("name", ["", "   "])
def test_empty_name_is_refused(in_town_a, client_a, name: str) -> None:
    response = client_a.post("/accounts/register/", form(full_name=name))
    assert response.status_code == 200
    assert 'id="id_full_name_error"' in response.text
    assert not User.objects.filter(email="erika@example.org").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("full_name", "E" * 121),
        ("email", "e" * 245 + "@example.org"),
        ("password", "Lindenbaum-" * 20),
    ],
)
def test_overlong_fields_are_refused(in_town_a, client_a, field: str, value: str) -> None:
    response = client_a.post("/accounts/register/", form(**{field: value}))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text
    assert User.objects.count() == 1  # only the town's administrator


def test_district_that_is_not_the_towns_is_refused(in_town_a, client_a) -> None:
    response = client_a.post("/accounts/register/", form(district="Ost"))
    assert response.status_code == 200
    assert not User.objects.filter(email="erika@example.org").exists()


def test_service_refuses_bad_input_from_api_callers_field_by_field(in_town_a) -> None:
    # given input that never went through the form
    # when the service is called directly
    with pytest.raises(ValidationError) as caught:
        services.register_resident(
            email="not-an-address",
            password="123",
            full_name="N" * 200,
            postcode="1",
            district="Atlantis",
            language="xx",
        )
    # then every problem is named at once and nothing is stored
    assert set(caught.value.message_dict) == {
        "email",
        "password",
        "full_name",
        "postcode",
        "district",
    }
    assert User.objects.count() == 1


def test_markup_in_name_is_inert_in_pages_and_emails(
    in_town_a, client_a, django_capture_on_commit_callbacks
) -> None:
    # given a name with markup
    name = '<script>alert("x")</script><b>Erika</b>'
    # when they register and look at their profile
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post("/accounts/register/", form(full_name=name))
    page = client_a.get("/accounts/profile/")
    # then the name is kept as typed but shown as text, in pages and e-mails
    assert User.objects.get(email="erika@example.org").full_name == name
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<b>Erika" not in page.text
    assert "&lt;script&gt;" in page.text
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "<b>Erika" not in html
    assert "&lt;script&gt;alert" in html


def test_logged_in_person_is_sent_home_from_registration(in_town_a, client_a) -> None:
    client_a.force_login(UserFactory())
    assert client_a.get("/accounts/register/").status_code == 302
