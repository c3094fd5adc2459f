"""Invitations: created with uses and validity, listed with their usage, revoked."""

from __future__ import annotations

import pytest

from portal.accounts.models import AuditEntry, Invitation, User
from tenants.models import Town
from tenants.routing import forget_towns

pytestmark = pytest.mark.django_db


def test_create_and_list_an_invitation(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    response = client_a.post(
        "/manage/invitations/", {"max_uses": 3, "days_valid": 14, "note": "Seniorentreff"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.max_uses, invitation.note, invitation.created_by) == (
        3,
        "Seniorentreff",
        admin_a,
    )
    html = client_a.get("/manage/invitations/").content.decode()
    assert invitation.code in html and "0 of 3" in html and "Seniorentreff" in html


@pytest.mark.parametrize(
    "data",
    [
        {"max_uses": 0, "days_valid": 10},
        {"max_uses": 1001, "days_valid": 10},
        {"max_uses": 1, "days_valid": 0},
        {"max_uses": 1, "days_valid": 400},
        {"max_uses": "many", "days_valid": 10},
    ],
)
def test_bad_invitation_input_is_refused(admin_a, client_a, data: dict[str, object]) -> None:
    client_a.force_login(admin_a)
    response = client_a.post("/manage/invitations/", data)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_revoked_invitation_no_longer_lets_people_register(
    admin_a, client_a, town_a, in_town_a
) -> None:
    # given an invitation town and a code
    Town.objects.filter(pk=town_a.pk).update(residency_policy="invitation")
    in_town_a.residency_policy = "invitation"
    forget_towns()
    client_a.force_login(admin_a)
    client_a.post("/manage/invitations/", {"max_uses": 5, "days_valid": 30})
    invitation = Invitation.objects.get()
    # when the administrator revokes it
    response = client_a.post(f"/manage/invitations/{invitation.code}/revoke/")
    # then it is unusable, audited and shown as ended
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert not invitation.is_usable
    assert AuditEntry.objects.filter(action="invitation_revoked").exists()
    assert "ended" in client_a.get("/manage/invitations/").content.decode()
    # and registering with it is refused
    client_a.logout()
    refused = client_a.post(
        "/accounts/register/",
        {
            "full_name": "Erika Haug",
            "email": "erika@example.org",
            "password": "Lindenbaum-am-Brunnen-7",
            "invitation_code": invitation.code,
        },
    )
    assert refused.status_code == 200
    assert not User.objects.filter(email="erika@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.used_count == 0


def test_unknown_invitation_code_is_404(admin_a, client_a) -> None:
    client_a.force_login(admin_a)
    assert client_a.post("/manage/invitations/nope/revoke/").status_code == 404
