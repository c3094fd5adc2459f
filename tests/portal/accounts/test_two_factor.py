"""Two-step log-in (TOTP) with real codes computed from the device's key: required for
operators, available to everyone in a town, required for administrators where the town
says so; a password alone never replaces or removes the authenticator."""

from __future__ import annotations

import re
import time
from base64 import b32encode
from datetime import timedelta
from html import unescape
from urllib.parse import unquote

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import tenant_context

from portal.accounts import two_factor
from portal.accounts.models import AuditEntry, User
from tests.conftest import TownClient
from tests.factories import PASSWORD, UserFactory
from tests.factories.two_factor import give_totp_device, pass_second_step, totp_code

pytestmark = pytest.mark.django_db

OPERATOR = "olga@lq.example"


def _log_in(client: TownClient, path: str, email: str) -> None:
    response = client.post(path, {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]


def _device_from_setup_page(html: str) -> tuple[str, str]:
    """The key shown to type into the app, and the otpauth address."""
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', html)
    uri = re.search(r'href="(otpauth://[^"]+)"', html)
    assert secret and uri, html
    return secret.group(1).replace(" ", ""), unescape(uri.group(1))


# --- operators -------------------------------------------------------------------------


def test_an_operator_sets_it_up_at_the_first_login_and_needs_a_code_after(
    public_client, in_public
) -> None:
    public_client.cookies["django_language"] = "en"
    User.objects.create_user(OPERATOR, PASSWORD, full_name="Olga", is_staff=True)
    # when an operator logs in with the password for the first time
    _log_in(public_client, "/login/", OPERATOR)
    # then every operator page (and the API) sends her to set up the second step first
    response = public_client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    api = public_client.get("/api/v1/towns/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "two_factor_required"
    # when she opens the setup page, it shows a key and an otpauth address for her app
    page = public_client.get(response["Location"])
    secret, uri = _device_from_setup_page(page.text)
    assert unquote(uri).startswith("otpauth://totp/LQ:olga@lq.example?")
    assert f"secret={secret}" in uri
    device = TOTPDevice.objects.get(user__email=OPERATOR, confirmed=False)
    # a wrong code is refused
    wrong = public_client.post(response["Location"], {"code": "000000"})
    assert wrong.status_code == 200 and "not right" in wrong.text
    # and the code her app shows turns it on and lets her in
    done = public_client.post(response["Location"], {"code": totp_code(device)})
    assert done.status_code == 302 and done["Location"] == "/"
    assert public_client.get("/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="two_factor_enabled").exists()

    # when she logs in again later, the password is followed by the code page
    public_client.post("/logout/")
    _log_in(public_client, "/login/", OPERATOR)
    response = public_client.get("/")
    assert response["Location"].startswith("/accounts/two-factor/code/")
    # the code that was used once does not work twice; the next one does
    assert (
        public_client.post("/accounts/two-factor/code/", {"code": totp_code(device)}).status_code
        == 200
    )
    # (a wrong try slows the next one down: half a minute later the next code works)
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        ok = public_client.post("/accounts/two-factor/code/?next=/", {"code": totp_code(device)})
        assert ok.status_code == 302 and ok["Location"] == "/"
        assert public_client.get("/").status_code == 200


def test_the_code_page_refuses_bad_input_without_letting_anyone_in(
    public_client, in_public
) -> None:
    public_client.cookies["django_language"] = "en"
    operator = User.objects.create_user(OPERATOR, PASSWORD, full_name="Olga", is_staff=True)
    give_totp_device(operator)
    _log_in(public_client, "/login/", OPERATOR)
    for bad in ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "<script>", "9" * 200]:
        response = public_client.post("/accounts/two-factor/code/", {"code": bad})
        assert response.status_code == 200, bad
        assert public_client.get("/").status_code == 302, bad


def test_an_operator_cannot_turn_it_off(public_client, in_public) -> None:
    operator = User.objects.create_user(OPERATOR, PASSWORD, full_name="Olga", is_staff=True)
    device = give_totp_device(operator)
    _log_in(public_client, "/login/", OPERATOR)
    pass_second_step(public_client, device)
    later = totp_code(device, at=time.time() + 30)
    response = public_client.post("/accounts/two-factor/", {"code": later})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=operator).exists()


# --- residents and administrators of a town ----------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(in_town_a, client_a) -> None:
    # Regression: the two-factor pages sent anonymous visitors to the login page without
    # `next=`, so after logging in they landed on the home page instead of this step.
    UserFactory(email="rosa@example.org")
    for path in ("/accounts/two-factor/", "/accounts/two-factor/setup/"):
        response = client_a.get(path)
        assert response.status_code == 302
        assert unquote(response["Location"]) == f"/accounts/login/?next={path}"
    response = client_a.post(
        "/accounts/login/?next=/accounts/two-factor/setup/",
        {"username": "rosa@example.org", "password": PASSWORD},
    )
    assert response["Location"] == "/accounts/two-factor/setup/"


def test_a_resident_without_it_is_not_asked(in_town_a, client_a) -> None:
    UserFactory(email="rosa@example.org")
    _log_in(client_a, "/accounts/login/", "rosa@example.org")
    assert client_a.get("/accounts/profile/").status_code == 200


def test_a_resident_turns_it_on_in_the_profile_and_then_needs_a_code(in_town_a, client_a) -> None:
    user = UserFactory(email="rosa@example.org")
    _log_in(client_a, "/accounts/login/", "rosa@example.org")
    assert "/accounts/two-factor/" in client_a.get("/accounts/profile/").text
    page = client_a.get("/accounts/two-factor/setup/")
    secret, _uri = _device_from_setup_page(page.text)
    device = TOTPDevice.objects.get(user=user)
    # (the key shown is the device's: an app fed with it computes the same codes)
    assert secret == b32encode(device.bin_key).decode().rstrip("=")
    assert (
        client_a.post("/accounts/two-factor/setup/", {"code": totp_code(device)}).status_code == 302
    )
    client_a.post("/accounts/logout/")
    _log_in(client_a, "/accounts/login/", "rosa@example.org")
    response = client_a.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/code/")
    # and she may turn it off again with a current code
    pass_second_step(
        client_a, TOTPDevice.objects.get(user=user, confirmed=True), at=time.time() + 30
    )
    later = totp_code(device, at=time.time() + 60)
    assert client_a.post("/accounts/two-factor/", {"code": later}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_password_alone_cannot_replace_or_remove_the_authenticator(in_town_a, client_a) -> None:
    # given someone who learnt a resident's password, not her phone
    user = UserFactory(email="rosa@example.org")
    device = give_totp_device(user)
    _log_in(client_a, "/accounts/login/", "rosa@example.org")
    # when they try to set up their own app, or turn the second step off
    setup = client_a.get("/accounts/two-factor/setup/")
    off = client_a.post("/accounts/two-factor/", {"code": "123456"})
    # then they are sent to the code page, and the resident's device stays hers alone
    assert setup.status_code == 302 and "/two-factor/code/" in setup["Location"]
    assert off.status_code == 200
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_a_town_that_requires_it_sends_administrators_to_set_it_up(in_town_a, client_a) -> None:
    # given an administrator who switches the rule on in the console's security settings
    admin = UserFactory(email="chef@alpha.example", town_admin=True)
    _log_in(client_a, "/accounts/login/", "chef@alpha.example")
    response = client_a.post("/manage/security/", {"admins_need_two_factor": "on"})
    assert response.status_code == 302
    assert two_factor.admins_need_two_factor()
    assert AuditEntry.objects.filter(action="two_factor_policy_changed", actor=admin).exists()
    # then (without a device) the console sends administrators to set one up
    response = client_a.get("/manage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    # and so do the moderation pages and the API, which an administrator's powers reach too
    response = client_a.get("/exchange/moderation/")
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    assert client_a.get("/api/v1/exchange/account/").status_code == 403
    # but their own account pages stay open, to set it up
    assert client_a.get("/accounts/profile/").status_code == 200
    client_a.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=admin)
    client_a.post("/accounts/two-factor/setup/", {"code": totp_code(device)})
    assert client_a.get("/manage/").status_code == 200
    # and it cannot be turned off while the town requires it
    later = totp_code(device, at=time.time() + 30)
    client_a.post("/accounts/two-factor/", {"code": later})
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_the_rule_of_one_town_does_not_bind_another(town_a, town_b, client_b) -> None:
    with tenant_context(town_a):
        two_factor.set_admins_need_two_factor(
            required=True, changed_by=UserFactory(town_admin=True)
        )
    with tenant_context(town_b):
        UserFactory(email="chef@beta.example", town_admin=True)
        assert not two_factor.admins_need_two_factor()
    _log_in(client_b, "/accounts/login/", "chef@beta.example")
    assert client_b.get("/manage/").status_code == 200


def test_only_administrators_change_the_rule(in_town_a, client_a) -> None:
    UserFactory(email="mod@alpha.example", moderator=True)
    _log_in(client_a, "/accounts/login/", "mod@alpha.example")
    client_a.post("/manage/security/", {"admins_need_two_factor": "on"})
    assert not two_factor.admins_need_two_factor()
